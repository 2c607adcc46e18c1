// A steady stream of real holder writes for benchmarks that ask whether something stalls writes: each of
// `writers` holders in turn upgrades a fresh card through POST /api/v1/kit/cards (a binding, an agreement
// acceptance and a change-log row in one store transaction), waits for the answer, pauses, and goes on
// (write-worker.mjs, in its own thread). One write in flight per writer, so a stalled store or event loop
// shows as one long write, not a pile of them.
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';

export interface TimedWrite {
  /** performance.now() when the request was sent and when its answer had arrived. */
  start: number;
  end: number;
}

export interface WriteStream {
  startedAt: number;
  /** The upgrades answered 201, and those that got no answer (timed until they failed), in that order. */
  writes: TimedWrite[];
  refused(): number;
  /** Requests that got no answer (the connection failed). */
  failed(): number;
  /** True once every prepared [token, card] had been used (known after stop()). */
  exhausted(): boolean;
  /** Sends no more, and resolves once the writes in flight are answered. */
  stop(): Promise<void>;
}

/**
 * Starts upgrading, from a worker thread: jobs are [holder session token, unbound card number], as
 * holdersWithCards() makes them. Times are this thread's performance.now().
 * @example const writes = writeStream({ base, jobs, writers: 2, pauseMs: 100 }); …; await writes.stop();
 */
export function writeStream(o: { base: string; jobs: Array<[string, string]>; writers: number; pauseMs: number }): WriteStream {
  const writes: TimedWrite[] = [];
  let refused = 0;
  let failed = 0;
  let exhausted = false;
  const worker = new Worker(new URL('./write-worker.mjs', import.meta.url), { workerData: o });
  const toHere = (epochMs: number) => epochMs - performance.timeOrigin;
  const done = new Promise<void>((resolve, reject) => {
    worker.on('message', (m: { start: number; end: number; outcome: 'ok' | 'refused' | 'failed' } | { done: true; exhausted: boolean }) => {
      if ('done' in m) {
        exhausted = m.exhausted;
        resolve();
        return;
      }
      if (m.outcome === 'refused') refused++;
      else writes.push({ start: toHere(m.start), end: toHere(m.end) });
      if (m.outcome === 'failed') failed++;
    });
    worker.once('error', reject);
  });
  return {
    startedAt: performance.now(),
    writes,
    refused: () => refused,
    failed: () => failed,
    exhausted: () => exhausted,
    async stop() {
      worker.postMessage('stop');
      await done;
      await worker.terminate();
    },
  };
}
