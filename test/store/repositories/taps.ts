// Tap records: stored once by tap id (through the engine's bulk path), annulled by their own terminal,
// counted per minute, purged after the retention period.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { NewTap } from '../../../src/store/store.ts';
import type { StoreCase } from '../support/case.ts';

const MINUTE = 60_000;
const tap = (tapId: string, fields: Partial<NewTap> = {}): NewTap => ({
  tapId,
  terminalId: 'G-1',
  cardKey: 'ck-1',
  decision: 'PASS',
  at: 100 * MINUTE,
  online: false,
  assisted: false,
  listVersion: 4,
  receivedAt: 101 * MINUTE,
  ...fields,
});

export function tapsContract(c: StoreCase): void {
  describe('taps', () => {
    test('stores a retried upload once, saying how many taps were new', async () => {
      const { taps } = c.store;
      assert.equal(await taps.insert([]), 0);
      assert.equal(await taps.insert([tap('t1'), tap('t2', { at: 100 * MINUTE + 5, decision: 'ABNORMAL', online: true }), tap('t3', { cardKey: 'ck-2', at: 101 * MINUTE, assisted: true, listVersion: null })]), 3);
      assert.equal(await taps.insert([tap('t2', { decision: 'PASS' }), tap('t4', { at: 102 * MINUTE })]), 1);
      const stored = await taps.ofCardKeys(['ck-1'], 0, 10);
      assert.deepEqual(stored.map((t) => [t.tapId, t.decision]), [['t4', 'PASS'], ['t2', 'ABNORMAL'], ['t1', 'PASS']]);
      assert.deepEqual(stored[1], { ...tap('t2', { at: 100 * MINUTE + 5, decision: 'ABNORMAL', online: true }), annulledAt: null });
      assert.deepEqual((await taps.ofCardKeys(['ck-2'], 0, 10))[0], { ...tap('t3', { cardKey: 'ck-2', at: 101 * MINUTE, assisted: true, listVersion: null }), annulledAt: null });
    });

    test('stores a large upload in one call', async () => {
      const batch = Array.from({ length: 600 }, (_, i) => tap(`bulk-${i}`, { cardKey: 'ck-bulk', at: 200 * MINUTE + i }));
      assert.equal(await c.store.taps.insert(batch), 600);
      assert.equal(await c.store.taps.insert(batch), 0);
    });

    test('finds the newest taps of card keys since an instant, up to a limit', async () => {
      const { taps } = c.store;
      assert.deepEqual((await taps.ofCardKeys(['ck-1', 'ck-2'], 101 * MINUTE, 10)).map((t) => t.tapId), ['t4', 't3']);
      assert.deepEqual((await taps.ofCardKeys(['ck-1', 'ck-2'], 0, 2)).map((t) => t.tapId), ['t4', 't3']);
      assert.deepEqual(await taps.ofCardKeys([], 0, 10), []);
    });

    test('a terminal annuls only its own taps, once', async () => {
      const { taps } = c.store;
      await taps.annul(['t1'], 'G-other', 500);
      await taps.annul(['t1', 't2'], 'G-1', 600);
      await taps.annul(['t1'], 'G-1', 700);
      await taps.annul([], 'G-1', 800);
      const annulled = new Map((await taps.ofCardKeys(['ck-1'], 0, 10)).map((t) => [t.tapId, t.annulledAt]));
      assert.deepEqual(Object.fromEntries(annulled), { t1: 600, t2: 600, t4: null });
    });

    test('counts taps per minute and decision since an instant', async () => {
      // Minutes come in order; decisions within a minute in no promised order.
      const rows = (await c.store.taps.perMinute(100 * MINUTE)).sort((a, b) => a.minute - b.minute || a.decision.localeCompare(b.decision));
      assert.deepEqual(rows, [
        { minute: 100, decision: 'ABNORMAL', taps: 1 },
        { minute: 100, decision: 'PASS', taps: 1 },
        { minute: 101, decision: 'PASS', taps: 1 },
        { minute: 102, decision: 'PASS', taps: 1 },
        { minute: 200, decision: 'PASS', taps: 600 },
      ]);
      assert.deepEqual(await c.store.taps.perMinute(300 * MINUTE), []);
    });

    test('purges taps older than an instant and says how many', async () => {
      assert.equal(await c.store.taps.purgeBefore(101 * MINUTE), 2);
      assert.equal(await c.store.taps.purgeBefore(101 * MINUTE), 0);
      assert.deepEqual((await c.store.taps.ofCardKeys(['ck-1', 'ck-2'], 0, 10)).map((t) => t.tapId), ['t4', 't3']);
    });
  });
}
