import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_DOCUMENTS, DEMO_STAFF } from '../../src/services/demo/seed.ts';
import { call, signIn, startSystem, type TestSystem } from '../support/system.ts';

let sys: TestSystem;
const tokens: Record<string, string> = {};

before(async () => {
  sys = await startSystem();
  for (const member of DEMO_STAFF) {
    const signedIn = await call(sys.base, 'POST', '/api/v1/staff-session/login', { username: member.username, password: member.password });
    assert.equal(signedIn.status, 200);
    tokens[member.role] = signedIn.body.token;
  }
});
after(() => sys.stop());

describe('operator routes', () => {
  test('refuse a wrong password with a coded error', async () => {
    const refused = await call(sys.base, 'POST', '/api/v1/staff-session/login', { username: 'operator', password: 'nope' });
    assert.equal(refused.status, 401);
    assert.equal(refused.body.error.code, 'STAFF_SIGN_IN_FAILED');
  });

  test('refuse every role but operator, holders and callers without a token', async () => {
    const holder = await signIn(sys, 'kit', DEMO_DOCUMENTS[0]!);
    for (const role of ['staff', 'agent', 'outlet']) {
      const refused = await call(sys.base, 'GET', '/api/v1/admin/terminals', undefined, tokens[role]);
      assert.equal(refused.status, 403, role);
      assert.equal(refused.body.error.code, 'ROLE_FORBIDDEN');
    }
    assert.equal((await call(sys.base, 'GET', '/api/v1/admin/terminals', undefined, holder)).body.error.code, 'SESSION_INVALID');
    assert.equal((await call(sys.base, 'GET', '/api/v1/admin/terminals')).body.error.code, 'AUTH_REQUIRED');
  });

  test('an operator publishes an entry policy with its reason, and an older version number is refused', async () => {
    const rules = { version: 2, passColours: ['green'], maxTestAgeHours: 48, maxListAgeMinutes: 720 };
    for (const reason of [undefined, '  ']) {
      const refused = await call(sys.base, 'POST', '/api/v1/admin/policies', { ...rules, reason }, tokens.operator);
      assert.equal(refused.status, 400);
      assert.equal(refused.body.error.code, 'POLICY_REASON_REQUIRED');
      assert.ok(refused.body.error.message.zh && refused.body.error.message.en);
    }
    assert.equal((await call(sys.base, 'GET', '/api/v1/admin/policies', undefined, tokens.operator)).body.published.length, 0, 'a refusal publishes nothing');
    const policy = { ...rules, reason: 'Health commission notice: 48-hour tests' };
    const published = await call(sys.base, 'POST', '/api/v1/admin/policies', policy, tokens.operator);
    assert.equal(published.status, 201);
    assert.equal(published.body.maxTestAgeMs, 48 * 3_600_000);
    const again = await call(sys.base, 'POST', '/api/v1/admin/policies', policy, tokens.operator);
    assert.equal(again.body.error.code, 'POLICY_VERSION_TAKEN');
    const listed = await call(sys.base, 'GET', '/api/v1/admin/policies', undefined, tokens.operator);
    assert.equal(listed.body.inForce.version, 2);
    const audit = await sys.ctx.store.audit.of('policy:2');
    assert.deepEqual(audit.map((e) => [e.action, (e.data as { reason?: string }).reason]), [['policy.published', policy.reason]]);
  });

  test('an operator enrols a reader with a one-time token, sees it listed, and revokes it alone', async () => {
    const enrolments = await Promise.all(
      ['Line 1', 'Line 2'].map((line) => call(sys.base, 'POST', '/api/v1/admin/terminals/enrolments', { kind: 'metro-gate', line, station: 'Xidan' }, tokens.operator)),
    );
    const readers = [];
    for (const e of enrolments) {
      assert.equal(e.status, 201);
      const enrolled = await call(sys.base, 'POST', '/api/v1/terminal/enrol', { token: e.body.token, softwareVersion: '1.0.0' });
      assert.equal(enrolled.status, 201);
      assert.ok(enrolled.body.rootKeys.length >= 1 && enrolled.body.hashKeys.length >= 1);
      readers.push(enrolled.body);
    }
    const reused = await call(sys.base, 'POST', '/api/v1/terminal/enrol', { token: enrolments[0]!.body.token });
    assert.equal(reused.body.error.code, 'ENROLMENT_TOKEN_INVALID');

    const listed = await call(sys.base, 'GET', '/api/v1/admin/terminals', undefined, tokens.operator);
    const ids = listed.body.terminals.map((t: { id: string }) => t.id);
    assert.ok(readers.every((r) => ids.includes(r.terminalId)));
    assert.ok(!JSON.stringify(listed.body).includes('secret'));

    const revoked = await call(sys.base, 'POST', `/api/v1/admin/terminals/${readers[0]!.terminalId}/revoke`, {}, tokens.operator);
    assert.equal(revoked.status, 204);
    const verifyAs = (credentials: string) => call(sys.base, 'POST', '/api/v1/terminal/verify', { cardNumber: '1000751000000001' }, credentials);
    assert.equal((await verifyAs(readers[0]!.credentials)).body.error.code, 'TERMINAL_REVOKED');
    assert.equal((await verifyAs(readers[1]!.credentials)).status, 200);
    assert.equal((await verifyAs(`${readers[1]!.terminalId}.forged`)).body.error.code, 'TERMINAL_AUTH_INVALID');
  });
});
