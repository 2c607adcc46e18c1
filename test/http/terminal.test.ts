// The terminal routes' answers as a reader or an HTTP cache sees them: list files are the stored bytes,
// unchanged, under their media type; the event stream is text/event-stream; and the API document declares
// a success answer for every terminal operation.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { issueEnrolment } from '../../src/services/operator/terminals.ts';
import { assertCoded } from '../support/fixtures.ts';
import { call, startSystem, type TestSystem } from '../support/system.ts';

let sys: TestSystem;
let credentials: string;

before(async () => {
  sys = await startSystem();
  await sys.app.parts.publisher.poke();
  await sys.app.parts.publisher.beat();
  const { token } = await issueEnrolment(sys.ctx, { kind: 'bus-validator', line: 'Bus 1', station: 'Tiananmen East' }, 'test');
  credentials = (await call(sys.base, 'POST', '/api/v1/terminal/enrol', { token })).body.credentials;
});
after(() => sys.stop());

test('a snapshot is sent as the stored bytes, as application/octet-stream, cacheable for good', async () => {
  const version = (await sys.ctx.store.lists.latestSnapshotVersion())!;
  const stored = (await sys.ctx.store.lists.getFile('snapshot', version, version))!;
  const response = await fetch(`${sys.base}/api/v1/terminal/lists/snapshot/${version}`);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'application/octet-stream');
  assert.equal(response.headers.get('etag'), `"snapshot-${version}-${version}"`);
  assert.match(response.headers.get('cache-control') ?? '', /immutable/);
  assert.deepEqual(new Uint8Array(await response.arrayBuffer()), stored);
});

test('the heartbeat is sent as the publisher signed it, as application/octet-stream', async () => {
  const response = await fetch(`${sys.base}/api/v1/terminal/lists/heartbeat`);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'application/octet-stream');
  assert.deepEqual(new Uint8Array(await response.arrayBuffer()), sys.app.parts.publisher.latestHeartbeat()!.bytes);
});

test('a list file that was never built answers LIST_NOT_FOUND as JSON', async () => {
  assertCoded(await call(sys.base, 'GET', '/api/v1/terminal/lists/delta/999998/999999'), 'LIST_NOT_FOUND');
});

test('the event stream is text/event-stream and opens with the latest heartbeat for a current reader', async () => {
  const controller = new AbortController();
  const response = await fetch(`${sys.base}/api/v1/terminal/events?from=${sys.app.parts.publisher.version}`, {
    headers: { authorization: `Bearer ${credentials}` },
    signal: controller.signal,
  });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'text/event-stream');
  const first = new TextDecoder().decode((await response.body!.getReader().read()).value);
  assert.match(first, /^event: heartbeat\n/);
  controller.abort();
});

test('a reader too far back for a chain of deltas is told to resync', async () => {
  const controller = new AbortController();
  const response = await fetch(`${sys.base}/api/v1/terminal/events?from=0`, { headers: { authorization: `Bearer ${credentials}` }, signal: controller.signal });
  const first = new TextDecoder().decode((await response.body!.getReader().read()).value);
  assert.match(first, new RegExp(`^event: resync\ndata: \\{"version":${sys.app.parts.publisher.version}\\}`));
  controller.abort();
});

test('the API document declares a success answer for every terminal operation, with its media type', async () => {
  const doc = (await call(sys.base, 'GET', '/api/v1/openapi.json')).body;
  const media: Record<string, string[]> = {};
  for (const [path, operations] of Object.entries(doc.paths as Record<string, Record<string, { responses: Record<string, { content?: object }> }>>)) {
    if (!path.startsWith('/api/v1/terminal/')) continue;
    for (const [method, operation] of Object.entries(operations)) {
      const success = Object.entries(operation.responses).find(([status]) => status.startsWith('2'));
      assert.ok(success?.[1].content, `${method.toUpperCase()} ${path} declares its success answer`);
      media[`${method.toUpperCase()} ${path}`] = Object.keys(success[1].content);
    }
  }
  assert.deepEqual(media['GET /api/v1/terminal/lists/snapshot/{version}'], ['application/octet-stream']);
  assert.deepEqual(media['GET /api/v1/terminal/lists/delta/{from}/{version}'], ['application/octet-stream']);
  assert.deepEqual(media['GET /api/v1/terminal/lists/heartbeat'], ['application/octet-stream']);
  assert.deepEqual(media['GET /api/v1/terminal/events'], ['text/event-stream']);
  assert.deepEqual(media['POST /api/v1/terminal/verify'], ['application/json']);
});
