// Health records (newest wins) and entry policies (by version, published once).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { UniqueViolation } from '../../../src/store/store.ts';
import type { StoreCase } from '../support/case.ts';

export function healthContract(c: StoreCase): void {
  describe('health records', () => {
    test('keeps the newest record of a document: replays and late arrivals change nothing', async () => {
      const { store } = c;
      const record = { recordId: 'r2', colour: 'green', testedAt: 50, recordedAt: 200 };
      assert.equal(await store.health.put('key-health', record, 1_000), true);
      assert.deepEqual(await store.health.get('key-health'), record);
      assert.equal(await store.health.put('key-health', record, 1_001), false);
      assert.equal(await store.health.put('key-health', { recordId: 'r1', colour: 'red', testedAt: 10, recordedAt: 100 }, 1_002), false);
      assert.deepEqual(await store.health.get('key-health'), record);
      const newer = { recordId: 'r3', colour: 'yellow', testedAt: null, recordedAt: 300 };
      assert.equal(await store.health.put('key-health', newer, 1_003), true);
      assert.deepEqual(await store.health.get('key-health'), newer);
      assert.equal(await store.health.get('key-unknown'), undefined);
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
