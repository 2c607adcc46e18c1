import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Decision } from '../../src/domain/decisions.ts';
import { TapQueue, type TapBatch } from '../../src/readers/sdk/index.ts';
import { NOW, card, inHours, snapshot, trustingList } from './list-fixtures.ts';

function recorder(failFirst = 0) {
  const calls: TapBatch[] = [];
  let failures = failFirst;
  const upload = async (batch: TapBatch) => {
    calls.push(structuredClone(batch));
    if (failures-- > 0) throw new Error('offline');
  };
  return { calls, upload };
}

const tap = (n: number) => ({ cardKey: n.toString(16).padStart(16, '0'), hashKeyId: 1, decision: Decision.PASS, at: NOW + n, listVersion: 3 });

test('records offline taps with a random 128-bit id and the terminal', () => {
  const queue = new TapQueue({ terminal: 'L10-S03-G07', upload: async () => {} });
  const a = queue.record(tap(1));
  const b = queue.record(tap(2));
  assert.match(a.tapId, /^[0-9a-f]{32}$/);
  assert.notEqual(a.tapId, b.tapId);
  assert.equal(a.terminal, 'L10-S03-G07');
  assert.equal(a.online, false);
  assert.equal(queue.pending, 2);
});

test('drains in batches and retries a failed batch unchanged, so uploads are idempotent', async () => {
  const { calls, upload } = recorder(1);
  const queue = new TapQueue({ terminal: 't1', upload, maxBatch: 2 });
  for (let i = 0; i < 5; i++) queue.record(tap(i));
  const first = await queue.drain();
  assert.equal(first.uploaded, 0);
  assert.equal(first.pending, 5);
  assert.ok(first.error instanceof Error);
  queue.record(tap(9));
  const second = await queue.drain();
  assert.deepEqual({ uploaded: second.uploaded, pending: second.pending }, { uploaded: 6, pending: 0 });
  assert.deepEqual(calls[1], calls[0], 'the retried batch is the same batch');
  assert.deepEqual(calls.slice(1).map((b) => b.taps.length), [2, 2, 2]);
  assert.equal(new Set(calls.slice(1).map((b) => b.batchId)).size, 3);
});

test('annuls a tap still queued in place, and one already uploaded by a separate annulment', async () => {
  const { calls, upload } = recorder();
  const queue = new TapQueue({ terminal: 't1', upload });
  const sent = queue.record(tap(1));
  await queue.drain();
  const queued = queue.record(tap(2));
  queue.annul(queued.tapId, NOW + 10);
  queue.annul(sent.tapId, NOW + 11);
  queue.annul(sent.tapId, NOW + 12);
  await queue.drain();
  const last = calls.at(-1)!;
  assert.equal(last.taps[0]!.annulled, true);
  assert.deepEqual(last.annulments, [{ tapId: sent.tapId, at: NOW + 11 }]);
});

test('concurrent drains share one upload pass', async () => {
  const { calls, upload } = recorder();
  const queue = new TapQueue({ terminal: 't1', upload });
  queue.record(tap(1));
  const [a, b] = await Promise.all([queue.drain(), queue.drain()]);
  assert.equal(calls.length, 1);
  assert.deepEqual(a, b);
});

test('survives a restart through its saved state, in-flight batch included', async () => {
  const { upload } = recorder(1);
  const queue = new TapQueue({ terminal: 't1', upload });
  queue.record(tap(1));
  await queue.drain();
  const saved = JSON.parse(JSON.stringify(queue.state()));
  const { calls, upload: upload2 } = recorder();
  const restored = new TapQueue({ terminal: 't1', upload: upload2 }, saved);
  assert.equal(restored.pending, 1);
  await restored.drain();
  assert.equal(calls[0]!.batchId, saved.inflight.batchId);
});

test('a tap recorded from the list carries the card key and list version, not the card number', async () => {
  const list = trustingList();
  await list.loadSnapshot(snapshot(4, [[card(1), inHours(3)]]));
  const queue = new TapQueue({ terminal: 't1', upload: async () => {} });
  const record = queue.recordTap(list, card(1), list.decide(card(1), NOW), NOW);
  assert.equal(record.decision, Decision.PASS);
  assert.equal(record.listVersion, 4);
  assert.equal(record.cardKey, list.cardKey(card(1))!.cardKey);
  assert.ok(!JSON.stringify(record).includes(card(1)));
});
