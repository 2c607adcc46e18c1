// The SQLite store checkpoints its WAL in a thread of its own (src/store/sqlite/sqlite-checkpointer.ts), with
// SQLite's automatic checkpoint turned off: the WAL's pages must still reach the database file while the
// store writes, every write must be there after a reopen, and closing must leave no WAL behind.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { tempDataDir } from '../support/system.ts';

const RECORDS = 40_000;
const PER_TRANSACTION = 4_000;

const docKey = (i: number) => `checkpoint-${String(i).padStart(32, '0')}`;

test('the WAL reaches the database file while the store writes, and nothing is lost', async () => {
  const file = path.join(tempDataDir(), 'ykt.sqlite');
  const store = await openSqliteStore(file);
  await store.migrate();
  const sizeAtStart = fs.statSync(file).size;
  for (let from = 0; from < RECORDS; from += PER_TRANSACTION) {
    const records = new Map(
      Array.from({ length: PER_TRANSACTION }, (_, k) => [docKey(from + k), { recordId: `r-${from + k}`, colour: 'green', testedAt: null, recordedAt: 1_000 + from + k }] as const),
    );
    await store.transaction((tx) => tx.health.put(records, 2_000));
  }
  // No checkpoint at all would leave the file at its size after migrating, with every page in the WAL.
  for (let waited = 0; fs.statSync(file).size < sizeAtStart + 2_000_000 && waited < 10_000; waited += 50) await sleep(50);
  assert.ok(fs.statSync(file).size >= sizeAtStart + 2_000_000, `the database file grew from ${sizeAtStart} to ${fs.statSync(file).size} bytes only`);
  await store.close();
  // The store's connection closed last, so SQLite checkpointed the rest and removed the WAL.
  assert.equal(fs.existsSync(`${file}-wal`), false);

  const reopened = await openSqliteStore(file);
  const held = await reopened.health.recordedAt([docKey(0), docKey(RECORDS / 2), docKey(RECORDS - 1)]);
  assert.deepEqual([...held.values()], [1_000, 1_000 + RECORDS / 2, 1_000 + RECORDS - 1]);
  await reopened.close();
});
