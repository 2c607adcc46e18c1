// The health authority's webhook, against a real server on a real SQLite file: a record that is not an
// object is refused by itself (it once answered 500), a time without a zone offset is refused rather than
// read in the host's zone, and a full batch of the longest valid records fits under the route's body limit.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MAX_BATCH_RECORDS, signHealthBatch } from '../../src/http/health-feed.ts';
import { demoDocument } from '../support/fixtures.ts';
import { startSystem, type TestSystem } from '../support/system.ts';

let sys: TestSystem;
before(async () => {
  sys = await startSystem();
});
after(() => sys.stop());

/** POSTs a body to the webhook, signed with the feed key. */
async function feed(body: string) {
  const headers = { 'content-type': 'application/json', 'x-ykt-signature': signHealthBatch(sys.ctx.secrets.healthFeedKey, body, sys.ctx.clock()) };
  const response = await fetch(`${sys.base}/api/v1/health-feed/records`, { method: 'POST', headers, body });
  return { status: response.status, body: await response.json() };
}

const PASSPORT = demoDocument('passport');
const HOUR = 3_600_000;
/** An instant `hours` after now, as Beijing writes it (the demo data already holds a record from now). */
const beijing = (hours: number, offset = '+08:00') => new Date(sys.ctx.clock() + hours * HOUR + 8 * HOUR).toISOString().replace('Z', offset);
const record = (recordedAt: unknown, testedAt: unknown = null) => ({ recordId: `r-${String(recordedAt)}`, document: PASSPORT, colour: 'green', testedAt, recordedAt });

describe('records that are not objects', () => {
  test('null, a number, a string and an array among the records are each refused by index, and the rest stored', async () => {
    const good = record(beijing(1));
    const fed = await feed(JSON.stringify({ records: [null, 7, 'x', [good], { ...good, document: null }, good] }));
    assert.equal(fed.status, 200, JSON.stringify(fed.body));
    assert.deepEqual(fed.body, {
      stored: 1,
      superseded: 0,
      rejected: [
        { index: 0, code: 'HEALTH_RECORD_INVALID', field: 'record' },
        { index: 1, code: 'HEALTH_RECORD_INVALID', field: 'record' },
        { index: 2, code: 'HEALTH_RECORD_INVALID', field: 'record' },
        { index: 3, code: 'HEALTH_RECORD_INVALID', field: 'record' },
        { index: 4, code: 'DOC_TYPE_UNKNOWN', field: 'document' },
      ],
    });
  });
});

describe('a NUL character', () => {
  test('anywhere in a batch refuses the whole batch as VALIDATION_FAILED and stores nothing', async () => {
    const before = await sys.ctx.store.dump();
    const fed = await feed(JSON.stringify({ records: [record(beijing(2)), { ...record(beijing(3)), recordId: 'r-\u0000' }] }));
    assert.equal(fed.status, 400, JSON.stringify(fed.body));
    assert.equal(fed.body.error.code, 'VALIDATION_FAILED');
    assert.deepEqual((await sys.ctx.store.dump()).health_record, before.health_record);
  });
});

describe('times without a zone offset', () => {
  test('are refused with HEALTH_TIME_ZONE_MISSING, in either field, and store nothing', async () => {
    const before = await sys.ctx.store.dump();
    const fed = await feed(JSON.stringify({ records: [record('2022-06-07T09:00:00'), record('2022-06-07T09:00:00Z', '2022-06-07T08:00'), record('2022-06-08')] }));
    assert.equal(fed.status, 200, JSON.stringify(fed.body));
    assert.deepEqual(fed.body.rejected, [
      { index: 0, code: 'HEALTH_TIME_ZONE_MISSING', field: 'recordedAt' },
      { index: 1, code: 'HEALTH_TIME_ZONE_MISSING', field: 'testedAt' },
      { index: 2, code: 'HEALTH_TIME_ZONE_MISSING', field: 'recordedAt' },
    ]);
    assert.deepEqual((await sys.ctx.store.dump()).health_record, before.health_record);
  });

  test('with an offset, or as ms since the epoch, mean the same instant on every host', async () => {
    const testedAt = sys.ctx.clock();
    const recordedAt = beijing(2, '+0800');
    const fed = await feed(JSON.stringify({ records: [record(recordedAt, testedAt)] }));
    assert.deepEqual(fed.body, { stored: 1, superseded: 0, rejected: [] });
    const held = (await sys.ctx.store.dump()).health_record!.find((r: any) => r.record_id === `r-${recordedAt}`) as { recorded_at: number; tested_at: number };
    assert.equal(Number(held.recorded_at), Date.parse(recordedAt.replace('+0800', 'Z')) - 8 * HOUR);
    assert.equal(Number(held.tested_at), testedAt);
  });
});

describe('the largest batch', () => {
  test(`${MAX_BATCH_RECORDS} of the longest valid records, indented, are accepted and stored`, { timeout: 60_000 }, async () => {
    const permit = demoDocument('residence-permit');
    const start = sys.ctx.clock() + 3 * HOUR;
    const at = (i: number) => new Date(start + i + 8 * HOUR).toISOString().replace('Z', '123456+08:00');
    const records = Array.from({ length: MAX_BATCH_RECORDS }, (_, i) => ({
      recordId: `${i}`.padStart(100, 'r'),
      document: { type: permit.type, number: permit.number },
      colour: 'yellow',
      testedAt: at(i),
      recordedAt: at(i),
    }));
    const body = JSON.stringify({ records }, null, 2);
    assert.ok(body.length > 1024 * 1024, `the batch is ${body.length} bytes, over Fastify's default limit`);
    const fed = await feed(body);
    assert.equal(fed.status, 200, JSON.stringify(fed.body).slice(0, 500));
    assert.deepEqual(fed.body, { stored: MAX_BATCH_RECORDS, superseded: 0, rejected: [] });
  });

  test('one more record is refused as a whole and stores nothing', async () => {
    const before = await sys.ctx.store.dump();
    const fed = await feed(JSON.stringify({ records: Array.from({ length: MAX_BATCH_RECORDS + 1 }, () => null) }));
    assert.equal(fed.status, 400);
    assert.equal(fed.body.error.code, 'VALIDATION_FAILED');
    assert.deepEqual((await sys.ctx.store.dump()).health_record, before.health_record);
  });
});

describe('one person several times in a batch', () => {
  test('counts each record as if stored one by one, keeps the newest, and puts each bound card in the change log once', async () => {
    const permit = demoDocument('hk-macao-permit');
    const docKey = sys.ctx.personalData.documentKey(permit as never);
    const person = await sys.ctx.store.people.ensure({ docType: permit.type, docKey, docSealed: 'unused', docMasked: 'unused', at: sys.ctx.clock() });
    const card = (await sys.ctx.store.cards.findByNumber('1000751000000001'))!;
    await sys.ctx.store.bindings.insert({ cardId: card.id, personId: person.id, medium: 'physical', channel: 'kit', agreementVersion: 1, createdAt: sys.ctx.clock() });
    const last = (await sys.ctx.store.changes.after(0, 1_000_000)).at(-1)!.seq;
    const at = (hours: number, colour: string) => ({ recordId: `dup-${hours}-${colour}`, document: permit, colour, testedAt: null, recordedAt: beijing(hours) });

    const newest = at(14, 'red');
    const fed = await feed(JSON.stringify({ records: [at(13, 'yellow'), at(12, 'red'), newest, { ...newest, recordId: 'dup-14-again', colour: 'green' }, at(-5, 'green')] }));
    assert.deepEqual(fed.body, { stored: 2, superseded: 3, rejected: [] });
    assert.deepEqual(await sys.ctx.store.health.get(docKey), { recordId: 'dup-14-red', colour: 'red', testedAt: null, recordedAt: Date.parse(newest.recordedAt) });
    const changes = (await sys.ctx.store.changes.after(last, 100)).filter((c) => c.kind === 'health');
    assert.deepEqual(changes.map((c) => [c.cardId, c.personId]), [[card.id, person.id]]);
  });
});
