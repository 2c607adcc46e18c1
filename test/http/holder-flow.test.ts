// The holder's whole flow over real HTTP, on both stores (a real SQLite file, a real PostgreSQL database)
// and both channels: sign in with a document, read the agreement, upgrade, list, unbind, sign out, export
// and delete.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { publishAgreement } from '../../src/services/operator/agreement.ts';
import { assertCoded, demoCard, demoDocument, settle } from '../support/fixtures.ts';
import { testStores } from '../support/postgres.ts';
import { call, codeFor, signIn, startSystem, type TestSystem } from '../support/system.ts';

const DAY = 24 * 60 * 60_000;

async function personIdOf(sys: TestSystem, document: { type: string; number: string; state?: string }): Promise<number> {
  const key = sys.ctx.personalData.documentKey(document as Parameters<typeof sys.ctx.personalData.documentKey>[0]);
  const person = await sys.ctx.store.people.findByDocKey(key);
  assert.ok(person, 'person exists');
  return person.id;
}

/** The change log's binding rows (seeding and other parts add rows of other kinds). */
async function bindingChanges(sys: TestSystem, kind?: 'binding.created' | 'binding.ended') {
  const changes = await sys.ctx.store.changes.after(0, 10_000);
  return changes.filter((c) => (kind ? c.kind === kind : c.kind.startsWith('binding.')));
}

for (const { name: store, skip } of testStores()) {
  describe(`on ${store}`, { skip }, () => {
    // One server for signing in, the new agreement and expiring sessions, which use documents and cards of
    // their own and read nothing the others write (the clock is moved on last); the whole flows count every
    // binding row of the change log, so each starts its own.
    let sys: TestSystem;
    before(async () => {
      sys = await startSystem({ store });
    });
    after(() => sys.stop());

    describe('signing in', () => {
      const cases = [
        { channel: 'kit', type: 'passport' },
        { channel: 'kit', type: 'hk-macao-permit' },
        { channel: 'kit', type: 'taiwan-permit' },
        { channel: 'app', type: 'residence-permit' },
      ] as const;

      for (const { channel, type } of cases) {
        test(`a ${type} holder signs in on /${channel} with the one-time code and sees the document masked`, async () => {
          const document = demoDocument(type);
          const sent = await call(sys.base, 'POST', `/api/v1/${channel}/login/code`, { ...document, email: 'holder@example.com' });
          assert.equal(sent.status, 200);
          assert.equal(typeof sent.body.challengeId, 'string');
          assert.ok(!sent.body.sentTo.includes(document.number), 'the code notice does not show the document number');
          const code = await codeFor(sys, sent.body.challengeId);
          const session = await call(sys.base, 'POST', `/api/v1/${channel}/login`, { challengeId: sent.body.challengeId, code });
          assert.equal(session.status, 200);
          assert.equal(session.body.person.docType, type);
          assert.ok(session.body.person.docMasked.includes('*'));
          assert.notEqual(session.body.person.docMasked, document.number);
          const cards = await call(sys.base, 'GET', `/api/v1/${channel}/cards`, undefined, session.body.token);
          assert.equal(cards.status, 200);
          assert.deepEqual(cards.body, { cards: [], ended: [], reminders: true });
        });
      }

      test('a passport is signed in with its issuing state, normalised from lower case and spaces', async () => {
        const token = await signIn(sys, 'kit', { type: 'passport', number: ' e1234 5678 ', state: 'gbr' });
        const listed = await call(sys.base, 'GET', '/api/v1/kit/cards', undefined, token);
        assert.equal(listed.status, 200);
      });
    });

    for (const flow of [
      { channel: 'kit', type: 'passport', physical: 1, nfc: 31 },
      { channel: 'app', type: 'residence-permit', physical: 7, nfc: 32 },
    ] as const) {
      describe(`the whole flow on /${flow.channel} with a ${flow.type}`, () => {
        let sys: TestSystem;
        let token: string;
        const api = `/api/v1/${flow.channel}`;
        const document = demoDocument(flow.type);
        const bindingIds: number[] = [];
        let erasedPersonId = 0;

        before(async () => {
          sys = await startSystem({ store });
          token = await signIn(sys, flow.channel, document);
        });
        after(() => sys.stop());

        test('the agreement is readable without signing in, in Chinese and English', async () => {
          const agreement = await call(sys.base, 'GET', `${api}/agreement`);
          assert.equal(agreement.status, 200);
          assert.equal(agreement.body.version, 1);
          assert.ok(agreement.body.zh.includes('交通一卡通升级用户服务协议'));
          assert.ok(agreement.body.en.includes('User Service Agreement'));
        });

        test('upgrades a physical card and an NFC card, each answering 201 with the number masked', async () => {
          for (const [serial, medium] of [
            [flow.physical, 'physical'],
            [flow.nfc, 'nfc'],
          ] as const) {
            const made = await call(sys.base, 'POST', `${api}/cards`, { cardNumber: demoCard(serial), medium, agreementVersion: 1 }, token);
            assert.equal(made.status, 201, JSON.stringify(made.body));
            assert.equal(made.body.card.medium, medium);
            assert.equal(made.body.card.channel, flow.channel);
            assert.equal(made.body.card.agreementVersion, 1);
            assert.equal(made.body.card.card, `1000********${demoCard(serial).slice(-4)}`);
            bindingIds.push(made.body.card.id);
          }
        });

        test('lists both cards with masked numbers; the clear card number never appears in the list', async () => {
          const listed = await call(sys.base, 'GET', `${api}/cards`, undefined, token);
          assert.equal(listed.status, 200);
          assert.deepEqual(
            listed.body.cards.map((c: { id: number; medium: string }) => [c.id, c.medium]),
            [
              [bindingIds[0], 'physical'],
              [bindingIds[1], 'nfc'],
            ],
          );
          const raw = JSON.stringify(listed.body);
          assert.ok(!raw.includes(demoCard(flow.physical)) && !raw.includes(demoCard(flow.nfc)));
          assert.equal(listed.body.cards[1].product, 'mobile-nfc');
        });

        test('the change log has one binding.created row for each upgrade', async () => {
          const created = await bindingChanges(sys, 'binding.created');
          assert.equal(created.length, 2);
          const cardIds = await Promise.all([flow.physical, flow.nfc].map(async (s) => (await sys.ctx.store.cards.findByNumber(demoCard(s)))!.id));
          assert.deepEqual(created.map((c) => c.cardId), cardIds);
        });

        test('unbinds the physical card: it leaves the list and the change log gets binding.ended', async () => {
          const ended = await call(sys.base, 'DELETE', `${api}/cards/${bindingIds[0]}`, undefined, token);
          assert.equal(ended.status, 204);
          const listed = await call(sys.base, 'GET', `${api}/cards`, undefined, token);
          assert.deepEqual(listed.body.cards.map((c: { id: number }) => c.id), [bindingIds[1]]);
          const changes = await bindingChanges(sys);
          assert.deepEqual(changes.map((c) => c.kind), ['binding.created', 'binding.created', 'binding.ended']);
          const card = await sys.ctx.store.cards.findByNumber(demoCard(flow.physical));
          assert.equal(changes[2]!.cardId, card!.id);
          assert.ok(changes[0]!.seq < changes[1]!.seq && changes[1]!.seq < changes[2]!.seq);
        });

        test('the unbound card can be upgraded again', async () => {
          const again = await call(sys.base, 'POST', `${api}/cards`, { cardNumber: demoCard(flow.physical), medium: 'physical', agreementVersion: 1 }, token);
          assert.equal(again.status, 201);
          bindingIds[0] = again.body.card.id;
        });

        test('exports my data as JSON with the document, every binding (ended ones included), taps and tickets', async () => {
          const opened = await call(sys.base, 'POST', `${api}/tickets`, { subject: 'Gate did not open', body: 'At Xidan, 8:10' }, token);
          assert.equal(opened.status, 201);
          const exported = await call(sys.base, 'GET', `${api}/me/export`, undefined, token);
          assert.equal(exported.status, 200);
          assert.equal(exported.body.person.documentType, flow.type);
          assert.equal(exported.body.person.documentNumber, document.number);
          assert.deepEqual([exported.body.person.contact.kind, exported.body.person.contact.value], ['email', 'holder@example.com'], 'my data includes where my codes go');
          assert.equal(exported.body.bindings.length, 3);
          assert.deepEqual(
            exported.body.bindings.map((b: { cardNumber: string; endedAt: string | null }) => [b.cardNumber, b.endedAt === null]),
            [
              [demoCard(flow.physical), false],
              [demoCard(flow.nfc), true],
              [demoCard(flow.physical), true],
            ],
          );
          assert.ok(exported.body.agreementsAccepted.length >= 1);
          assert.deepEqual(exported.body.taps, []);
          const tickets = exported.body.tickets.map((t: { ticket: { subject: string }; messages: Array<{ body: string }> }) => [t.ticket.subject, t.messages[0]?.body]);
          assert.deepEqual(tickets.filter(([subject]: [string]) => subject === 'Gate did not open'), [['Gate did not open', 'At Xidan, 8:10']]);
        });

        test('after logout the token is refused with SESSION_INVALID', async () => {
          const second = await signIn(sys, flow.channel, document);
          const out = await call(sys.base, 'POST', `${api}/logout`, undefined, second);
          assert.equal(out.status, 204);
          assertCoded(await call(sys.base, 'GET', `${api}/cards`, undefined, second), 'SESSION_INVALID');
          const stillIn = await call(sys.base, 'GET', `${api}/cards`, undefined, token);
          assert.equal(stillIn.status, 200, 'logging out one session leaves the others');
        });

        test('deleting my account ends my bindings, erases my document data and signs me out', async () => {
          const personId = await personIdOf(sys, document);
          erasedPersonId = personId;
          const docKey = sys.ctx.personalData.documentKey(document as Parameters<typeof sys.ctx.personalData.documentKey>[0]);
          const deleted = await call(sys.base, 'DELETE', `${api}/me`, undefined, token);
          assert.equal(deleted.status, 200);
          assert.deepEqual(deleted.body, { bindingsEnded: 2 });
          assert.deepEqual(await sys.ctx.store.bindings.of(personId, { activeOnly: true }), []);
          const person = await sys.ctx.store.people.get(personId);
          assert.equal(person!.docSealed, null);
          assert.equal(person!.docMasked, null);
          assert.notEqual(person!.erasedAt, null);
          const dump = await sys.ctx.store.dump();
          assert.equal((dump.person as Array<{ id: number; doc_sealed: unknown }>).find((p) => p.id === personId)!.doc_sealed, null);
          const tail = (await bindingChanges(sys)).slice(-2);
          assert.deepEqual(tail.map((c) => c.kind), ['binding.ended', 'binding.ended']);
          assertCoded(await call(sys.base, 'GET', `${api}/cards`, undefined, token), 'SESSION_INVALID');
          const codes = dump.login_code as Array<{ doc_key: string }>;
          assert.equal(codes.filter((c) => c.doc_key === docKey).length, 0, 'the sign-in codes, which hold the sealed document, are gone too');
        });

        test('the same document signs in again afterwards as a new person with no cards', async () => {
          const fresh = await signIn(sys, flow.channel, document);
          const newId = await personIdOf(sys, document);
          assert.ok(newId > erasedPersonId, 'a new person row');
          assert.equal((await sys.ctx.store.people.get(erasedPersonId))!.docSealed, null, 'the erased row stays erased');
          const listed = await call(sys.base, 'GET', `${api}/cards`, undefined, fresh);
          assert.deepEqual(listed.body, { cards: [], ended: [], reminders: true });
          const made = await call(sys.base, 'POST', `${api}/cards`, { cardNumber: demoCard(flow.physical), medium: 'physical', agreementVersion: 1 }, fresh);
          assert.equal(made.status, 201, 'the card freed by the deletion can be upgraded');
        });
      });
    }

    describe('a new agreement version', () => {
      let token: string;
      before(async () => {
        token = await signIn(sys, 'kit', demoDocument('taiwan-permit'));
        await publishAgreement(sys.ctx, { version: 2, zh: '交通一卡通升级用户服务协议(第 2 版)', en: 'Transportation Card Upgrade User Service Agreement (version 2)' }, 'test');
      });

      test('is what holders read next', async () => {
        const agreement = await call(sys.base, 'GET', '/api/v1/kit/agreement');
        assert.equal(agreement.body.version, 2);
        assert.ok(agreement.body.en.includes('version 2'));
      });

      test('refuses an upgrade that ticked version 1 with AGREEMENT_OUTDATED, and stores nothing', async () => {
        await settle(sys.app);
        const before = await sys.ctx.store.dump();
        const refused = await call(sys.base, 'POST', '/api/v1/kit/cards', { cardNumber: demoCard(2), medium: 'physical', agreementVersion: 1 }, token);
        assertCoded(refused, 'AGREEMENT_OUTDATED');
        assert.deepEqual(await sys.ctx.store.dump(), before);
      });

      test('accepts an upgrade that ticked version 2 and stores the acceptance', async () => {
        const made = await call(sys.base, 'POST', '/api/v1/kit/cards', { cardNumber: demoCard(2), medium: 'physical', agreementVersion: 2 }, token);
        assert.equal(made.status, 201);
        assert.equal(made.body.card.agreementVersion, 2);
        const personId = await personIdOf(sys, demoDocument('taiwan-permit'));
        const accepted = await sys.ctx.store.agreements.acceptancesOf(personId);
        assert.deepEqual(accepted.map((a) => a.version), [2]);
        assert.ok(Math.abs(accepted[0]!.acceptedAt - Date.now()) < DAY);
      });

      test('publishing a version that is not above the current one is refused', async () => {
        await assert.rejects(publishAgreement(sys.ctx, { version: 2, zh: '重复', en: 'again' }, 'test'), { code: 'AGREEMENT_VERSION_TAKEN' });
      });
    });

    describe('sessions expire', () => {
      test('a session is refused with SESSION_INVALID once its time to live has passed', async () => {
        const token = await signIn(sys, 'kit', demoDocument('hk-macao-permit'));
        assert.equal((await call(sys.base, 'GET', '/api/v1/kit/cards', undefined, token)).status, 200);
        sys.advance(sys.ctx.config.sessionTtlMs - 60_000);
        assert.equal((await call(sys.base, 'GET', '/api/v1/kit/cards', undefined, token)).status, 200, 'still valid just before');
        sys.advance(60_001);
        assertCoded(await call(sys.base, 'GET', '/api/v1/kit/cards', undefined, token), 'SESSION_INVALID');
      });
    });
  });
}
