// The one store contract suite (STYLE 4): every adapter runs these same tests, SQLite on a temp file and
// PostgreSQL on a fresh database of a throwaway cluster (skipped, saying why, where PostgreSQL is not
// installed). YKT_STORES=sqlite or YKT_STORES=postgres narrows the run. The suite calls the store through a
// recorder, and fails at the end naming any public method (a repository's or the store's own) it never
// called: a method cannot be added without its contract.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { UniqueViolation, type Store } from '../../src/store/store.ts';
import { bindingsContract } from './repositories/bindings.ts';
import { contactsContract } from './repositories/contacts.ts';
import { healthContract } from './repositories/health.ts';
import { listsContract } from './repositories/lists.ts';
import { outboxContract } from './repositories/outbox.ts';
import { outletsContract } from './repositories/outlets.ts';
import { refundsContract } from './repositories/refunds.ts';
import { signInContract } from './repositories/sign-in.ts';
import { staffContract } from './repositories/staff.ts';
import { tapsContract } from './repositories/taps.ts';
import { terminalsContract } from './repositories/terminals.ts';
import { ticketsContract } from './repositories/tickets.ts';
import { lifecycleContract } from './store-lifecycle.ts';
import { ADAPTERS, type Opened } from './support/adapters.ts';
import { card, type StoreCase } from './support/case.ts';
import { publicMethods, recording } from './support/recorder.ts';

for (const adapter of ADAPTERS) {
  describe(`the ${adapter.name} store`, { skip: adapter.skip }, () => {
    let opened: Opened;
    let store: Store;
    let called: Set<string>;
    let personA: number;
    let personB: number;
    // What the concern files below see; filled in before any test runs.
    const c = { kind: adapter.name } as StoreCase;

    before(async () => {
      opened = await adapter.open();
      ({ store, called } = recording(opened.store));
      await store.agreements.insert({ version: 1, zh: '协议', en: 'Agreement', publishedAt: 1 });
      personA = (await store.people.ensure({ docType: 'passport', docKey: 'key-a', docSealed: 'sealed-a', docMasked: 'E1****78', at: 10 })).id;
      personB = (await store.people.ensure({ docType: 'hk-macao-permit', docKey: 'key-b', docSealed: 'sealed-b', docMasked: 'H1****78', at: 11 })).id;
      Object.assign(c, { store, raw: opened.raw, personA, personB });
    });
    after(async () => {
      await store.close();
      await opened.close();
      const never = publicMethods(opened.store).filter((method) => !called.has(method));
      assert.deepEqual(never, [], `the contract suite never calls ${never.join(', ')}: add a test that asserts what each does`);
    });

    describe('cards', () => {
      test('inserts a card and finds it by number and by id, money in integer fen', async () => {
        const inserted = await store.cards.insert(card('3000000000000001'));
        assert.ok(inserted.id > 0);
        assert.deepEqual(await store.cards.findByNumber('3000000000000001'), inserted);
        assert.deepEqual(await store.cards.get(inserted.id), inserted);
        assert.deepEqual({ ...inserted, id: 0 }, { ...card('3000000000000001'), id: 0 });
      });

      test('updates every field but the number', async () => {
        const { id } = (await store.cards.findByNumber('3000000000000001'))!;
        await store.cards.update(id, { medium: 'nfc', product: 'mobile-nfc', state: 'lost', depositFen: 0, balanceFen: -50, updatedAt: 2_000 });
        assert.deepEqual(await store.cards.get(id), { id, number: '3000000000000001', medium: 'nfc', product: 'mobile-nfc', state: 'lost', depositFen: 0, balanceFen: -50, updatedAt: 2_000 });
      });

      test('refuses a second card with the same number', async () => {
        await assert.rejects(store.cards.insert(card('3000000000000001')));
      });

      test('finds nothing for an unknown number or id, and counts the cards', async () => {
        assert.equal(await store.cards.findByNumber('3999999999999999'), undefined);
        assert.equal(await store.cards.get(999_999), undefined);
        await store.cards.insert(card('3000000000000002'));
        assert.equal(await store.cards.count(), 2);
      });
    });

    describe('persons', () => {
      test('ensurePerson is idempotent: the same document key gives the same person, unchanged', async () => {
        const again = await store.people.ensure({ docType: 'passport', docKey: 'key-a', docSealed: 'other', docMasked: 'other', at: 99 });
        assert.equal(again.id, personA);
        assert.equal(again.docSealed, 'sealed-a');
        assert.equal(again.createdAt, 10);
        assert.deepEqual(await store.people.findByDocKey('key-a'), again);
        assert.deepEqual(await store.people.get(personA), again);
      });

      test('two first sign-ins racing for one document make one person', async () => {
        const made = await Promise.all(
          Array.from({ length: 5 }, () => store.people.ensure({ docType: 'passport', docKey: 'key-race', docSealed: 's', docMasked: 'm', at: 1 })),
        );
        assert.equal(new Set(made.map((p) => p.id)).size, 1);
      });

      test('erasing a person keeps the row but drops the document data and its lookup key', async () => {
        const person = await store.people.ensure({ docType: 'passport', docKey: 'key-erase', docSealed: 's', docMasked: 'm', at: 1 });
        await store.people.erase(person.id, 50);
        assert.deepEqual(await store.people.get(person.id), { id: person.id, docType: 'passport', docSealed: null, docMasked: null, createdAt: 1, erasedAt: 50, contactSealed: null, contactMasked: null, contactVerifiedAt: null, lang: 'zh', remindersOffAt: null });
        assert.equal(await store.people.findByDocKey('key-erase'), undefined);
        const fresh = await store.people.ensure({ docType: 'passport', docKey: 'key-erase', docSealed: 's2', docMasked: 'm', at: 60 });
        assert.notEqual(fresh.id, person.id);
      });

      test("erasing a person deletes their health record and sessions, and nobody else's (tickets: the tickets suite)", async () => {
        const erased = await store.people.ensure({ docType: 'passport', docKey: 'key-erase-all', docSealed: 's', docMasked: 'm', at: 1 });
        const kept = await store.people.ensure({ docType: 'passport', docKey: 'key-erase-kept', docSealed: 's', docMasked: 'm', at: 1 });
        for (const [who, key] of [[erased.id, 'key-erase-all'], [kept.id, 'key-erase-kept']] as const) {
          await store.health.put(new Map([[key, { recordId: `r-${key}`, colour: 'green', testedAt: null, recordedAt: 5 }]]), 6);
          await store.sessions.insert({ id: `s-${key}`, personId: who, channel: 'kit', createdAt: 2, expiresAt: 900_000_000, revokedAt: null });
        }
        await store.people.erase(erased.id, 50);
        assert.equal(await store.health.get('key-erase-all'), undefined);
        assert.deepEqual(await store.sessions.ofPerson(erased.id), []);
        assert.equal((await store.health.get('key-erase-kept'))?.recordId, 'r-key-erase-kept');
        assert.equal((await store.sessions.ofPerson(kept.id)).length, 1);
        // The suites after this one count health records from a clean start.
        await store.people.erase(kept.id, 51);
      });
    });

    describe('agreements', () => {
      test('the current agreement is the highest version, and a version cannot be published twice', async () => {
        await store.agreements.insert({ version: 2, zh: '协议 2', en: 'Agreement 2', publishedAt: 2 });
        assert.deepEqual(await store.agreements.current(), { version: 2, zh: '协议 2', en: 'Agreement 2', publishedAt: 2 });
        await assert.rejects(store.agreements.insert({ version: 2, zh: 'x', en: 'x', publishedAt: 3 }), UniqueViolation);
      });

      test('stores acceptances in order', async () => {
        await store.agreements.accept(personB, 1, 5);
        await store.agreements.accept(personB, 2, 6);
        assert.deepEqual(await store.agreements.acceptancesOf(personB), [
          { version: 1, acceptedAt: 5 },
          { version: 2, acceptedAt: 6 },
        ]);
      });
    });

    describe('bindings', () => {
      let cardId: number;
      let nfcId: number;
      let bindingId: number;

      before(async () => {
        cardId = (await store.cards.insert(card('3100000000000001'))).id;
        nfcId = (await store.cards.insert(card('3100000000000002', { medium: 'nfc', product: 'mobile-nfc' }))).id;
      });

      test('inserts a binding and finds it as the active binding of the card and of the person', async () => {
        const made = await store.bindings.insert({ cardId, personId: personA, medium: 'physical', channel: 'kit', agreementVersion: 1, createdAt: 100 });
        bindingId = made.id;
        assert.deepEqual(made, { id: made.id, cardId, personId: personA, medium: 'physical', channel: 'kit', agreementVersion: 1, createdAt: 100, endedAt: null, endReason: null });
        assert.deepEqual(await store.bindings.activeOfCard(cardId), made);
        const active = await store.bindings.of(personA, { activeOnly: true });
        assert.deepEqual(active.filter((b) => b.medium === 'physical').map((b) => b.id), [made.id]);
        assert.deepEqual(active.filter((b) => b.medium === 'nfc'), []);
      });

      test('refuses a second active binding of the card, and a second physical binding of the person', async () => {
        await assert.rejects(store.bindings.insert({ cardId, personId: personB, medium: 'physical', channel: 'kit', agreementVersion: 1, createdAt: 101 }), UniqueViolation);
        const other = (await store.cards.insert(card('3100000000000003'))).id;
        await assert.rejects(store.bindings.insert({ cardId: other, personId: personA, medium: 'physical', channel: 'kit', agreementVersion: 1, createdAt: 101 }), UniqueViolation);
      });

      test('refuses a binding that points at no card or no person', async () => {
        await assert.rejects(store.bindings.insert({ cardId: 999_999, personId: personB, medium: 'physical', channel: 'kit', agreementVersion: 1, createdAt: 1 }));
        await assert.rejects(store.bindings.insert({ cardId: nfcId, personId: 999_999, medium: 'nfc', channel: 'kit', agreementVersion: 1, createdAt: 1 }));
      });

      test('lists a person’s bindings with their card, active only or all', async () => {
        await store.bindings.insert({ cardId: nfcId, personId: personA, medium: 'nfc', channel: 'app', agreementVersion: 2, createdAt: 102 });
        const listed = await store.bindings.of(personA, { activeOnly: true });
        assert.deepEqual(
          listed.map((b) => [b.cardNumber, b.medium, b.channel, b.product, b.cardState]),
          [
            ['3100000000000001', 'physical', 'kit', 'ordinary', 'active'],
            ['3100000000000002', 'nfc', 'app', 'mobile-nfc', 'active'],
          ],
        );
        assert.deepEqual(await store.bindings.of(personB, { activeOnly: false }), []);
      });

      test('ends a binding once: the second end answers false and keeps the first end', async () => {
        assert.equal(await store.bindings.end(bindingId, 200, 'holder'), true);
        assert.equal(await store.bindings.end(bindingId, 300, 'again'), false);
        const all = await store.bindings.of(personA, { activeOnly: false });
        const ended = all.find((b) => b.id === bindingId)!;
        assert.equal(ended.endedAt, 200);
        assert.equal(ended.endReason, 'holder');
        assert.equal((await store.bindings.of(personA, { activeOnly: true })).length, 1);
        assert.equal(await store.bindings.activeOfCard(cardId), undefined);
        assert.equal(await store.bindings.end(999_999, 1, 'none'), false);
      });

      test('an ended binding frees the card for someone else', async () => {
        const next = await store.bindings.insert({ cardId, personId: personB, medium: 'physical', channel: 'kit', agreementVersion: 1, createdAt: 400 });
        assert.equal((await store.bindings.activeOfCard(cardId))!.id, next.id);
      });
    });

    describe('sign-in codes and sessions', () => {
      const code = { id: 'challenge-1', docKey: 'key-a', docSealed: 'sealed', codeHash: 'hash', channel: 'kit' as const, createdAt: 1_000, expiresAt: 2_000, attempts: 0, usedAt: null, purpose: 'sign-in' as const, contactSealed: 'contact-sealed', personId: null };

      test('stores a code, counts wrong attempts, and counts the codes of a document since an instant', async () => {
        await store.signInCodes.insert(code);
        assert.deepEqual(await store.signInCodes.get('challenge-1'), code);
        await store.signInCodes.countAttempt('challenge-1');
        await store.signInCodes.countAttempt('challenge-1');
        assert.equal((await store.signInCodes.get('challenge-1'))!.attempts, 2);
        await store.signInCodes.insert({ ...code, id: 'challenge-2', createdAt: 1_500 });
        assert.equal(await store.signInCodes.countSince('key-a', 1_000), 2);
        assert.equal(await store.signInCodes.countSince('key-a', 1_001), 1);
        assert.equal(await store.signInCodes.countSince('key-b', 0), 0);
        assert.equal(await store.signInCodes.get('nope'), undefined);
      });

      test('a code is used once: the second use answers false', async () => {
        assert.equal(await store.signInCodes.use('challenge-1', 1_100), true);
        assert.equal(await store.signInCodes.use('challenge-1', 1_200), false);
        assert.equal((await store.signInCodes.get('challenge-1'))!.usedAt, 1_100);
      });

      test('revokes one session by id, or every session of a person, without moving an earlier revocation', async () => {
        for (const [id, personId] of [
          ['s1', personA],
          ['s2', personA],
          ['s3', personA],
          ['s4', personB],
        ] as const) {
          await store.sessions.insert({ id, personId, channel: 'kit', createdAt: 1, expiresAt: 10_000, revokedAt: null });
        }
        assert.deepEqual(await store.sessions.get('s1'), { id: 's1', personId: personA, channel: 'kit', createdAt: 1, expiresAt: 10_000, revokedAt: null });
        await store.sessions.revoke({ id: 's1' }, 5);
        await store.sessions.revoke({ personId: personA }, 7);
        assert.deepEqual(
          await Promise.all(['s1', 's2', 's3', 's4'].map(async (id) => (await store.sessions.get(id))!.revokedAt)),
          [5, 7, 7, null],
        );
        assert.equal(await store.sessions.get('nope'), undefined);
      });
    });

    describe('transactions and logs', () => {
      test('a transaction that throws leaves nothing behind', async () => {
        const before = await store.dump();
        await assert.rejects(
          store.transaction(async (tx) => {
            await tx.cards.insert(card('3200000000000001'));
            await tx.changes.append('card.state', 1, null, 1);
            throw new Error('changed my mind');
          }),
          /changed my mind/,
        );
        assert.deepEqual(await store.dump(), before);
      });

      test('the change log numbers changes in order, and reads after a sequence number with a limit', async () => {
        const start = (await store.changes.after(0, 10_000)).at(-1)?.seq ?? 0;
        await store.transaction(async (tx) => {
          await tx.changes.append('binding.created', 1, personA, 10);
          await tx.changes.append('binding.ended', 1, personA, 11);
        });
        await store.changes.append('card.state', 2, null, 12);
        await store.changes.appendMany([], 13);
        await store.changes.appendMany(
          [
            { kind: 'health', cardId: 3, personId: personB },
            { kind: 'health', cardId: 2, personId: personA },
          ],
          14,
        );
        const changes = await store.changes.after(start, 10);
        assert.deepEqual(
          changes.map((c) => [c.kind, c.cardId, c.personId, c.at]),
          [
            ['binding.created', 1, personA, 10],
            ['binding.ended', 1, personA, 11],
            ['card.state', 2, null, 12],
            ['health', 3, personB, 14],
            ['health', 2, personA, 14],
          ],
        );
        assert.ok(changes[2]!.seq < changes[3]!.seq && changes[3]!.seq < changes[4]!.seq);
        assert.ok(changes[0]!.seq > start && changes[0]!.seq < changes[1]!.seq && changes[1]!.seq < changes[2]!.seq);
        assert.deepEqual(await store.changes.after(changes[0]!.seq, 1), [changes[1]]);
        assert.deepEqual(await store.changes.after(changes[4]!.seq, 10), []);
      });

      test('the audit log appends and reads back by subject', async () => {
        await store.audit.append({ at: 1, actor: 'staff:1', action: 'card.override', subject: 'person:7', data: { reason: 'tap failed' } });
        await store.audit.append({ at: 2, actor: 'agent:2', action: 'ticket.read', subject: 'person:7', data: {} });
        assert.deepEqual(await store.audit.of('person:7'), [
          { at: 1, actor: 'staff:1', action: 'card.override', subject: 'person:7', data: { reason: 'tap failed' } },
          { at: 2, actor: 'agent:2', action: 'ticket.read', subject: 'person:7', data: {} },
        ]);
      });

      test('the database itself refuses an UPDATE or DELETE on the audit log, even from raw SQL', async () => {
        const before = await store.audit.of('person:7');
        await assert.rejects(opened.raw(`UPDATE audit_log SET actor = 'someone else'`), /append-only/);
        await assert.rejects(opened.raw(`DELETE FROM audit_log`), /append-only/);
        assert.deepEqual(await store.audit.of('person:7'), before);
      });

      test('the database itself refuses to replace an audit entry by its id, even from raw SQL', async () => {
        const before = await store.audit.of('person:7');
        const values = `(1, 3, 'someone', 'nothing happened', 'person:7', '{}')`;
        const replace =
          c.kind === 'sqlite'
            ? `INSERT OR REPLACE INTO audit_log (id, at, actor, action, subject, data) VALUES ${values}`
            : `INSERT INTO audit_log (id, at, actor, action, subject, data) VALUES ${values} ON CONFLICT (id) DO UPDATE SET actor = excluded.actor, action = excluded.action`;
        await assert.rejects(opened.raw(replace), /append-only/);
        if (c.kind === 'sqlite') await assert.rejects(opened.raw(`REPLACE INTO audit_log (id, at, actor, action, subject, data) VALUES ${values}`), /append-only/);
        assert.deepEqual(await store.audit.of('person:7'), before);
      });

      test('the database itself refuses two active bindings of one card, even from raw SQL', async () => {
        const { id } = await store.cards.insert(card('3300000000000001'));
        await opened.raw(`INSERT INTO binding (card_id, person_id, medium, channel, agreement_version, created_at) VALUES (${id}, ${personA}, 'physical', 'staff', 1, 1)`);
        await assert.rejects(
          opened.raw(`INSERT INTO binding (card_id, person_id, medium, channel, agreement_version, created_at) VALUES (${id}, ${personB}, 'nfc', 'staff', 1, 1)`),
          /UNIQUE|unique/,
        );
      });
    });

    contactsContract(c);
    bindingsContract(c);
    healthContract(c);
    listsContract(c);
    terminalsContract(c);
    tapsContract(c);
    ticketsContract(c);
    outletsContract(c);
    refundsContract(c);
    staffContract(c);
    signInContract(c);
    outboxContract(c);
    lifecycleContract(c);
  });
}
