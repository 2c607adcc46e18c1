// The reader's in-memory table on its own: every key found, nothing else found, at the edges of buckets and of
// the key space, after a merge with deltas, and its structure check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ABSENT, KeyTable, STRIDE, writeRecord } from '../../src/readers/sdk/key-table.ts';
import { BUCKETS } from '../../src/readers/sdk/list-format.ts';
import { Overlay } from '../../src/readers/sdk/overlay.ts';
import { mergeOverlay } from '../../src/readers/sdk/merge.ts';
import { bucketOf, compareCardKeys, lowOf, midOf } from '../../src/readers/sdk/card-key.ts';

type Entry = [hi: number, lo: number, value: number];

/** A table from entries in any order (as a snapshot gives them, sorted). */
function tableOf(entries: Entry[]): KeyTable {
  const sorted = [...entries].sort((a, b) => compareCardKeys(a[0], a[1], b[0], b[1]));
  const starts = new Uint32Array(BUCKETS + 1);
  const rec = new Uint16Array(sorted.length * STRIDE);
  sorted.forEach(([hi, lo, v], i) => {
    starts[bucketOf(hi) + 1]!++;
    writeRecord(rec, i, midOf(hi, lo), lowOf(lo), v);
  });
  for (let b = 0; b < BUCKETS; b++) starts[b + 1]! += starts[b]!;
  return new KeyTable(starts, rec);
}

function randomEntries(n: number, seed: number): Entry[] {
  let x = seed | 0;
  const rand = () => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), x >>> 0);
  const seen = new Set<string>();
  const out: Entry[] = [];
  while (out.length < n) {
    const hi = rand(), lo = rand();
    if (seen.has(`${hi}:${lo}`)) continue;
    seen.add(`${hi}:${lo}`);
    out.push([hi, lo, (rand() & 0x0fff_fff0) | (rand() & 3)]);
  }
  return out;
}

test('finds every key of a 50,000-entry table with its value, and no key one off from one of them', () => {
  const entries = randomEntries(50_000, 0x1234567);
  const table = tableOf(entries);
  assert.equal(table.check(), null);
  const held = new Set(entries.map(([hi, lo]) => `${hi}:${lo}`));
  for (const [hi, lo, v] of entries) {
    assert.equal(table.find(hi, lo), v);
    for (const [h, l] of [[hi, (lo + 1) >>> 0], [hi, (lo - 1) >>> 0], [hi, (lo ^ 0x10000) >>> 0], [(hi ^ 1) >>> 0, lo], [(hi ^ 0x10000) >>> 0, lo]] as const) {
      if (!held.has(`${h}:${l}`)) assert.equal(table.find(h, l), ABSENT);
    }
  }
});

test('finds keys at the edges: first and last bucket, all zeros, all ones, and keys sharing bits 63..16', () => {
  const entries: Entry[] = [
    [0, 0, 1], [0, 1, 2], [0x0000_ffff, 0xffff_ffff, 3], // bucket 0: first key, its neighbour, its last possible key
    [0x0001_0000, 0, 4], // bucket 1, first possible key
    [0xffff_0000, 0, 5], [0xffff_ffff, 0xffff_fffe, 6], [0xffff_ffff, 0xffff_ffff, 7], // the last bucket
  ];
  // A crowded bucket: 40 keys that differ only in their low 16 bits, around ones that differ higher up.
  for (let i = 0; i < 40; i++) entries.push([0x7000_1234, 0x5678_0000 + i * 3, (i + 1) << 4]);
  entries.push([0x7000_1234, 0x5677_ffff, 0x101], [0x7000_1234, 0x5679_0000, 0x202]);
  const table = tableOf(entries);
  assert.equal(table.check(), null);
  for (const [hi, lo, v] of entries) assert.equal(table.find(hi, lo), v, `${hi.toString(16)}:${lo.toString(16)}`);
  for (const [hi, lo] of [[0, 2], [0x0000_ffff, 0xffff_fffe], [0x0001_0000, 1], [0xffff_ffff, 0xffff_fffd], [0x7000_1234, 0x5678_0001], [0x7000_1234, 0x5678_0000 + 40 * 3], [0x7001_1234, 0x5678_0000]]) {
    assert.equal(table.find(hi!, lo!), ABSENT, `${hi!.toString(16)}:${lo!.toString(16)}`);
  }
});

test('an empty table finds nothing; a one-entry table finds its one key only', () => {
  const empty = tableOf([]);
  assert.equal(empty.check(), null);
  assert.equal(empty.size, 0);
  for (const [hi, lo] of [[0, 0], [0xffff_ffff, 0xffff_ffff], [0x1234_5678, 0x9abc_def0]]) assert.equal(empty.find(hi!, lo!), ABSENT);
  const one = tableOf([[0x1234_5678, 0x9abc_def0, 42]]);
  assert.equal(one.find(0x1234_5678, 0x9abc_def0), 42);
  assert.equal(one.find(0x1234_5678, 0x9abc_def1), ABSENT);
  assert.equal(one.find(0x1235_5678, 0x9abc_def0), ABSENT);
});

test('a merge with the overlay finds updated, added and kept keys, and not removed ones', () => {
  const entries = randomEntries(5_000, 0xbeef);
  const overlay = new Overlay();
  const want = new Map(entries.map(([hi, lo, v]) => [`${hi}:${lo}`, v]));
  entries.slice(0, 300).forEach(([hi, lo]) => (overlay.remove(hi, lo), want.delete(`${hi}:${lo}`)));
  entries.slice(300, 600).forEach(([hi, lo]) => (overlay.set(hi, lo, 0x92), want.set(`${hi}:${lo}`, 0x92)));
  const added = randomEntries(400, 0xfeed).concat([[0xffff_ffff, 0xffff_ffff, 3], [0, 0, 2]]);
  added.forEach(([hi, lo, v]) => (overlay.set(hi, lo, v), want.set(`${hi}:${lo}`, v)));
  overlay.remove(0x0bad_0bad, 0x0bad_0bad); // removing a key never held changes nothing
  const merged = mergeOverlay(tableOf(entries), overlay);
  assert.equal(merged.check(), null);
  assert.equal(merged.size, want.size);
  for (const [hi, lo] of entries.concat(added)) assert.equal(merged.find(hi, lo), want.get(`${hi}:${lo}`) ?? ABSENT);
  assert.equal(merged.find(0x0bad_0bad, 0x0bad_0bad), ABSENT);
});

test('the structure check refuses keys out of order, a repeated key, a bad bucket table and a reserved value', () => {
  const entries: Entry[] = [[0x0005_0000, 1, 1], [0x0005_0000, 2, 2], [0x0005_0001, 0, 3], [0x0009_0000, 0, 4]];
  const broken = (change: (t: KeyTable) => void): string | null => {
    const t = tableOf(entries);
    change(t);
    return t.check();
  };
  const swap = (t: KeyTable, i: number, j: number) => {
    const a = t.rec.slice(i * STRIDE, (i + 1) * STRIDE);
    t.rec.copyWithin(i * STRIDE, j * STRIDE, (j + 1) * STRIDE);
    t.rec.set(a, j * STRIDE);
  };
  assert.equal(broken(() => {}), null);
  assert.equal(broken((t) => swap(t, 0, 1)), 'keys out of order');
  assert.equal(broken((t) => swap(t, 1, 2)), 'keys out of order');
  assert.equal(broken((t) => t.rec.copyWithin(STRIDE, 0, STRIDE)), 'keys out of order');
  assert.equal(broken((t) => (t.starts[6] = 9)), 'bad bucket table');
  assert.equal(broken((t) => (t.starts[BUCKETS] = 3)), 'bad bucket table');
  assert.equal(broken((t) => writeRecord(t.rec, 3, 0, 0, 0xffff_ffff)), 'reserved value');
});
