// The readers of bench/sse-readers.ts, in a worker thread of their own: readers are other machines, so their
// sockets and frame parsing must not hold the event loop of the server they measure (in the bench's own
// thread, 1,000 readers parsing each version's frame stalled it for 50–200 ms at a time, which the policy
// bench then counted against the writes). Plain JavaScript: a worker thread does not inherit tsx's loader on
// Node 20.
//   workerData: { base, auth, from, count }
//   → parent: { connected } as streams open; { seen: [[reader, version, epoch ms, bytes], …] } in batches;
//     { closed: true } once told 'close' and every stream has ended
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';

const { base, auth, from, count } = workerData;
const url = new URL(`${base}/api/v1/terminal/events?from=${from}`);
/** How much of a frame is kept: `event: delta\ndata: {"from":…,"version":…,` fits in it. */
const HEAD_BYTES = 256;
const NEWLINE = 10;
/** At most this many connections being opened at once: the server's listen backlog is 511. */
const OPENING = 200;

const requests = [];
let connected = 0;
let batch = [];
let flushing = false;

const now = () => performance.timeOrigin + performance.now();

/** Sends what arrived in this turn of the event loop as one message, not one per frame per reader. */
function report(entry) {
  batch.push(entry);
  if (flushing) return;
  flushing = true;
  setImmediate(() => {
    parentPort.postMessage({ seen: batch });
    batch = [];
    flushing = false;
  });
}

function open(reader) {
  return new Promise((resolve) => {
    const request = http.get(url, { headers: { authorization: auth, accept: 'text/event-stream' }, agent: false }, (res) => {
      resolve();
      if (res.statusCode !== 200) {
        res.resume();
        return;
      }
      parentPort.postMessage({ connected: ++connected });
      let head = '';
      let size = 0;
      let lastWasNewline = false;
      res.on('data', (bytes) => {
        let start = 0;
        for (let i = bytes.indexOf(NEWLINE); ; i = bytes.indexOf(NEWLINE, i + 1)) {
          // A frame ends at the second of two newlines in a row (no SSE field here holds a blank line).
          const end = i < 0 ? bytes.length : i + 1;
          if (head.length < HEAD_BYTES) head += bytes.toString('latin1', start, Math.min(end, start + HEAD_BYTES - head.length));
          if (i < 0) {
            size += bytes.length - start;
            lastWasNewline = bytes.length > start ? false : lastWasNewline;
            break;
          }
          const frameEnds = i === start && lastWasNewline;
          size += end - start;
          start = end;
          lastWasNewline = !frameEnds;
          if (!frameEnds) continue;
          const version = /^event: delta\ndata: .*?"version":(\d+)/.exec(head)?.[1];
          if (version !== undefined) report([reader, Number(version), now(), size]);
          head = '';
          size = 0;
        }
      });
      // A stream that fails is a reader that never receives: it shows as missed, and the bench goes on.
      res.on('error', () => undefined);
    });
    request.on('error', () => resolve());
    requests.push(request);
  });
}

parentPort.on('message', (message) => {
  if (message !== 'close') return;
  for (const request of requests) request.destroy();
  setImmediate(() => parentPort.postMessage({ closed: true }));
});

for (let next = 0; next < count; next += OPENING) {
  await Promise.all(Array.from({ length: Math.min(OPENING, count - next) }, (_, i) => open(next + i)));
}
