// The limits on holder sign-in codes, through the real API: wrong codes per document are capped per day
// across all its codes, parallel guesses at one code cannot pass the per-code limit, and housekeeping
// deletes expired codes and sessions.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FAILURES_PER_DAY } from '../../../src/services/holder/one-time-codes.ts';
import { housekeep } from '../../../src/services/operator/housekeeping.ts';
import { call, signIn, startSystem, type TestSystem } from '../../support/system.ts';

const passport = { type: 'passport', number: 'E12345678', state: 'GBR', email: 'holder@example.com' };

async function requestCode(sys: TestSystem) {
  const sent = await call(sys.base, 'POST', '/api/v1/kit/login/code', passport);
  return { status: sent.status, challengeId: sent.body.challengeId as string, error: sent.body.error?.code as string | undefined };
}
const guess = (sys: TestSystem, challengeId: string, code: string) => call(sys.base, 'POST', '/api/v1/kit/login', { challengeId, code });
const wrongCode = (sys: TestSystem) => (sys.outbox.recent()[0]!.code === '000000' ? '000001' : '000000');

test('a document gets a limited number of wrong codes a day over all its codes; the day after, it may sign in again', async () => {
  const sys = await startSystem({ seed: false });
  try {
    let failures = 0;
    while (failures < FAILURES_PER_DAY) {
      const { challengeId } = await requestCode(sys);
      for (let i = 0; i < 5 && failures < FAILURES_PER_DAY; i++, failures++) {
        const answer = await guess(sys, challengeId, wrongCode(sys));
        assert.equal(answer.body.error.code, i === 4 ? 'CODE_ATTEMPTS_EXCEEDED' : 'CODE_WRONG');
      }
      sys.advance(11 * 60_000);
    }
    const refused = await requestCode(sys);
    assert.deepEqual([refused.status, refused.error], [429, 'CODE_DAILY_FAILURES_EXCEEDED']);
    sys.advance(24 * 3_600_000);
    assert.match(await signIn(sys, 'kit', passport), /\./);
  } finally {
    await sys.stop();
  }
});

test('ten parallel guesses at one code: at most five are compared, the rest refused', async () => {
  const sys = await startSystem({ seed: false });
  try {
    const { challengeId } = await requestCode(sys);
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => guess(sys, challengeId, String(900_000 + i))));
    const codes = answers.map((a) => a.body.error?.code);
    assert.ok(codes.filter((c) => c === 'CODE_WRONG').length <= 4, codes.join(' '));
    assert.ok(codes.filter((c) => c === 'CODE_ATTEMPTS_EXCEEDED').length >= 6, codes.join(' '));
  } finally {
    await sys.stop();
  }
});

test('housekeeping deletes codes sent over a day ago, expired holder and staff sessions and messages sent over a week ago, and keeps the rest', async () => {
  const sys = await startSystem({ seed: false });
  try {
    await requestCode(sys);
    await signIn(sys, 'kit', passport);
    const now = sys.ctx.clock();
    const staff = await sys.ctx.store.staff.insert({ username: 'desk01', displayName: 'd', role: 'staff', passwordHash: 'x', createdAt: now });
    await sys.ctx.store.staff.insertSession({ id: 'staff-expired', staffId: staff.id, createdAt: now, expiresAt: now + 1_000, revokedAt: null });
    await sys.ctx.store.staff.insertSession({ id: 'staff-live', staffId: staff.id, createdAt: now, expiresAt: now + 30 * 86_400_000, revokedAt: null });
    assert.deepEqual(await housekeep(sys.ctx), { taps: 0, signInCodes: 0, sessions: 0, staffSessions: 0, staffAttempts: 0, messages: 0 });
    sys.advance(25 * 3_600_000);
    const purged = await housekeep(sys.ctx);
    assert.deepEqual({ ...purged, taps: 0 }, { taps: 0, signInCodes: 2, sessions: 1, staffSessions: 1, staffAttempts: 0, messages: 0 });
    assert.equal(await sys.ctx.store.staff.getSession('staff-expired'), undefined);
    assert.equal((await sys.ctx.store.staff.getSession('staff-live'))!.staffId, staff.id);
    // The two code messages, sent (their content already gone), are kept a week.
    assert.deepEqual(await sys.ctx.store.outbox.counts(), { pending: 0, sent: 2, failed: 0, expired: 0 });
    sys.advance(6 * 86_400_000);
    assert.equal((await housekeep(sys.ctx)).messages, 2);
  } finally {
    await sys.stop();
  }
});
