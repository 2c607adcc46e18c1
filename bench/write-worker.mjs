// The holders' upgrades for write-stream.ts, in their own thread: holders are other machines, so a server
// event loop blocked for a minute must show as upgrades that wait a minute, not as a pause in sending them.
import { parentPort, workerData } from 'node:worker_threads';
import { send } from './http-client.mjs';

// Plain JavaScript: a worker thread does not inherit tsx's loader on Node 20.
const { base, jobs, writers, pauseMs } = workerData;

let next = 0;
let stopped = false;
parentPort.on('message', (message) => {
  if (message === 'stop') stopped = true;
});
// Times as milliseconds since the epoch (fractional): this thread's performance.now() has its own origin.
const now = () => performance.timeOrigin + performance.now();
await Promise.all(
  Array.from({ length: writers }, async () => {
    while (!stopped && next < jobs.length) {
      const [token, cardNumber] = jobs[next++];
      const start = now();
      let outcome;
      try {
        const res = await send(`${base}/api/v1/kit/cards`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ cardNumber, medium: 'physical', agreementVersion: 1 }),
        });
        outcome = res.status === 201 ? 'ok' : 'refused';
      } catch {
        // No answer (the connection failed): it waited all the same, and is timed until it failed.
        outcome = 'failed';
      }
      parentPort.postMessage({ start, end: now(), outcome });
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  }),
);
parentPort.postMessage({ done: true, exhausted: next >= jobs.length });
