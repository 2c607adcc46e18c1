// Right after start: the first list brings its heartbeat with it, so polling readers are served at once, and
// the short wait before the first list is a passing state logged at info, not an error.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import pino from 'pino';
import { YktError } from '../../src/domain/errors.ts';
import { registerErrorHandling } from '../../src/http/errors.ts';
import { readHeader } from '../../src/readers/sdk/list-format.ts';
import { issueEnrolment } from '../../src/services/operator/terminals.ts';
import { call, startSystem, type TestSystem } from '../support/system.ts';

let sys: TestSystem;

before(async () => {
  sys = await startSystem();
});
after(() => sys.stop());

test('the first heartbeat is signed with the first published list, without waiting for the heartbeat timer', async () => {
  await sys.app.parts.publisher.poke();
  const { token } = await issueEnrolment(sys.ctx, { kind: 'metro-gate', line: 'Line 1', station: 'Xidan' }, 'test');
  const { credentials } = (await call(sys.base, 'POST', '/api/v1/terminal/enrol', { token })).body;
  const response = await fetch(`${sys.base}/api/v1/terminal/lists/heartbeat`, { headers: { authorization: `Bearer ${credentials}` } });
  assert.equal(response.status, 200);
  const header = readHeader(new Uint8Array(await response.arrayBuffer()));
  assert.ok(typeof header !== 'string', String(header));
  assert.equal(header.version, sys.app.parts.publisher.version);
  assert.equal(header.fromVersion, header.version, 'a heartbeat: from = version, no changes');
});

test('LIST_NOT_READY is answered as 503 and logged at info, not at error', async () => {
  const lines: Array<{ level: number; code?: string }> = [];
  const logger: FastifyBaseLogger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  const app = Fastify({ loggerInstance: logger });
  registerErrorHandling(app, () => false);
  app.get('/not-ready', () => {
    throw new YktError('LIST_NOT_READY');
  });
  const response = await app.inject({ method: 'GET', url: '/not-ready' });
  await app.close();
  assert.equal(response.statusCode, 503);
  assert.equal(response.json().error.code, 'LIST_NOT_READY');
  const refusal = lines.find((l) => l.code === 'LIST_NOT_READY');
  assert.equal(refusal?.level, pino.levels.values.info);
  assert.ok(!lines.some((l) => l.level >= pino.levels.values.error!), 'no line at error level');
});
