// Simulated readers on the push stream (GET /api/v1/terminal/events) for benchmarks that must survive big
// frames: each reader scans the bytes for frame ends and keeps only a frame's first bytes (event name and
// version), so that a delta of tens of megabytes sent to a thousand readers does not have to be held a
// thousand times in the bench's memory. A frame counts as received when its last byte has arrived. The
// readers run in a worker thread (sse-readers-worker.mjs), apart from the server's event loop.
// (benchPush in system.bench.ts parses and decodes whole frames: its deltas are a few bytes.)
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';

export interface DeltaSeen {
  version: number;
  /** performance.now() (of this thread) when the frame's last byte arrived. */
  at: number;
  /** The whole frame's size in bytes, as sent (base64 and framing included). */
  bytes: number;
}

export interface HeldReaders {
  /** Every delta frame each reader received, in order. */
  seen: DeltaSeen[][];
  connected(): number;
  /** Hangs every reader up and waits for their streams to end. */
  close(): Promise<void>;
}

/**
 * Opens `count` push streams as one enrolled terminal at list version `from`.
 * @example const readers = holdReaders({ base, auth, from: publisher.version, count: 1000 });
 */
export function holdReaders(o: { base: string; auth: string; from: number; count: number }): HeldReaders {
  const seen = Array.from({ length: o.count }, (): DeltaSeen[] => []);
  let connected = 0;
  const worker = new Worker(new URL('./sse-readers-worker.mjs', import.meta.url), { workerData: o });
  const closed = new Promise<void>((resolve) => {
    worker.on('message', (m: { connected?: number; seen?: Array<[number, number, number, number]>; closed?: boolean }) => {
      if (m.connected !== undefined) connected = m.connected;
      // Both threads read one clock: the worker's epoch ms, here on this thread's performance.now() scale.
      for (const [reader, version, at, bytes] of m.seen ?? []) seen[reader]!.push({ version, at: at - performance.timeOrigin, bytes });
      if (m.closed) resolve();
    });
  });
  return {
    seen,
    connected: () => connected,
    async close() {
      worker.postMessage('close');
      await closed;
      await worker.terminate();
    },
  };
}
