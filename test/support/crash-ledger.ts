// Holds a store to the ledger of a write load (write-load.ts) after crashes: every acknowledged write is
// there, and nothing is half-done — no binding made or ended without its change-log row, no tap batch or
// health batch stored in part.
import assert from 'node:assert/strict';
import type { Store } from '../../src/store/store.ts';
import type { Holder, Ledger } from './write-load.ts';

type Row = Record<string, any>;

/** What the crash tests print for the closing note: acknowledged writes per kind, and how many were lost. */
export interface LedgerCounts {
  upgrades: number;
  unbinds: number;
  tapBatches: number;
  taps: number;
  healthBatches: number;
  healthRecords: number;
  unconfirmed: number;
  lost: number;
}

/** Asserts the store keeps every acknowledged write of `ledger`, whole, and answers the counts. */
export async function checkLedger(store: Store, ledger: Ledger, holders: readonly Holder[]): Promise<LedgerCounts> {
  const dump = await store.dump();
  const bindings = new Map((dump.binding as Row[]).map((b) => [Number(b.id), b]));
  const changes = new Set((dump.change_log as Row[]).map((c) => `${c.kind}:${c.card_id}:${c.person_id}:${c.at}`));
  const taps = new Set((dump.tap as Row[]).map((t) => t.tap_id as string));
  const lost: string[] = [];

  for (const { bindingId } of ledger.upgrades) if (!bindings.has(bindingId)) lost.push(`upgrade → binding ${bindingId}`);
  for (const id of ledger.unbinds) if (bindings.get(id)?.ended_at == null) lost.push(`unbinding of binding ${id}`);
  for (const batch of ledger.tapBatches) if (!batch.every((id) => taps.has(id))) lost.push(`tap batch ${batch[0]}…`);

  // Every binding of the holders' cards, acknowledged or not, came with its change-log rows in one transaction.
  const cardIds = new Set<number>();
  for (const h of holders) cardIds.add((await store.cards.findByNumber(h.cardNumber))!.id);
  for (const b of bindings.values()) {
    if (!cardIds.has(Number(b.card_id))) continue;
    assert.ok(changes.has(`binding.created:${b.card_id}:${b.person_id}:${b.created_at}`), `binding ${b.id} has no binding.created change`);
    if (b.ended_at != null) assert.ok(changes.has(`binding.ended:${b.card_id}:${b.person_id}:${b.ended_at}`), `binding ${b.id} ended with no binding.ended change`);
  }
  for (const batch of ledger.unconfirmed.tapBatches) {
    const stored = batch.filter((id) => taps.has(id)).length;
    assert.ok(stored === 0 || stored === batch.length, `an unconfirmed tap batch is stored in part: ${stored} of ${batch.length}`);
  }

  // Each health batch holds one record per holder, all recorded at one instant: the holders' records must
  // all come from one batch (none stored in part), no older than the last acknowledged one.
  const recordedAt = holders.map((_, i) => {
    const row = (dump.health_record as Row[]).find((r) => new RegExp(`^load-\\d+-${i}$`).test(r.record_id));
    return Number(row?.recorded_at ?? 0);
  });
  assert.equal(new Set(recordedAt).size, 1, `the holders' health records come from different batches: ${recordedAt.join(', ')}`);
  const lastAcknowledged = Math.max(0, ...ledger.healthBatches);
  if (recordedAt[0]! < lastAcknowledged) lost.push(`health batch recorded at ${lastAcknowledged}`);

  assert.deepEqual(lost, [], 'acknowledged writes missing after the crashes');
  const u = ledger.unconfirmed;
  return {
    upgrades: ledger.upgrades.length,
    unbinds: ledger.unbinds.length,
    tapBatches: ledger.tapBatches.length,
    taps: ledger.tapBatches.reduce((sum, b) => sum + b.length, 0),
    healthBatches: ledger.healthBatches.length,
    healthRecords: ledger.healthBatches.length * holders.length,
    unconfirmed: u.upgrades + u.unbinds + u.tapBatches.length + u.healthBatches.length,
    lost: lost.length,
  };
}
