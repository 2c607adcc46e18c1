// /ops flags readers by their sync: silent (no sync for YKT_READER_SILENT_MINUTES) and behind (over
// YKT_READER_BEHIND_VERSIONS versions, or behind for YKT_READER_BEHIND_MINUTES). A reader on an open push
// stream counts as in sync through the heartbeats sent down it, with no request of its own.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ReaderList } from '../../src/readers/sdk/index.ts';
import { ReaderSync } from '../../src/readers/sdk/sync.ts';
import { enrolReader } from '../../src/readers/sdk/enrol.ts';
import { DEMO_STAFF } from '../../src/services/demo/seed.ts';
import { ingestHealth } from '../../src/services/feeds/health-feed.ts';
import { issueEnrolment } from '../../src/services/operator/terminals.ts';
import { demoCard, demoDocument } from '../support/fixtures.ts';
import { call, signIn, startSystem, type TestSystem } from '../support/system.ts';

const MINUTE = 60_000;
let sys: TestSystem;
let streaming: ReaderSync;
let streamingId: string;
let operator: string;

/** Enrols a reader and has it report `version` once, as any request of its does; returns its id. */
async function readerAt(version: number): Promise<string> {
  const { token } = await issueEnrolment(sys.ctx, { kind: 'metro-gate', line: 'Line 1', station: 'Xidan' }, 'test');
  const enrolled = await call(sys.base, 'POST', '/api/v1/terminal/enrol', { token });
  const response = await fetch(`${sys.base}/api/v1/terminal/config`, { headers: { authorization: `Bearer ${enrolled.body.credentials}`, 'x-reader-list-version': String(version) } });
  assert.equal(response.status, 200);
  return enrolled.body.terminalId;
}

async function health(): Promise<Map<string, { silent: boolean; behind: boolean; lag: number | null }>> {
  const answer = await call(sys.base, 'GET', '/api/v1/admin/dashboard', undefined, operator);
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return new Map(answer.body.terminals.map((t: { id: string; silent: boolean; behind: boolean; lag: number | null }) => [t.id, t]));
}

before(async () => {
  sys = await startSystem({ env: { YKT_READER_SILENT_MINUTES: '10', YKT_READER_BEHIND_VERSIONS: '2', YKT_READER_BEHIND_MINUTES: '5' } });
  const staff = DEMO_STAFF.find((s) => s.role === 'operator')!;
  operator = (await call(sys.base, 'POST', '/api/v1/staff-session/login', { username: staff.username, password: staff.password })).body.token;
  const holder = await signIn(sys, 'kit', demoDocument('passport'));
  assert.equal((await call(sys.base, 'POST', '/api/v1/kit/cards', { cardNumber: demoCard(1), medium: 'physical', agreementVersion: 1 }, holder)).status, 201);
  // A few list versions, so that readers can be behind by more than two.
  for (const [i, colour] of ['green', 'yellow', 'green', 'red'].entries()) {
    const now = sys.ctx.clock();
    await ingestHealth(sys.ctx, [{ recordId: `health-${i}`, document: demoDocument('passport'), colour, testedAt: now - MINUTE, recordedAt: now + i }]);
    await sys.app.parts.publisher.poke();
  }
  const { token } = await issueEnrolment(sys.ctx, { kind: 'bus-validator', line: 'Bus 1', station: 'Tiananmen East' }, 'test');
  const enrolment = await enrolReader({ baseUrl: sys.base, token });
  streamingId = enrolment.terminalId;
  streaming = new ReaderSync({ baseUrl: sys.base, credentials: enrolment.credentials, list: new ReaderList({ rootKeys: enrolment.rootKeys, hashKeys: enrolment.hashKeys, revokedKeyIds: enrolment.revokedKeyIds }), clock: () => sys.ctx.clock() });
  streaming.start();
  await streaming.until((s) => s.state === 'online' && s.lag === 0, 5_000);
});
after(async () => {
  await streaming.stop();
  await sys.stop();
});

test('a reader more versions behind than YKT_READER_BEHIND_VERSIONS is flagged behind at once; one a version behind is not, yet', async () => {
  const current = sys.app.parts.publisher.version;
  assert.ok(current >= 4, `list version ${current}`);
  const far = await readerAt(current - 3);
  const near = await readerAt(current - 1);
  const flags = await health();
  assert.deepEqual({ ...flags.get(far)! }, { ...flags.get(far)!, behind: true, silent: false, lag: 3 });
  assert.equal(flags.get(near)!.behind, false);
});

test('behind for YKT_READER_BEHIND_MINUTES, or silent for YKT_READER_SILENT_MINUTES, is flagged; a reader kept in sync on its push stream is neither', async () => {
  const current = sys.app.parts.publisher.version;
  const near = await readerAt(current - 1);
  const quiet = await readerAt(current);
  sys.advance(6 * MINUTE);
  let flags = await health();
  assert.equal(flags.get(near)!.behind, true, 'behind, and its list not renewed for over 5 minutes');
  assert.equal(flags.get(quiet)!.behind, false, 'current, however long ago');
  assert.equal(flags.get(quiet)!.silent, false);

  sys.advance(5 * MINUTE);
  // The heartbeat goes down the streaming reader's open stream: that is a sync, with no request from it.
  await sys.app.parts.publisher.beat();
  // The stream records it as the heartbeat goes out, after beat() returns.
  for (let tries = 0; (flags = await health()).get(streamingId)!.silent && tries < 50; tries++) await new Promise((r) => setTimeout(r, 100));
  assert.equal(flags.get(quiet)!.silent, true, 'no sync for 11 minutes');
  assert.equal(flags.get(streamingId)!.silent, false);
  assert.equal(flags.get(streamingId)!.behind, false);
});
