// A new contact for sign-in codes, set at an outlet, over real HTTP on both stores: outlet staff only; bad
// input refused coded with nothing changed; the change audited with the clerk and the outlet but no personal
// data; the holder's sessions ended; and the next sign-in code going to the new contact.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_STAFF } from '../../src/services/demo/seed.ts';
import { assertCoded } from '../support/fixtures.ts';
import { testStores } from '../support/postgres.ts';
import { call, startSystem, type TestSystem } from '../support/system.ts';

const ROUTE = '/api/v1/outlet/contact';

for (const { name: store, skip } of testStores()) {
  describe(`a contact set at an outlet, on ${store}`, { skip }, () => {
    let sys: TestSystem;
    const tokens: Record<string, string> = {};
    let serial = 0;
    const passport = () => ({ type: 'passport', number: `K${String(++serial).padStart(7, '0')}`, state: 'CAN' });

    /** Signs a new person in with `email` as the contact; returns the document and the session token. */
    async function holder(email: string) {
      const document = passport();
      const sent = await call(sys.base, 'POST', '/api/v1/kit/login/code', { ...document, email });
      const code = sys.outbox.recent().find((m) => m.challengeId === sent.body.challengeId)!.code;
      const session = await call(sys.base, 'POST', '/api/v1/kit/login', { challengeId: sent.body.challengeId, code });
      assert.equal(session.status, 200, JSON.stringify(session.body));
      return { document, token: session.body.token as string };
    }

    /** What a refused request must leave as it was. */
    const unchanged = async () => {
      const dump = await sys.ctx.store.dump();
      return { person: dump.person, session: dump.session, audit: dump.audit_log };
    };

    before(async () => {
      sys = await startSystem({ store });
      for (const member of DEMO_STAFF) {
        tokens[member.role] = (await call(sys.base, 'POST', '/api/v1/staff-session/login', { username: member.username, password: member.password })).body.token;
      }
    });
    after(() => sys.stop());

    test('serves outlet staff only: other roles, a holder and nobody are refused, and nothing changes', async () => {
      const { document, token } = await holder('role@example.com');
      tokens.holder = token;
      const body = { document, email: 'other@example.com', documentChecked: true };
      const before = await unchanged();
      for (const role of ['staff', 'agent', 'operator']) assertCoded(await call(sys.base, 'POST', ROUTE, body, tokens[role]), 'ROLE_FORBIDDEN');
      assertCoded(await call(sys.base, 'POST', ROUTE, body, tokens.holder), 'SESSION_INVALID');
      assertCoded(await call(sys.base, 'POST', ROUTE, body), 'AUTH_REQUIRED');
      assert.deepEqual(await unchanged(), before);
    });

    test('refuses a bad document, an unknown person, an unchecked document and a bad contact, coded, changing nothing', async () => {
      const { document } = await holder('same@example.com');
      const before = await unchanged();
      const refusals = [
        [{ document: { ...document, number: 'E1234567890' }, email: 'n@example.com', documentChecked: true }, 'DOC_PASSPORT_FORMAT'],
        [{ document: { type: 'passport', number: document.number }, email: 'n@example.com', documentChecked: true }, 'DOC_PASSPORT_STATE_MISSING'],
        [{ document: { type: 'id-card', number: '1' }, email: 'n@example.com', documentChecked: true }, 'DOC_TYPE_UNKNOWN'],
        [{ document: passport(), email: 'n@example.com', documentChecked: true }, 'PERSON_NOT_FOUND'],
        [{ document, email: 'n@example.com', documentChecked: false }, 'CONTACT_DOCUMENT_NOT_CHECKED'],
        [{ document, phone: '+852 2123 4567', documentChecked: true }, 'CONTACT_PHONE_INVALID'],
        [{ document, documentChecked: true }, 'CONTACT_REQUIRED'],
        [{ document, email: 'Same@example.com', documentChecked: true }, 'CONTACT_UNCHANGED'],
      ] as const;
      for (const [body, code] of refusals) assertCoded(await call(sys.base, 'POST', ROUTE, body, tokens.outlet), code);
      assertCoded(await call(sys.base, 'POST', ROUTE, { document, email: 'n@example.com' }, tokens.outlet), 'VALIDATION_FAILED');
      assert.deepEqual(await unchanged(), before);
    });

    test('sets the new contact, ends the holder\'s sessions, and audits the clerk and outlet without personal data', async () => {
      const { document, token } = await holder('lost.phone@example.com');
      const second = await holder('unused@example.com');
      const changed = await call(sys.base, 'POST', ROUTE, { document, phone: '+852 9123 4321', documentChecked: true }, tokens.outlet);
      assert.deepEqual(changed, {
        status: 200,
        body: { holder: { docType: 'passport', docMasked: changed.body.holder.docMasked }, contactMasked: '+852 ****4321', previousMasked: 'l***@example.com' },
      });
      assert.notEqual(changed.body.holder.docMasked, document.number);

      // The lost phone's session is over; another person's is not.
      assertCoded(await call(sys.base, 'GET', '/api/v1/kit/cards', undefined, token), 'SESSION_INVALID');
      assert.equal((await call(sys.base, 'GET', '/api/v1/kit/cards', undefined, second.token)).status, 200);

      const clerk = (await sys.ctx.store.staff.find({ username: 'outlet' }))!;
      const post = (await call(sys.base, 'GET', '/api/v1/outlet/post', undefined, tokens.outlet)).body.post;
      const person = (await sys.ctx.store.people.findByDocKey(sys.ctx.personalData.documentKey({ type: 'passport', number: document.number, state: 'CAN' })))!;
      const entries = (await sys.ctx.store.audit.of(`person:${person.id}`)).filter((e) => e.action === 'contact.changed');
      assert.equal(entries.length, 1);
      assert.equal(entries[0]!.actor, `outlet:${clerk.id}`);
      assert.deepEqual(entries[0]!.data, { outlet: post.code, check: 'document-in-person', via: 'phone', sessionsEnded: true });
      const audit = JSON.stringify((await sys.ctx.store.dump()).audit_log);
      for (const secret of [document.number, '91234321', '9123 4321', 'lost.phone']) assert.ok(!audit.includes(secret), `the audit log holds no ${secret}`);
    });

    test('the next sign-in code goes to the new contact, and a code sent to the old one before signs nobody in', async () => {
      const { document } = await holder('old@example.com');
      const beforeChange = await call(sys.base, 'POST', '/api/v1/kit/login/code', document);
      const oldCode = sys.outbox.recent().find((m) => m.challengeId === beforeChange.body.challengeId)!.code;
      assert.equal((await call(sys.base, 'POST', ROUTE, { document, email: 'new@example.org', documentChecked: true }, tokens.outlet)).status, 200);
      assertCoded(await call(sys.base, 'POST', '/api/v1/kit/login', { challengeId: beforeChange.body.challengeId, code: oldCode }), 'CODE_EXPIRED');

      const sent = await call(sys.base, 'POST', '/api/v1/kit/login/code', document);
      assert.deepEqual([sent.body.sentTo, sent.body.via, sent.body.contactOnFile], ['n***@example.org', 'email', true]);
      const message = sys.outbox.recent().find((m) => m.challengeId === sent.body.challengeId)!;
      assert.equal(message.to, 'n***@example.org');
      const session = await call(sys.base, 'POST', '/api/v1/kit/login', { challengeId: sent.body.challengeId, code: message.code });
      assert.equal(session.body.person.contactMasked, 'n***@example.org');
    });

    test('a person who deleted their account is not found', async () => {
      const { document, token } = await holder('gone@example.com');
      assert.equal((await call(sys.base, 'DELETE', '/api/v1/kit/me', undefined, token)).status, 200);
      assertCoded(await call(sys.base, 'POST', ROUTE, { document, email: 'back@example.com', documentChecked: true }, tokens.outlet), 'PERSON_NOT_FOUND');
    });
  });
}
