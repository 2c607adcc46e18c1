// The server's card-key sort: a comparison sort for a few cards (a delta), a radix sort for many (a
// snapshot). Both must give the same order, keys ascending as unsigned 64-bit numbers, each key once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sortedCardKeys } from '../../src/readers/builder/card-key-sort.ts';

const HASH_KEY = new Uint8Array(16).fill(7);
const entries = (n: number) => Array.from({ length: n }, (_, i) => [`6214${String(i * 7919).padStart(15, '0')}`, i % 1000] as const);
const keys = (c: ReturnType<typeof sortedCardKeys>) => Array.from(c.hi, (hi, i) => (BigInt(hi) << 32n) | BigInt(c.lo[i]!));

test('a few cards and many come out in the same ascending key order, each key once', () => {
  for (const n of [1, 5, 2047, 2048, 5000]) {
    const sorted = keys(sortedCardKeys(HASH_KEY, entries(n)));
    assert.equal(sorted.length, n);
    for (let i = 1; i < n; i++) assert.ok(sorted[i - 1]! < sorted[i]!, `n = ${n}: ascending at ${i}`);
  }
  // The first 50 cards, sorted alone (comparison) and as part of 5,000 (radix), keep the same relative order and values.
  const few = sortedCardKeys(HASH_KEY, entries(50));
  const many = sortedCardKeys(HASH_KEY, entries(5000));
  const fewKeys = new Set(keys(few));
  const fromMany = keys(many).flatMap((k, i) => (fewKeys.has(k) ? [[k, many.val[i]]] : []));
  assert.deepEqual(fromMany, keys(few).map((k, i) => [k, few.val[i]]));
});

test('a card listed twice keeps its smallest value, with a few cards as with many', () => {
  for (const n of [3, 3000]) {
    const list = [...entries(n), [entries(1)[0]![0], 0] as const];
    const sorted = sortedCardKeys(HASH_KEY, [...list.slice(0, 1).map(([c]) => [c, 900] as const), ...list]);
    assert.equal(sorted.val.length, n);
    const first = keys(sortedCardKeys(HASH_KEY, entries(1)))[0]!;
    assert.equal(sorted.val[keys(sorted).indexOf(first)], 0);
  }
});
