// The tap-upload load generator for the ingest benchmark, in its own thread: readers are other machines,
// so their JSON and HTTP work should not share the server's event loop.
import { parentPort, workerData } from 'node:worker_threads';
import { send } from './http-client.mjs';

// Plain JavaScript: a worker thread does not inherit tsx's loader on Node 20.
const { url, auth, bodies, inFlight } = workerData;

let next = 0;
let stored = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: inFlight }, async () => {
    while (next < bodies.length) {
      const body = bodies[next++];
      const res = await send(url, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body });
      if (res.status !== 200) throw new Error(`taps refused: ${res.status} ${JSON.stringify(res.body)}`);
      stored += res.body.stored ?? 0;
    }
  }),
);
parentPort.postMessage({ stored, seconds: (performance.now() - started) / 1000 });
