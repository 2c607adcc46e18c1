// A steady stream of real holder writes for benchmarks that ask whether something stalls writes: each of
// `writers` holders in turn upgrades a fresh card through POST /api/v1/kit/cards (a binding, an agreement
// acceptance and a change-log row in one store transaction), waits for the answer, pauses, and goes on.
// One write in flight per writer, so a stalled store shows as one long write, not a pile of them.
import { performance } from 'node:perf_hooks';
import { sleep } from './system.bench.ts';

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
  /** True once every prepared [token, card] has been used. */
  exhausted(): boolean;
  /** Sends no more, and resolves once the writes in flight are answered. */
  stop(): Promise<void>;
}

/**
 * Starts upgrading: jobs are [holder session token, unbound card number], as holdersWithCards() makes them.
 * @example const writes = writeStream({ base, jobs, writers: 2, pauseMs: 50 }); …; await writes.stop();
 */
export function writeStream(o: { base: string; jobs: Array<[string, string]>; writers: number; pauseMs: number }): WriteStream {
  const writes: TimedWrite[] = [];
  let next = 0;
  let refused = 0;
  let failed = 0;
  let stopped = false;
  const running = Array.from({ length: o.writers }, async () => {
    while (!stopped && next < o.jobs.length) {
      const [token, cardNumber] = o.jobs[next++]!;
      const start = performance.now();
      try {
        const res = await fetch(`${o.base}/api/v1/kit/cards`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ cardNumber, medium: 'physical', agreementVersion: 1 }),
        });
        await res.text();
        if (res.status === 201) writes.push({ start, end: performance.now() });
        else refused++;
      } catch {
        // A kept-alive socket the server closed while the one event loop the bench shares with it was
        // blocked: both timers fire late and race. It waited all the same: timed until it failed, and counted.
        writes.push({ start, end: performance.now() });
        failed++;
      }
      await sleep(o.pauseMs);
    }
  });
  return {
    startedAt: performance.now(),
    writes,
    refused: () => refused,
    failed: () => failed,
    exhausted: () => next >= o.jobs.length,
    async stop() {
      stopped = true;
      await Promise.all(running);
    },
  };
}
