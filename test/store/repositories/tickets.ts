// The service desk's tickets: filtered lists with what a list shows beside them, messages, e-mail threads.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { UniqueViolation, type Ticket } from '../../../src/store/store.ts';
import { card, type StoreCase } from '../support/case.ts';

export function ticketsContract(c: StoreCase): void {
  describe('tickets', () => {
    let agent: number;
    let cardId: number;
    let first: Ticket;
    let second: Ticket;

    before(async () => {
      agent = (await c.store.staff.insert({ username: 'agent-tickets', displayName: 'Agent Li', role: 'agent', passwordHash: 'h', createdAt: 1 })).id;
      cardId = (await c.store.cards.insert(card('3600000000000001'))).id;
    });

    test('opens tickets and reads one back with its card number, assignee and message count', async () => {
      const { tickets } = c.store;
      const fields = { source: 'kit' as const, state: 'open' as const, subject: 'Tap failed', lang: 'en' as const, personId: c.personA, cardId, contactEmail: null, contactPhone: null, assigneeId: null, openedBy: 'holder', createdAt: 10, updatedAt: 10 };
      first = await tickets.insert(fields);
      second = await tickets.insert({ ...fields, source: 'email', subject: '退卡', lang: 'zh', personId: null, cardId: null, contactEmail: 'a@example.com', createdAt: 20, updatedAt: 20 });
      assert.ok(second.id > first.id);
      assert.deepEqual(await tickets.get(first.id), { ...first, cardNumber: '3600000000000001', assignee: null, messageCount: 0 });
      assert.equal(await tickets.get(999_999), undefined);
    });

    test('updates only the fields given, and lists by state, assignee, source and person, latest activity first', async () => {
      const { tickets } = c.store;
      await tickets.update(first.id, { state: 'pending-holder', assigneeId: agent, updatedAt: 30 });
      assert.deepEqual(await tickets.get(first.id), { ...first, state: 'pending-holder', assigneeId: agent, updatedAt: 30, cardNumber: '3600000000000001', assignee: { username: 'agent-tickets', displayName: 'Agent Li' }, messageCount: 0 });
      assert.deepEqual((await tickets.find({ states: [], limit: 10 })).map((t) => t.id), [first.id, second.id]);
      assert.deepEqual((await tickets.find({ states: ['open'], limit: 10 })).map((t) => t.id), [second.id]);
      assert.deepEqual((await tickets.find({ states: [], assigneeId: null, limit: 10 })).map((t) => t.id), [second.id]);
      assert.deepEqual((await tickets.find({ states: [], assigneeId: agent, limit: 10 })).map((t) => t.id), [first.id]);
      assert.deepEqual((await tickets.find({ states: [], source: 'email', limit: 10 })).map((t) => t.id), [second.id]);
      assert.deepEqual((await tickets.find({ states: [], personId: c.personA, limit: 10 })).map((t) => t.id), [first.id]);
      assert.deepEqual((await tickets.find({ states: [], limit: 1 })).map((t) => t.id), [first.id]);
      assert.deepEqual(await tickets.countByState(), { open: 1, 'pending-holder': 1 });
    });

    test('keeps messages in order, counts them, and finds a thread by e-mail Message-ID stored once', async () => {
      const { tickets } = c.store;
      const message = { ticketId: second.id, author: 'holder' as const, staffId: null, body: 'Hello', internal: false, mailMessageId: '<m1@example.com>', createdAt: 21 };
      const stored = await tickets.insertMessage(message);
      assert.deepEqual(stored, { ...message, id: stored.id });
      const note = await tickets.insertMessage({ ...message, author: 'agent', staffId: agent, body: 'Checked', internal: true, mailMessageId: null, createdAt: 22 });
      assert.deepEqual(await tickets.messages(second.id), [stored, note]);
      assert.deepEqual(await tickets.messages(first.id), []);
      assert.equal((await tickets.get(second.id))!.messageCount, 2);
      await assert.rejects(tickets.insertMessage({ ...message, createdAt: 23 }), UniqueViolation);
      assert.equal(await tickets.ofMailMessage(['<other@example.com>', '<m1@example.com>']), second.id);
      assert.equal(await tickets.ofMailMessage(['<other@example.com>']), undefined);
      assert.equal(await tickets.ofMailMessage([]), undefined);
    });

    test("erasing a person empties their tickets (messages, subject, contact, card, person) and nobody else's", async () => {
      const { tickets } = c.store;
      const erased = await c.store.people.ensure({ docType: 'passport', docKey: 'key-erase-tickets', docSealed: 's', docMasked: 'm', at: 1 });
      const theirs = await tickets.insert({ ...first, state: 'open', personId: erased.id, contactEmail: 'p@example.com', contactPhone: '+852 1234 5678', createdAt: 40, updatedAt: 40 });
      await tickets.insertMessage({ ticketId: theirs.id, author: 'holder', staffId: null, body: 'my words', internal: false, mailMessageId: null, createdAt: 41 });
      await c.store.people.erase(erased.id, 50);
      const after = await tickets.get(theirs.id);
      assert.deepEqual(
        [after?.subject, after?.personId, after?.cardId, after?.contactEmail, after?.contactPhone, after?.state, after?.messageCount],
        ['', null, null, null, null, 'open', 0],
      );
      assert.equal((await tickets.get(first.id))!.subject, 'Tap failed');
      assert.equal((await tickets.messages(second.id)).length, 2);
    });
  });
}
