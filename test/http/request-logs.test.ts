// Every log line written for a request carries its id — Fastify's own lines and the services' lines written
// through ctx.log alike — so one grep on an id from an x-request-id header finds all that request did.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, test } from 'node:test';
import pino from 'pino';
import { loadConfig } from '../../src/config.ts';
import { buildServer, logRedaction } from '../../src/http/server.ts';
import { seedDemo } from '../../src/services/demo/seed.ts';
import { logMixin } from '../../src/services/request-scope.ts';
import { openSystem, type System } from '../../src/system.ts';
import { demoDocument } from '../support/fixtures.ts';
import { tempDataDir } from '../support/system.ts';
import type { FastifyInstance } from 'fastify';

const raw: string[] = [];
const lines = () => raw.map((line) => JSON.parse(line) as { reqId?: string; msg: string; challengeId?: string });
let system: System;
let app: FastifyInstance;
let base: string;

before(async () => {
  // The logger `ykt serve` makes, writing into an array.
  const log = pino({ level: 'info', redact: logRedaction, mixin: logMixin }, { write: (line: string) => void raw.push(line) });
  system = await openSystem(loadConfig({ YKT_DATA_DIR: tempDataDir(), YKT_DEMO: 'true' }), log);
  await seedDemo(system.ctx);
  app = await buildServer(system.ctx, { logger: log, outbox: system.outbox });
  await app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
});
after(async () => {
  await app.close();
  await system.close();
});

test('a request’s lines, its service’s line included, all carry the id it was answered with — under concurrency too', async () => {
  raw.length = 0;
  const documents = [demoDocument('passport'), demoDocument('hk-macao-permit'), demoDocument('taiwan-permit')].map((d) => ({ ...d, email: 'holder@example.com' }));
  const answers = await Promise.all(
    documents.map(async (document) => {
      const response = await fetch(`${base}/api/v1/kit/login/code`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(document) });
      assert.equal(response.status, 200);
      return { id: response.headers.get('x-request-id')!, challengeId: ((await response.json()) as { challengeId: string }).challengeId };
    }),
  );
  for (const { id, challengeId } of answers) {
    const mine = lines().filter((l) => l.reqId === id);
    assert.ok(mine.some((l) => l.msg === 'incoming request') && mine.some((l) => l.msg === 'request completed'), 'Fastify’s lines');
    const service = lines().find((l) => l.challengeId === challengeId);
    assert.ok(service, 'the notifier logged the code it put in the outbox');
    assert.equal(service.reqId, id, 'the service’s line carries the id of the request it served');
  }
  // Fastify binds the id on its own lines; the mixin must not add a second copy.
  for (const line of raw) assert.ok((line.match(/"reqId"/g) ?? []).length <= 1, `one reqId per line: ${line}`);
});

test('a body that arrives later than its headers still runs the service inside the request’s scope', async () => {
  raw.length = 0;
  const body = JSON.stringify({ ...demoDocument('passport'), email: 'holder@example.com' });
  const socket = net.connect(Number(new URL(base).port), '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  let answer = '';
  socket.on('data', (chunk) => (answer += chunk));
  socket.write(`POST /api/v1/kit/login/code HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n`);
  await new Promise((resolve) => setTimeout(resolve, 100));
  socket.end(body);
  await new Promise((resolve) => socket.once('close', resolve));
  const id = /x-request-id: (\S+)/i.exec(answer)?.[1];
  const challengeId = /"challengeId":"([^"]+)"/.exec(answer)?.[1];
  assert.ok(id && challengeId, answer);
  assert.equal(lines().find((l) => l.challengeId === challengeId)?.reqId, id);
});

test('lines written outside a request carry no request id', async () => {
  raw.length = 0;
  system.ctx.log.info({}, 'housekeeping');
  assert.equal(lines()[0]?.reqId, undefined);
});
