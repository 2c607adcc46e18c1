// The operator's control room over real HTTP: a policy what-if whose counts match what readers then decide,
// the dashboard figures, and /metrics.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ReaderList } from '../../src/readers/sdk/index.ts';
import { DEMO_STAFF } from '../../src/services/demo/seed.ts';
import { ingestHealth } from '../../src/services/feeds/health-feed.ts';
import { issueEnrolment } from '../../src/services/operator/terminals.ts';
import { upgrade } from '../../src/services/holder/upgrade.ts';
import { TEST_METRICS_TOKEN, call, startSystem, type TestSystem } from '../support/system.ts';
import { settle } from '../support/fixtures.ts';

const HOUR = 3_600_000;
let sys: TestSystem;
let operator: string;
const cards: string[] = [];

/** Binds a fresh card to a fresh passport holder with the given health record. */
async function holderWith(i: number, colour: string, testedHoursAgo: number | null) {
  const now = sys.ctx.clock();
  const document = { type: 'passport' as const, number: `Q${String(i).padStart(7, '0')}`, state: 'FRA' };
  const person = await sys.ctx.store.people.ensure({
    docType: 'passport',
    docKey: sys.ctx.personalData.documentKey(document),
    docSealed: sys.ctx.personalData.seal({ document }),
    docMasked: 'Q0*****0',
    at: now,
  });
  const card = await sys.ctx.store.cards.insert({ number: `66660000${String(i).padStart(8, '0')}`, medium: 'physical', product: 'ordinary', state: 'active', depositFen: 2000, balanceFen: 0, updatedAt: now });
  await upgrade(sys.ctx, { personId: person.id, channel: 'kit', cardNumber: card.number, medium: 'physical', agreementVersion: 1 });
  await ingestHealth(sys.ctx, [{ recordId: `w${i}`, document, colour, testedAt: testedHoursAgo === null ? null : now - testedHoursAgo * HOUR, recordedAt: now }]);
  cards.push(card.number);
}

before(async () => {
  sys = await startSystem();
  const op = DEMO_STAFF.find((m) => m.role === 'operator')!;
  operator = (await call(sys.base, 'POST', '/api/v1/staff-session/login', { username: op.username, password: op.password })).body.token;
  let i = 0;
  for (let n = 0; n < 4; n++) await holderWith(++i, 'green', 1); // passes under 72 h and 48 h
  for (let n = 0; n < 3; n++) await holderWith(++i, 'green', 60); // passes under 72 h, not under 48 h
  for (let n = 0; n < 2; n++) await holderWith(++i, 'red', 1);
  await holderWith(++i, 'yellow', null);
  await settle(sys.app);
});
after(() => sys.stop());

test('a what-if counts, by decision, how every bound card would fare under a proposed policy', async () => {
  const proposed = { version: 2, passColours: ['green'], maxTestAgeHours: 48, maxListAgeMinutes: 720 };
  const answer = await call(sys.base, 'POST', '/api/v1/admin/policies/what-if', proposed, operator);
  assert.equal(answer.status, 200);
  assert.equal(answer.body.boundCards, 10);
  assert.equal(answer.body.current.PASS, 7);
  assert.equal(answer.body.current.ABNORMAL, 3);
  assert.equal(answer.body.proposed.PASS, 4);
  assert.equal(answer.body.proposed.TEST_EXPIRED, 3);
  assert.deepEqual(answer.body.moves, [{ from: 'PASS', to: 'TEST_EXPIRED', cards: 3 }]);
  assert.deepEqual(await sys.ctx.store.policies.all(), [], 'a what-if publishes nothing');
});

test('after publishing, a reader that syncs from the served files decides exactly as the what-if said', async () => {
  const proposed = { version: 2, passColours: ['green'], maxTestAgeHours: 48, maxListAgeMinutes: 720 };
  const expected = (await call(sys.base, 'POST', '/api/v1/admin/policies/what-if', proposed, operator)).body.proposed;
  assert.equal((await call(sys.base, 'POST', '/api/v1/admin/policies', { ...proposed, reason: '48-hour tests' }, operator)).status, 201);
  await settle(sys.app);

  const { token } = await issueEnrolment(sys.ctx, { kind: 'metro-gate', line: 'Line 2', station: 'Jianguomen' }, 'test');
  const enrolled = (await call(sys.base, 'POST', '/api/v1/terminal/enrol', { token })).body;
  const keys = (list: Array<{ keyId: number; key: string }>) => new Map(list.map((k) => [k.keyId, new Uint8Array(Buffer.from(k.key, 'base64'))]));
  const reader = new ReaderList({ rootKeys: keys(enrolled.rootKeys), hashKeys: keys(enrolled.hashKeys) });
  const plan = (await call(sys.base, 'GET', '/api/v1/terminal/lists/sync?from=0', undefined, enrolled.credentials)).body;
  const fetchBytes = async (url: string) => new Uint8Array(await (await fetch(sys.base + url)).arrayBuffer());
  assert.ok((await reader.loadSnapshot(await fetchBytes(plan.snapshot))).ok);
  for (const delta of plan.deltas) assert.ok((await reader.applyDelta(await fetchBytes(delta))).ok);
  assert.equal(reader.policyVersion(Date.now()), 2);

  const decided: Record<string, number> = {};
  for (const card of cards) {
    const decision = reader.decide(card, sys.ctx.clock());
    decided[decision] = (decided[decision] ?? 0) + 1;
  }
  const nonZero = Object.fromEntries(Object.entries(expected as Record<string, number>).filter(([, n]) => n > 0));
  assert.deepEqual(decided, nonZero);
});

test('the dashboard and /metrics show the bindings, taps and readers', async () => {
  const figures = await call(sys.base, 'GET', '/api/v1/admin/dashboard', undefined, operator);
  assert.equal(figures.status, 200);
  assert.equal(figures.body.bindings.physical, 10);
  assert.equal(figures.body.bindings.perHour.at(-1).active, 10);
  assert.ok(figures.body.terminals.length >= 1);

  const metrics = await fetch(`${sys.base}/metrics`, { headers: { authorization: `Bearer ${TEST_METRICS_TOKEN}` } });
  assert.match(metrics.headers.get('content-type') ?? '', /text\/plain/);
  const text = await metrics.text();
  assert.match(text, /^ykt_store_bindings_active\{medium="physical"\} 10$/m);
  assert.match(text, /^ykt_list_version \d+$/m);
  assert.match(text, /^ykt_store_terminals\{condition="active"\} 1$/m);
});

test('the what-if and dashboard refuse every role but operator', async () => {
  for (const member of DEMO_STAFF.filter((m) => m.role !== 'operator')) {
    const token = (await call(sys.base, 'POST', '/api/v1/staff-session/login', { username: member.username, password: member.password })).body.token;
    assert.equal((await call(sys.base, 'GET', '/api/v1/admin/dashboard', undefined, token)).body.error.code, 'ROLE_FORBIDDEN');
  }
});
