// The terminal routes' answers as a reader or an HTTP cache sees them: list files are the stored bytes,
// unchanged, under their media type, served only on a reader's credentials or a signed link from the sync
// plan; the event stream is text/event-stream; and the API document declares a success answer and the
// credentials for every terminal operation.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { LIST_LINK_WINDOW_S } from '../../src/services/lists/list-links.ts';
import { issueEnrolment, revokeTerminal } from '../../src/services/operator/terminals.ts';
import { assertCoded } from '../support/fixtures.ts';
import { call, startSystem, type TestSystem } from '../support/system.ts';

let sys: TestSystem;
let credentials: string;

/** Enrols a new reader; its credentials `<terminal id>.<secret>`. */
async function enrolled(): Promise<string> {
  const { token } = await issueEnrolment(sys.ctx, { kind: 'bus-validator', line: 'Bus 1', station: 'Tiananmen East' }, 'test');
  return (await call(sys.base, 'POST', '/api/v1/terminal/enrol', { token })).body.credentials;
}

/** A GET as anyone (no credentials) or as the reader whose credentials are given. */
function get(url: string, as?: string): Promise<Response> {
  return fetch(sys.base + url, { headers: as ? { authorization: `Bearer ${as}` } : {} });
}

/** A refusal's status and JSON body, for assertCoded. */
async function refusal(response: Response) {
  return { status: response.status, body: await response.json() };
}

/** The sync plan from version 0 (a snapshot, and the deltas after it), as the reader with `as` gets it. */
async function plan(as = credentials): Promise<{ version: number; snapshot: string; deltas: string[] }> {
  const answer = await call(sys.base, 'GET', '/api/v1/terminal/lists/sync?from=0', undefined, as);
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return answer.body;
}

before(async () => {
  sys = await startSystem();
  await sys.app.parts.publisher.poke();
  await sys.app.parts.publisher.beat();
  credentials = await enrolled();
});
after(() => sys.stop());

test('a snapshot is sent to a reader as the stored bytes, as application/octet-stream, for that reader to keep for good', async () => {
  const version = (await sys.ctx.store.lists.latestSnapshotVersion())!;
  const stored = (await sys.ctx.store.lists.getFile('snapshot', version, version))!;
  const response = await get(`/api/v1/terminal/lists/snapshot/${version}`, credentials);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'application/octet-stream');
  assert.equal(response.headers.get('etag'), `"snapshot-${version}-${version}"`);
  assert.equal(response.headers.get('cache-control'), 'private, max-age=31536000, immutable');
  assert.equal(response.headers.get('vary'), null);
  assert.deepEqual(new Uint8Array(await response.arrayBuffer()), stored);
});

test('the sync plan names files by signed links that serve the bytes to anyone, shareable by caches until they expire', async () => {
  const { snapshot } = await plan();
  const version = Number(new URL(snapshot, sys.base).pathname.split('/').pop());
  const askedAt = sys.ctx.clock() / 1000;
  const response = await get(snapshot);
  const answeredAt = sys.ctx.clock() / 1000;
  assert.equal(response.status, 200);
  assert.deepEqual(new Uint8Array(await response.arrayBuffer()), await sys.ctx.store.lists.getFile('snapshot', version, version));
  const maxAge = Number(/^public, max-age=(\d+)$/.exec(response.headers.get('cache-control') ?? '')?.[1]);
  const expires = Number(new URL(snapshot, sys.base).searchParams.get('expires'));
  assert.ok(maxAge > LIST_LINK_WINDOW_S && maxAge <= 2 * LIST_LINK_WINDOW_S, `max-age ${maxAge}`);
  // max-age is counted from the moment of the answer (whole seconds): between asking and having the answer.
  const freshUntil = expires - maxAge;
  assert.ok(freshUntil >= Math.floor(askedAt) - 1 && freshUntil <= answeredAt + 1, 'fresh in caches exactly as long as the link works');
  // The reader's own credentials sent along change nothing: the answer stays shareable.
  assert.match((await get(snapshot, credentials)).headers.get('cache-control') ?? '', /^public, max-age=\d+$/);
});

test('without credentials or a link a list file is refused, and so is the heartbeat', async () => {
  const { snapshot } = await plan();
  const unsigned = new URL(snapshot, sys.base).pathname;
  assertCoded(await refusal(await get(unsigned)), 'TERMINAL_AUTH_INVALID');
  assertCoded(await refusal(await get('/api/v1/terminal/lists/delta/1/2')), 'TERMINAL_AUTH_INVALID');
  assertCoded(await refusal(await get('/api/v1/terminal/lists/heartbeat')), 'TERMINAL_AUTH_INVALID');
  assertCoded(await refusal(await get(unsigned, 'no-such-reader.secret')), 'TERMINAL_AUTH_INVALID');
});

test('a link altered, or moved to another file, serves nothing', async () => {
  const { snapshot } = await plan();
  const url = new URL(snapshot, sys.base);
  const sig = url.searchParams.get('sig')!;
  const version = Number(url.pathname.split('/').pop());
  const flip = (c: string) => (c === 'A' ? 'B' : 'A');
  const tampered = [
    `${url.pathname}?expires=${url.searchParams.get('expires')}&sig=${flip(sig[0]!)}${sig.slice(1)}`,
    `${url.pathname}?expires=${Number(url.searchParams.get('expires')) + LIST_LINK_WINDOW_S}&sig=${sig}`,
    `${url.pathname}?expires=${url.searchParams.get('expires')}`,
    `/api/v1/terminal/lists/snapshot/${version + 1}${url.search}`,
    `/api/v1/terminal/lists/delta/${version}/${version + 1}${url.search}`,
  ];
  for (const link of tampered) {
    const response = await get(link);
    assert.equal(response.headers.get('content-type'), 'application/json; charset=utf-8', link);
    assertCoded(await refusal(response), 'LIST_LINK_INVALID');
  }
});

test('a revoked reader is refused list files and the heartbeat, as everywhere else', async () => {
  const revoked = await enrolled();
  await revokeTerminal(sys.ctx, sys.app.parts.terminalAuth, revoked.split('.')[0]!, 'test');
  const version = (await sys.ctx.store.lists.latestSnapshotVersion())!;
  assertCoded(await refusal(await get(`/api/v1/terminal/lists/snapshot/${version}`, revoked)), 'TERMINAL_REVOKED');
  assertCoded(await refusal(await get('/api/v1/terminal/lists/heartbeat', revoked)), 'TERMINAL_REVOKED');
  assertCoded(await call(sys.base, 'GET', '/api/v1/terminal/lists/sync?from=0', undefined, revoked), 'TERMINAL_REVOKED');
});

test('the heartbeat is sent to a reader as the publisher signed it, as application/octet-stream, never from a cache', async () => {
  const response = await get('/api/v1/terminal/lists/heartbeat', credentials);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'application/octet-stream');
  assert.equal(response.headers.get('cache-control'), 'private, no-cache');
  assert.deepEqual(new Uint8Array(await response.arrayBuffer()), sys.app.parts.publisher.latestHeartbeat()!.bytes);
});

test('a list file that was never built answers LIST_NOT_FOUND as JSON', async () => {
  assertCoded(await call(sys.base, 'GET', '/api/v1/terminal/lists/delta/999998/999999', undefined, credentials), 'LIST_NOT_FOUND');
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
  // Every operation but enrolment names the reader's credentials; list files take a signed link instead.
  const security = (path: string) => doc.paths[path].get.security;
  assert.deepEqual(security('/api/v1/terminal/lists/snapshot/{version}'), [{ terminal: [] }, { listLink: [] }]);
  assert.deepEqual(security('/api/v1/terminal/lists/delta/{from}/{version}'), [{ terminal: [] }, { listLink: [] }]);
  assert.deepEqual(security('/api/v1/terminal/lists/heartbeat'), [{ terminal: [] }]);
  assert.equal(doc.components.securitySchemes.listLink.in, 'query');
});

// The clock moves forward from here on.

test('two readers asking within one window get the same links, so a cache holds one object for both', async () => {
  const now = sys.ctx.clock();
  const windowMs = LIST_LINK_WINDOW_S * 1000;
  sys.advance(windowMs - (now % windowMs) + 1_000); // just after a window starts: both asks fall within it
  const other = await enrolled();
  const [mine, theirs] = [await plan(), await plan(other)];
  assert.deepEqual(theirs, mine);
  sys.advance(windowMs);
  assert.notEqual((await plan()).snapshot, mine.snapshot, 'the next window has links of its own');
});

test('an expired link serves nothing to anyone without credentials, and the reader still gets the file on its own', async () => {
  const { snapshot } = await plan();
  sys.advance(2 * LIST_LINK_WINDOW_S * 1000 + 1_000);
  const expired = await get(snapshot);
  assert.equal(expired.headers.get('content-type'), 'application/json; charset=utf-8');
  assertCoded(await refusal(expired), 'LIST_LINK_EXPIRED');
  // A reader whose download crosses the expiry is not taken for revoked: its credentials serve it, privately.
  const own = await get(snapshot, credentials);
  assert.equal(own.status, 200);
  assert.equal(own.headers.get('cache-control'), 'private, max-age=31536000, immutable');
});

test('a list version beyond 2^53 − 1 is refused as invalid in a path, a query or a tap, before it reaches the store', async () => {
  const tooBig = '9007199254740992';
  for (const url of [`/api/v1/terminal/lists/snapshot/${tooBig}`, `/api/v1/terminal/lists/delta/0/${tooBig}`, `/api/v1/terminal/lists/sync?from=${tooBig}`, '/api/v1/terminal/lists/snapshot/1.0973781939108597e%2B73']) {
    assertCoded(await refusal(await get(url, credentials)), 'VALIDATION_FAILED');
  }
  const tap = { tapId: 'f'.repeat(32), cardKey: '0'.repeat(16), decision: 'PASS', at: Date.now(), listVersion: Number(tooBig), online: false };
  const upload = await call(sys.base, 'POST', '/api/v1/terminal/taps', { batchId: 'too-big-version', annulments: [], taps: [tap] }, credentials);
  assertCoded(upload, 'VALIDATION_FAILED');
});
