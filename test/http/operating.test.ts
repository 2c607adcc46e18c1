// What an operator relies on: the probes, security headers and no-store on every personal answer, a coded
// 413, request ids, and /metrics behind its token with conventional names and counters that move.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import { loadConfig } from '../../src/config.ts';
import { buildServer } from '../../src/http/server.ts';
import { readiness } from '../../src/services/operator/serving.ts';
import { openSystem } from '../../src/system.ts';
import { assertCoded, demoCard, demoDocument } from '../support/fixtures.ts';
import { TEST_METRICS_TOKEN, call, signIn, startSystem, tempDataDir, type TestSystem } from '../support/system.ts';

let sys: TestSystem;
let holder: string;
before(async () => {
  sys = await startSystem();
  holder = await signIn(sys, 'kit', demoDocument('passport'));
});
after(() => sys.stop());

const metrics = async (token = TEST_METRICS_TOKEN) => fetch(`${sys.base}/metrics`, { headers: { authorization: `Bearer ${token}` } });

describe('probes', () => {
  test('/livez answers without the store; /readyz and its alias /healthz check store, migrations and list', async () => {
    assert.deepEqual(await call(sys.base, 'GET', '/livez'), { status: 200, body: { ok: true } });
    for (const url of ['/readyz', '/healthz']) assert.deepEqual(await call(sys.base, 'GET', url), { status: 200, body: { ok: true, store: 'sqlite', notReady: [] } });
  });

  test('readiness names what is not ready: no list published yet, or a store that does not answer', async () => {
    const system = await openSystem(loadConfig({ YKT_DATA_DIR: tempDataDir() }), pino({ level: 'silent' }));
    assert.deepEqual((await readiness(system.ctx, 0)).notReady.map((n) => n.check), ['list']);
    await system.close();
    const closed = await readiness(system.ctx, 3);
    assert.equal(closed.ok, false);
    assert.deepEqual(closed.notReady.map((n) => n.check), ['store']);
  });
});

describe('headers', () => {
  test('every answer carries the security headers: API, error, API docs and pages', async () => {
    for (const url of ['/api/v1/kit/cards', '/api/v1/outlets', '/api/v1/no-such-thing', '/no-such-thing', '/docs/static/index.html', '/kit']) {
      const response = await fetch(sys.base + url);
      const h = response.headers;
      // The API's JSON loads nothing at all; what a browser renders gets the pages' policy.
      const api = url.startsWith('/api/');
      assert.match(h.get('content-security-policy') ?? '', api ? /^default-src 'none'; frame-ancestors 'none'$/ : /default-src 'self'/, url);
      assert.match(h.get('content-security-policy') ?? '', /frame-ancestors 'none'/, url);
      assert.equal(h.get('x-content-type-options'), 'nosniff', url);
      assert.equal(h.get('x-frame-options'), 'DENY', url);
      assert.equal(h.get('referrer-policy'), 'no-referrer', url);
      assert.equal(h.get('cross-origin-resource-policy'), 'same-origin', url);
      // Headers only a rendered document heeds are not on the API's answers.
      assert.equal(h.has('cross-origin-opener-policy'), !api, url);
      await response.arrayBuffer();
    }
  });

  test('personal answers are never stored by a cache; the outlet finder and list files may be', async () => {
    const personal = await fetch(`${sys.base}/api/v1/kit/cards`, { headers: { authorization: `Bearer ${holder}` } });
    assert.equal(personal.status, 200);
    assert.equal(personal.headers.get('cache-control'), 'no-store');
    for (const url of ['/api/v1/staff/cards/lookup', '/api/v1/admin/dashboard', '/api/v1/outlet/refunds/R1', '/api/v1/service/tickets']) {
      assert.equal((await fetch(sys.base + url)).headers.get('cache-control'), 'no-store', url);
    }
    assert.equal((await fetch(`${sys.base}/api/v1/outlets`)).headers.get('cache-control'), 'public, max-age=60');
  });

  test('an oversized body is refused with the coded 413, in both languages', async () => {
    const huge = JSON.stringify({ type: 'passport', number: 'x'.repeat(2 * 1024 * 1024) });
    const response = await fetch(`${sys.base}/api/v1/kit/login/code`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: huge });
    assertCoded({ status: response.status, body: await response.json() }, 'BODY_TOO_LARGE');
  });
});

describe('request ids', () => {
  test('each answer gets its own UUID in x-request-id; an untrusted client cannot choose it', async () => {
    const ids = await Promise.all([1, 2].map(async () => (await fetch(`${sys.base}/livez`, { headers: { 'x-request-id': 'chosen-by-client' } })).headers.get('x-request-id')));
    for (const id of ids) assert.match(id ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.notEqual(ids[0], ids[1]);
  });

  test('behind a trusted proxy the proxy’s x-request-id is kept; from anyone else it is not', async () => {
    const system = await openSystem(loadConfig({ YKT_DATA_DIR: tempDataDir() }), pino({ level: 'silent' }));
    const app = await buildServer(system.ctx, { trustProxy: '10.0.0.0/8' });
    try {
      const viaProxy = await app.inject({ url: '/livez', remoteAddress: '10.1.2.3', headers: { 'x-request-id': 'nginx-4f2a9c1e' } });
      assert.equal(viaProxy.headers['x-request-id'], 'nginx-4f2a9c1e');
      const direct = await app.inject({ url: '/livez', remoteAddress: '192.0.2.7', headers: { 'x-request-id': 'nginx-4f2a9c1e' } });
      assert.notEqual(direct.headers['x-request-id'], 'nginx-4f2a9c1e');
      const junk = await app.inject({ url: '/livez', remoteAddress: '10.1.2.3', headers: { 'x-request-id': 'a b\u0000c' } });
      assert.match(String(junk.headers['x-request-id']), /^[0-9a-f-]{36}$/);
    } finally {
      await app.close();
      await system.close();
    }
  });
});

describe('/metrics', () => {
  test('needs the bearer token; without a token configured it does not exist', async () => {
    assert.equal((await fetch(`${sys.base}/metrics`)).status, 401);
    assertCoded({ status: (await metrics('wrong')).status, body: await (await metrics('wrong')).json() }, 'AUTH_REQUIRED');
    const system = await openSystem(loadConfig({ YKT_DATA_DIR: tempDataDir() }), pino({ level: 'silent' }));
    const app = await buildServer(system.ctx, {});
    try {
      assert.equal((await app.inject({ url: '/metrics' })).statusCode, 404);
    } finally {
      await app.close();
      await system.close();
    }
  });

  test('conventional names: process and Node.js metrics unprefixed, counters end in _total, no double prefix', async () => {
    const text = await (await metrics()).text();
    const types = [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map(([, name, type]) => ({ name: name!, type: type! }));
    assert.ok(types.some((t) => t.name === 'process_cpu_seconds_total'));
    assert.ok(types.some((t) => t.name === 'nodejs_heap_size_used_bytes'));
    assert.ok(!types.some((t) => /process_process|ykt_process/.test(t.name)));
    for (const t of types.filter((t) => t.type === 'counter')) assert.match(t.name, /_total$/, t.name);
    for (const t of types.filter((t) => t.name.startsWith('ykt_store_'))) assert.equal(t.type, 'gauge', t.name);
    assert.match(text, /^# HELP ykt_store_bindings_active .*aggregate across nodes with max/m);
  });

  test('counts upgrades, unbinds, sign-ins and refusals, and times requests by route pattern', async () => {
    const made = await call(sys.base, 'POST', '/api/v1/kit/cards', { cardNumber: demoCard(2), medium: 'physical', agreementVersion: 1 }, holder);
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.equal((await call(sys.base, 'DELETE', `/api/v1/kit/cards/${made.body.card.id}`, undefined, holder)).status, 204);
    await call(sys.base, 'GET', '/api/v1/kit/cards', undefined, 'not-a-session');
    const text = await (await metrics()).text();
    assert.match(text, /^ykt_upgrades_total\{channel="kit"\} 1$/m);
    assert.match(text, /^ykt_unbinds_total\{channel="kit"\} 1$/m);
    assert.match(text, /^ykt_sign_ins_total\{role="holder"\} 1$/m);
    assert.match(text, /^ykt_refusals_total\{code="SESSION_INVALID"\} 1$/m);
    assert.match(text, /^ykt_http_request_duration_seconds_count\{method="DELETE",route="\/api\/v1\/kit\/cards\/:bindingId",status_code="204"\} 1$/m);
    assert.ok(!text.includes(`/api/v1/kit/cards/${made.body.card.id}"`), 'never the raw URL');
  });
});
