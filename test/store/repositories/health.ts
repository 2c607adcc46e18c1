// Health records (newest wins) and entry policies (by version, published once).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { UniqueViolation } from '../../../src/store/store.ts';
import { person, type StoreCase } from '../support/case.ts';

export function healthContract(c: StoreCase): void {
  describe('health records', () => {
    test('keeps the newest record of a document: replays and late arrivals change nothing', async () => {
      const { store } = c;
      const one = (record: { recordId: string; colour: string; testedAt: number | null; recordedAt: number }) => new Map([['key-health', record]]);
      const record = { recordId: 'r2', colour: 'green', testedAt: 50, recordedAt: 200 };
      assert.equal((await store.health.put(one(record), 1_000)).length, 1);
      assert.deepEqual(await store.health.get('key-health'), record);
      assert.equal((await store.health.put(one(record), 1_001)).length, 0);
      assert.equal((await store.health.put(one({ recordId: 'r1', colour: 'red', testedAt: 10, recordedAt: 100 }), 1_002)).length, 0);
      assert.deepEqual(await store.health.get('key-health'), record);
      const newer = { recordId: 'r3', colour: 'yellow', testedAt: null, recordedAt: 300 };
      assert.equal((await store.health.put(one(newer), 1_003)).length, 1);
      assert.deepEqual(await store.health.get('key-health'), newer);
      assert.equal(await store.health.get('key-unknown'), undefined);
    });

    test('finds the record filed under a person’s document by the key on their row, and none once they are erased', async () => {
      const { store } = c;
      const holder = await person(store, 'key-of-person');
      const nobody = await person(store, 'key-of-person-none');
      const record = { recordId: 'p1', colour: 'green', testedAt: 7, recordedAt: 70 };
      await store.health.put(new Map([['key-of-person', record]]), 1);
      const found = await store.people.withHealth(holder);
      assert.ok(found, 'the person is found');
      assert.equal(found.person.id, holder);
      assert.deepEqual(found.health, record);
      assert.deepEqual(await store.people.withHealth(nobody), { person: await store.people.get(nobody), health: null }, 'a person with no record');
      assert.equal(await store.people.withHealth(999_999), undefined, 'no such person');
      await store.people.erase(holder, 2);
      assert.equal((await store.people.withHealth(holder))?.health, null, 'erased with the person');
    });

    test('stores a batch of records in one call, each only where it is newer than the one held', async () => {
      const { store } = c;
      await store.health.put(new Map([['key-batch-old', { recordId: 'b0', colour: 'green', testedAt: 1, recordedAt: 500 }]]), 1);
      const batch = new Map([
        ['key-batch-new', { recordId: 'b1', colour: 'red', testedAt: null, recordedAt: 400 }],
        ['key-batch-old', { recordId: 'b2', colour: 'yellow', testedAt: 2, recordedAt: 450 }],
        ...Array.from({ length: 1_500 }, (_, i) => [`key-batch-${i}`, { recordId: `m${i}`, colour: 'green', testedAt: i, recordedAt: 1_000 + i }] as const),
      ]);
      const stored = await store.health.put(batch, 2);
      assert.equal(stored.length, 1_501);
      assert.ok(stored.includes('key-batch-new') && stored.includes('key-batch-1499'), 'names the keys it stored');
      assert.ok(!stored.includes('key-batch-old'), 'not the one a newer record held');
      assert.deepEqual(await store.health.get('key-batch-new'), { recordId: 'b1', colour: 'red', testedAt: null, recordedAt: 400 });
      assert.deepEqual(await store.health.get('key-batch-old'), { recordId: 'b0', colour: 'green', testedAt: 1, recordedAt: 500 });
      assert.deepEqual(await store.health.get('key-batch-1499'), { recordId: 'm1499', colour: 'green', testedAt: 1499, recordedAt: 2_499 });
      assert.equal((await store.health.put(new Map(), 3)).length, 0);
    });

    test('tells when the record held for each document key was recorded, and nothing for keys without one', async () => {
      const keys = ['key-batch-old', 'key-batch-none', ...Array.from({ length: 1_500 }, (_, i) => `key-batch-${i}`)];
      const held = await c.store.health.recordedAt(keys);
      assert.equal(held.size, 1_501);
      assert.equal(held.get('key-batch-old'), 500);
      assert.equal(held.get('key-batch-none'), undefined);
      assert.equal(held.get('key-batch-1499'), 2_499);
      assert.equal((await c.store.health.recordedAt([])).size, 0);
    });
  });

  describe('entry policies', () => {
    test('lists published policies by version and refuses a version twice', async () => {
      const { store } = c;
      const existing = await store.policies.all();
      const next = (existing.at(-1)?.version ?? 0) + 1;
      const strict = { version: next, passColours: ['green' as const], maxTestAgeMs: 72 * 3_600_000, maxListAgeMs: 600_000, effectiveAt: 5 };
      const colourOnly = { version: next + 1, passColours: ['green' as const, 'popup' as const], maxTestAgeMs: null, maxListAgeMs: 900_000, effectiveAt: 6 };
      await store.policies.insert(colourOnly, 2, 'operator:1');
      await store.policies.insert(strict, 1, 'operator:1');
      assert.deepEqual(await store.policies.all(), [...existing, strict, colourOnly]);
      await assert.rejects(store.policies.insert({ ...strict, effectiveAt: 9 }, 3, 'operator:2'), UniqueViolation);
      assert.deepEqual(await store.policies.all(), [...existing, strict, colourOnly]);
    });
  });
}
