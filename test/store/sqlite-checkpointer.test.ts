// The SQLite store checkpoints its WAL in a thread of its own (src/store/sqlite/sqlite-checkpointer.ts), with
// SQLite's automatic checkpoint turned off: the WAL's pages must still reach the database file while the
// store writes, every write must be there after a reopen, and closing must leave no WAL behind.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import type { Worker } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { SqliteCheckpointer } from '../../src/store/sqlite/sqlite-checkpointer.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import type { Store } from '../../src/store/store.ts';
import { tempDataDir } from '../support/system.ts';

const RECORDS = 40_000;
const PER_TRANSACTION = 4_000;

const docKey = (i: number) => `checkpoint-${String(i).padStart(32, '0')}`;

/** Stores records from … from+count-1 in transactions of PER_TRANSACTION. */
async function write(store: Store, from: number, count: number): Promise<void> {
  for (let at = from; at < from + count; at += PER_TRANSACTION) {
    const records = new Map(
      Array.from({ length: PER_TRANSACTION }, (_, k) => [docKey(at + k), { recordId: `r-${at + k}`, colour: 'green', testedAt: null, recordedAt: 1_000 + at + k }] as const),
    );
    await store.transaction((tx) => tx.health.put(records, 2_000));
  }
}

test('the WAL reaches the database file while the store writes, and nothing is lost', async () => {
  const file = path.join(tempDataDir(), 'ykt.sqlite');
  const store = await openSqliteStore(file);
  await store.migrate();
  const sizeAtStart = fs.statSync(file).size;
  await write(store, 0, RECORDS);
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

test('once the WAL is copied back and started over, small commits ask for no checkpoint until it holds 1,000 pages again', async () => {
  // The WAL file keeps its size when SQLite starts it over: going by that size, every commit after the first
  // big one asked for a checkpoint, and the thread copied (and fsynced) beside nearly every commit.
  const file = path.join(tempDataDir(), 'ykt.sqlite');
  const store = await openSqliteStore(file);
  await store.migrate();
  await write(store, 0, RECORDS);
  const checkpointer = (store as unknown as { checkpointer: { running: boolean } }).checkpointer;
  for (let waited = 0; checkpointer.running && waited < 10_000; waited += 20) await sleep(20);
  assert.equal(checkpointer.running, false, 'the checkpoints after the big writes ended');
  const one = (i: number) => store.transaction((tx) => tx.health.put(new Map([[docKey(RECORDS + i), { recordId: `s-${i}`, colour: 'green', testedAt: null, recordedAt: 1_000 }]]), 2_000));
  await one(0); // the first write after a whole checkpoint starts the WAL over
  const digest = () => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  const before = digest();
  for (let i = 1; i <= 20; i++) await one(i);
  await sleep(500); // a checkpoint asked for would have copied these commits into the file by now
  assert.equal(digest(), before, 'the database file is as it was: no checkpoint ran');
  assert.ok(fs.statSync(`${file}-wal`).size > 4_000_000, 'the WAL file kept its size from the big writes');
  await store.close();
  const reopened = await openSqliteStore(file);
  const held = await reopened.health.recordedAt([docKey(RECORDS + 20)]);
  assert.deepEqual([...held.values()], [1_000]);
  await reopened.close();
});

test('when the checkpoint thread ends unasked, SQLite checkpoints in the commit again', async () => {
  const file = path.join(tempDataDir(), 'ykt.sqlite');
  const store = await openSqliteStore(file);
  await store.migrate();
  await write(store, 0, RECORDS);
  // The thread is private to the store: reached here only to end it as a crash of the thread would.
  const worker = (store as unknown as { checkpointer: { worker: Worker | null } }).checkpointer.worker;
  assert.ok(worker, 'the checkpoint thread started');
  await worker.terminate();
  await sleep(100);
  const sizeBefore = fs.statSync(file).size;
  await write(store, RECORDS, RECORDS);
  // No waiting: an automatic checkpoint runs inside the commit that takes the WAL past 1,000 pages.
  assert.ok(fs.statSync(file).size >= sizeBefore + 2_000_000, `the database file grew from ${sizeBefore} to ${fs.statSync(file).size} bytes only`);
  await store.close();
});

test('a commit after the store closed starts no checkpoint thread', async () => {
  // Seen in a profiling run: a write that committed after the store's close started a thread, which then opened
  // a database whose directory was being removed while the process ended, and aborted the process.
  const file = path.join(tempDataDir(), 'ykt.sqlite');
  const database = new BetterSqlite3(file);
  database.pragma('journal_mode = WAL');
  const checkpointer = new SqliteCheckpointer(database);
  database.exec('CREATE TABLE filler (bytes BLOB)');
  const insert = database.prepare('INSERT INTO filler (bytes) VALUES (?)');
  database.transaction(() => {
    for (let i = 0; i < 1_500; i++) insert.run(Buffer.alloc(4_096, i));
  })();
  assert.ok(fs.statSync(`${file}-wal`).size > 5_000_000, 'the WAL is past the threshold');
  const sizeBefore = fs.statSync(file).size;
  await checkpointer.close();
  checkpointer.afterCommit();
  // A thread started here would copy the WAL into the file within a few hundred milliseconds.
  await sleep(1_000);
  assert.equal(fs.statSync(file).size, sizeBefore, 'nothing was checkpointed after close');
  database.close();
});
