// Holders' upgrades (and unbindings) for bench/upgrades.bench.ts, in their own thread: holders are other
// machines, so their HTTP and JSON work should not share the server's event loop.
//   mode 'once': every [token, card] upgrades once, `inFlight` at a time; posts { ok, seconds }.
//   mode 'loop': each [token, card] upgrades, unbinds and upgrades again until told 'stop'; posts { ok }.
//   mode 'read': every [token] reads My cards once (GET /api/v1/kit/cards), `inFlight` at a time; posts { ok, seconds }.
// `warmJobs` (once and read): run the same way first, unmeasured. A thread new to the measured run would
// spend it compiling its own HTTP client (V8's compiler threads are the process's, and take the server's
// cores): about 0.4 of a core, measured, through thousands of requests.
// `rounds` (once and read, default 1): the jobs in that many equal rounds, each posting { ok, seconds }; after
// the warm-up and after each round but the last, the thread posts 'ready' and waits for 'go' (the bench
// measures its baseline meanwhile, on a quiet server).
import { parentPort, workerData } from 'node:worker_threads';
import { send } from './http-client.mjs';

// Plain JavaScript: a worker thread does not inherit tsx's loader on Node 20.
const { base, jobs, mode, inFlight, warmJobs = [] } = workerData;
const body = (cardNumber) => JSON.stringify({ cardNumber, medium: 'physical', agreementVersion: 1 });

async function upgrade([token, cardNumber]) {
  const res = await send(`${base}/api/v1/kit/cards`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: body(cardNumber) });
  if (res.status !== 201) throw new Error(`upgrade refused: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.card.id;
}

async function unbind([token], bindingId) {
  const res = await send(`${base}/api/v1/kit/cards/${bindingId}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 204) throw new Error(`unbind refused: ${res.status}`);
}

async function read([token]) {
  const res = await send(`${base}/api/v1/kit/cards`, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`My cards refused: ${res.status} ${JSON.stringify(res.body)}`);
}

/** Runs `each` over every job, `inFlight` at a time; resolves with how many were answered. */
async function runAll(each, list) {
  let next = 0;
  let done = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < list.length) {
        await each(list[next++]);
        done++;
      }
    }),
  );
  return done;
}

const go = () => new Promise((resolve) => parentPort.once('message', resolve));

if (mode === 'once' || mode === 'read') {
  const each = mode === 'once' ? upgrade : read;
  await runAll(each, warmJobs);
  const rounds = workerData.rounds ?? 1;
  const perRound = Math.ceil(jobs.length / rounds);
  for (let r = 0; r < rounds; r++) {
    if (rounds > 1) {
      parentPort.postMessage('ready');
      await go();
    }
    const started = performance.now();
    const ok = await runAll(each, jobs.slice(r * perRound, (r + 1) * perRound));
    parentPort.postMessage({ ok, seconds: (performance.now() - started) / 1000 });
  }
} else {
  let ok = 0;
  let stopped = false;
  parentPort.on('message', (message) => {
    if (message === 'stop') stopped = true;
  });
  await Promise.all(
    jobs.map(async (job) => {
      while (!stopped) {
        await unbind(job, await upgrade(job));
        ok += 2;
      }
    }),
  );
  parentPort.postMessage({ ok });
}
