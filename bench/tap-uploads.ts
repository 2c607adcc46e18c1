// Tap uploads as readers send them, for the benches that load POST /api/v1/terminal/taps (system, upgrades,
// postgres): the bodies, and the worker thread that sends them (readers are other machines, so their JSON
// and HTTP work stays off the server's event loop).
import { Worker } from 'node:worker_threads';

/** Taps per upload. */
export const TAP_BATCH = 500;

/** 32 hex digits, as readers make them; unique per (run, batch, index). */
export function tapId(run: number, b: number, i: number): string {
  return run.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0') + i.toString(16).padStart(16, '0');
}

/** The card key of tap `i` of batch `b`: every tap its own card. */
export const tapCardKey = (b: number, i: number): string => (b * TAP_BATCH + i).toString(16).padStart(16, '0');

/** `batches` upload bodies of TAP_BATCH taps each, with tap ids unique to `run`. */
export function tapUploadBodies(run: number, batches: number): string[] {
  const now = Date.now();
  return Array.from({ length: batches }, (_, b) =>
    JSON.stringify({
      batchId: `bench-${run}-${b}`,
      taps: Array.from({ length: TAP_BATCH }, (_, i) => ({ tapId: tapId(run, b, i), cardKey: tapCardKey(b, i), decision: 'PASS', at: now - 60_000 + i, listVersion: 1, online: false })),
      annulments: [],
    }),
  );
}

/** Sends `bodies` to `url` from a worker thread, `inFlight` at a time; resolves with the taps stored and the seconds it took. */
export function uploadTaps(o: { url: string; auth: string; bodies: string[]; inFlight: number }): Promise<{ stored: number; seconds: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./upload-worker.mjs', import.meta.url), { workerData: o });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}
