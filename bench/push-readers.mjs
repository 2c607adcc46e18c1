// Simulated readers on the push stream (GET /api/v1/terminal/events) in a child process of their own, so
// that ten thousand of them fit: each socket is a file descriptor on both ends, and the open-file limit
// (20,000 here) is per process. Each reader parses every SSE frame and decodes the delta's bytes, as a
// reader does; the parent says which version to wait for and gets back, per reader, when it arrived.
// Plain JavaScript, started without tsx: its start-up and parsing should cost no more than they must.
//   parent → child: argv[2] = JSON { base, auth, from, count }; then { target: version, waitMs }
//   child → parent: { connected, failed } once every stream is open (or failed); { armed: true } once it waits
//   for the version (the parent makes the change only then: a delta parsed before would not count); then
//   { arrived: [epoch ms | null] } once every reader has it or waitMs has passed
import http from 'node:http';
import { performance } from 'node:perf_hooks';

const { base, auth, from, count } = JSON.parse(process.argv[2]);
const url = new URL(`${base}/api/v1/terminal/events?from=${from}`);
/** At most this many connections being opened at once: the server's listen backlog is 511. */
const OPENING = 200;

const arrived = new Array(count).fill(null);
const requests = [];
let target = Infinity;
let connected = 0;
let failed = 0;

const now = () => performance.timeOrigin + performance.now();

function open(reader) {
  return new Promise((resolve) => {
    const request = http.get(url, { headers: { authorization: auth, accept: 'text/event-stream' }, agent: false }, (res) => {
      if (res.statusCode !== 200) {
        failed++;
        res.resume();
        resolve();
        return;
      }
      connected++;
      resolve();
      res.setEncoding('latin1');
      let buffer = '';
      res.on('data', (chunk) => {
        buffer += chunk;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (!frame.startsWith('event: delta\n')) continue;
          const delta = JSON.parse(frame.slice(frame.indexOf('data: ') + 6));
          Buffer.from(delta.bytes, 'base64'); // a reader decodes the file it got
          if (delta.version >= target && arrived[reader] === null) arrived[reader] = now();
        }
      });
      res.on('error', () => undefined);
    });
    request.on('error', () => {
      failed++;
      resolve();
    });
    requests.push(request);
  });
}

let next = 0;
await Promise.all(
  Array.from({ length: Math.min(OPENING, count) }, async () => {
    while (next < count) await open(next++);
  }),
);
process.send({ connected, failed });

process.on('message', async (m) => {
  target = m.target;
  process.send({ armed: true });
  const until = Date.now() + m.waitMs;
  while (arrived.filter((x) => x !== null).length < connected && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 10));
  process.send({ arrived }, () => {
    for (const request of requests) request.destroy();
    process.exit(0);
  });
});
