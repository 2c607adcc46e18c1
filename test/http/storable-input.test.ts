// Input PostgreSQL cannot hold — the NUL character in text, a version past its 32-bit INTEGER columns, a row
// id past what JavaScript holds exactly (ids are BIGINT) — is
// refused as VALIDATION_FAILED on both stores and changes nothing (the fuzzer met each as a 500 on
// PostgreSQL only).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_STAFF } from '../../src/services/demo/seed.ts';
import { assertCoded, settle } from '../support/fixtures.ts';
import { testStores } from '../support/postgres.ts';
import { call, startSystem, type TestSystem } from '../support/system.ts';

for (const { name: store, skip } of testStores()) {
  describe(`on ${store}`, { skip }, () => {
    let sys: TestSystem;
    const tokens: Record<string, string> = {};
    before(async () => {
      sys = await startSystem({ store });
      for (const member of DEMO_STAFF) tokens[member.role] = (await sys.app.parts.staffAuth.signIn(member.username, member.password)).token;
    });
    after(() => sys.stop());

    const refusals: Array<[string, string, string, unknown, string]> = [
      ['a NUL in a body', 'POST', '/api/v1/admin/terminals/enrolments', { kind: 'metro-gate', line: 'L\u00001', station: 'Xidan' }, 'operator'],
      ['a NUL in a query', 'GET', '/api/v1/service/tickets?assignee=%00', undefined, 'agent'],
      ['a NUL in a path', 'GET', '/api/v1/outlet/refunds/RF%00', undefined, 'outlet'],
      ['an entry policy version past 2^31 - 1', 'POST', '/api/v1/admin/policies', { version: 2 ** 31, passColours: ['green'], maxTestAgeHours: 72, maxListAgeMinutes: 60 }, 'operator'],
      ['an agreement version past 2^31 - 1', 'POST', '/api/v1/admin/agreements', { version: 2 ** 31, zh: '协议', en: 'Agreement' }, 'operator'],
      ['a row id past 2^53 - 1 in a path', 'GET', '/api/v1/service/tickets/1.7976931348623133e%2B308', undefined, 'agent'],
      ['a row id past 2^53 - 1 in a body', 'POST', '/api/v1/service/tickets/1/unbind', { bindingId: 2 ** 63 }, 'agent'],
    ];
    for (const [name, method, url, body, role] of refusals) {
      test(`${name} is refused as VALIDATION_FAILED and changes nothing`, async () => {
        await settle(sys.app);
        const before = await sys.ctx.store.dump();
        assertCoded(await call(sys.base, method, url, body, tokens[role]), 'VALIDATION_FAILED');
        assert.deepEqual(await sys.ctx.store.dump(), before);
      });
    }

    test('the largest version PostgreSQL holds is accepted', async () => {
      const published = await call(sys.base, 'POST', '/api/v1/admin/agreements', { version: 2 ** 31 - 1, zh: '协议', en: 'Agreement' }, tokens.operator);
      assert.equal(published.status, 201, JSON.stringify(published.body));
    });
  });
}
