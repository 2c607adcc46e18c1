// A holder's own data, end to end over HTTP on a real SQLite file: the export holds the health record and the
// sign-in history besides the rest, and deleting the account erases every personal field — what stays is the
// anonymous person row, the ended bindings, the agreement acceptances and the audit log.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { checkDocument } from '../../src/domain/documents.ts';
import { ingestHealth } from '../../src/services/feeds/health-feed.ts';
import { assertCoded, demoCard, demoDocument } from '../support/fixtures.ts';
import { call, signIn, startSystem, type TestSystem } from '../support/system.ts';

const PASSPORT = demoDocument('passport');
const NAME = 'Alice Smith';
const EMAIL = 'alice.erased@example.com';
const SUBJECT = 'Gate at Dongzhimen refused my card';

describe("a holder's data", () => {
  let sys: TestSystem;
  let token: string;
  let personId: number;
  let docKey: string;

  before(async () => {
    sys = await startSystem();
    const verdict = checkDocument(PASSPORT);
    assert.ok(verdict.valid);
    docKey = sys.ctx.personalData.documentKey(verdict.document);
    await signIn(sys, 'kit', { ...PASSPORT, email: EMAIL });
    token = await signIn(sys, 'kit', PASSPORT);
    personId = (await sys.ctx.store.sessions.get(token.split('.')[0]!))!.personId;
    const upgraded = await call(sys.base, 'POST', '/api/v1/kit/cards', { cardNumber: demoCard(3), medium: 'physical', agreementVersion: 1 }, token);
    assert.equal(upgraded.status, 201, JSON.stringify(upgraded.body));
    const opened = await call(sys.base, 'POST', '/api/v1/kit/tickets', { subject: SUBJECT, body: 'At 8:10 this morning.' }, token);
    assert.equal(opened.status, 201, JSON.stringify(opened.body));
    const now = sys.ctx.clock();
    const fed = await ingestHealth(sys.ctx, [{ recordId: 'export-1', document: PASSPORT, colour: 'yellow', testedAt: now - 3_600_000, recordedAt: now + 1 }]);
    assert.equal(fed.stored, 1);
  });
  after(() => sys.stop());

  test('the export holds my health record and every sign-in, newest first', async () => {
    const exported = await call(sys.base, 'GET', '/api/v1/kit/me/export', undefined, token);
    assert.equal(exported.status, 200, JSON.stringify(exported.body));
    const now = sys.ctx.clock();
    assert.deepEqual(exported.body.healthRecord, {
      recordId: 'export-1',
      colour: 'yellow',
      testedAt: exported.body.healthRecord.testedAt,
      recordedAt: exported.body.healthRecord.recordedAt,
    });
    assert.ok(Math.abs(Date.parse(exported.body.healthRecord.testedAt) - (now - 3_600_000)) < 60_000);
    assert.deepEqual(
      exported.body.signIns.map((s: { channel: string; endedAt: string | null }) => [s.channel, s.endedAt]),
      [['kit', null], ['kit', null]],
    );
    assert.ok(Date.parse(exported.body.signIns[0].at) >= Date.parse(exported.body.signIns[1].at));
  });

  test('deleting the account signs me out and erases my document, contact, health record, sign-ins and tickets', async () => {
    const deleted = await call(sys.base, 'DELETE', '/api/v1/kit/me', undefined, token);
    assert.deepEqual([deleted.status, deleted.body], [200, { bindingsEnded: 1 }]);
    assertCoded(await call(sys.base, 'GET', '/api/v1/kit/me/export', undefined, token), 'SESSION_INVALID');

    const dump = await sys.ctx.store.dump();
    const mine = <T extends Record<string, unknown>>(table: string, key: string) => (dump[table] as T[]).filter((row) => Number(row[key]) === personId);
    assert.deepEqual((dump.health_record as Array<{ doc_key: string }>).filter((r) => r.doc_key === docKey), []);
    assert.deepEqual(mine('session', 'person_id'), []);
    assert.deepEqual(mine('ticket', 'person_id'), []);
    const person = mine<{ doc_sealed: unknown; doc_masked: unknown; contact_sealed: unknown; contact_masked: unknown; erased_at: unknown }>('person', 'id')[0]!;
    assert.deepEqual([person.doc_sealed, person.doc_masked, person.contact_sealed, person.contact_masked], [null, null, null, null]);
    assert.ok(person.erased_at !== null);
    // Nothing anywhere still reads as the person: not their number, name, e-mail, nor the words of their ticket.
    const everything = JSON.stringify(dump);
    for (const personal of [PASSPORT.number, NAME, EMAIL, SUBJECT]) assert.ok(!everything.includes(personal), `${personal} is still stored`);
  });

  test('what stays is what the audit needs: the ended bindings, the acceptances and the audit entry', async () => {
    const dump = await sys.ctx.store.dump();
    const bindings = (dump.binding as Array<{ person_id: number; ended_at: unknown; end_reason: string }>).filter((b) => Number(b.person_id) === personId);
    assert.deepEqual(bindings.map((b) => [b.end_reason, b.ended_at !== null]), [['account-deleted', true]]);
    assert.equal((dump.acceptance as Array<{ person_id: number }>).filter((a) => Number(a.person_id) === personId).length, 1);
    const audit = (dump.audit_log as Array<{ action: string; subject: string }>).filter((e) => e.subject === `person:${personId}`);
    assert.deepEqual(audit.map((e) => e.action), ['person.erased']);
  });

  test('the same document signs in afresh as a new person, with nothing of the old one', async () => {
    const again = await signIn(sys, 'kit', PASSPORT);
    const exported = await call(sys.base, 'GET', '/api/v1/kit/me/export', undefined, again);
    assert.equal(exported.status, 200);
    assert.deepEqual([exported.body.bindings, exported.body.tickets, exported.body.healthRecord, exported.body.signIns.length], [[], [], null, 1]);
  });
});
