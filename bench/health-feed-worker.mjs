// The health authority for health-feed.bench.ts, in its own thread: the authority is another machine, so
// building each batch's JSON, signing it and the HTTP client's work must not share the server's event loop.
import { createHmac } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { send } from './http-client.mjs';

// Plain JavaScript: a worker thread does not inherit tsx's loader on Node 20.
const { url, key, run, first, count, batch, inFlight, recordedAt } = workerData;
const hmacKey = Buffer.from(key, 'hex');

// Person i holds the Hong Kong/Macao permit H + i in 8 digits: the bench seeds the bound ones by the same rule.
const record = (i) => ({
  recordId: `${run}-${i}`,
  document: { type: 'hk-macao-permit', number: `H${String(i).padStart(8, '0')}` },
  colour: i % 7 === 0 ? 'yellow' : 'green',
  testedAt: recordedAt - 3_600_000,
  recordedAt,
});

let next = first;
const end = first + count;
const totals = { stored: 0, superseded: 0, rejected: 0 };
let lastAnswer = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: inFlight }, async () => {
    while (next < end) {
      const from = next;
      next = Math.min(end, next + batch);
      const records = [];
      for (let i = from; i < next; i++) records.push(record(i));
      const body = JSON.stringify({ records });
      const at = Date.now();
      const signature = `t=${at},v1=${createHmac('sha256', hmacKey).update(`${at}.${body}`).digest('hex')}`;
      const res = await send(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-ykt-signature': signature }, body });
      const answer = res.body;
      if (res.status !== 200) throw new Error(`health batch refused: ${res.status} ${JSON.stringify(answer)}`);
      totals.stored += answer.stored;
      totals.superseded += answer.superseded;
      totals.rejected += answer.rejected.length;
      // As ms since the epoch: this thread's performance.now() has its own origin.
      lastAnswer = performance.timeOrigin + performance.now();
    }
  }),
);
parentPort.postMessage({ ...totals, seconds: (performance.now() - started) / 1000, lastAnswer });
