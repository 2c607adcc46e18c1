// The list builder at a size where batching matters: a build touching more cards than SQLite takes
// parameters in one statement, and a whole-list rebuild read in pages.
import assert from 'node:assert/strict';
import BetterSqlite3 from 'better-sqlite3';
import path from 'node:path';
import pino from 'pino';
import { test } from 'node:test';
import { seed } from '../../../bench/system.bench.ts';
import { loadConfig } from '../../../src/config.ts';
import { buildNextVersion } from '../../../src/services/lists/builder.ts';
import { openSystem } from '../../../src/system.ts';
import { tempDataDir } from '../../support/system.ts';

test('a build that touches 45,000 cards (more than one SQL statement can name) updates each of them once', async () => {
  const dataDir = tempDataDir();
  const system = await openSystem(loadConfig({ YKT_DATA_DIR: dataDir }), pino({ level: 'silent' }));
  const now = Date.now();
  seed(path.join(dataDir, 'ykt.sqlite'), 45_000, 'unused', now);

  const first = await buildNextVersion(system.ctx);
  assert.equal(first?.changed, 45_000, 'the first build is whole, read in pages');

  // Every holder turns red: one change-log row per card, as the health feed appends them.
  const db = new BetterSqlite3(path.join(dataDir, 'ykt.sqlite'));
  db.transaction(() => {
    db.prepare(`UPDATE health_record SET colour = 'red', recorded_at = recorded_at + 1`).run();
    const change = db.prepare(`INSERT INTO change_log (at, kind, card_id, person_id) VALUES (?, 'health', ?, ?)`);
    for (let id = 1; id <= 45_000; id++) change.run(now, id, id);
  })();
  db.close();

  const second = await buildNextVersion(system.ctx);
  assert.equal(second?.fromVersion, first?.version);
  assert.equal(second?.changed, 45_000);
  const entries = await system.ctx.store.lists.entries();
  assert.equal(entries.size, 45_000);
  // A red code (class 3) with the seeded test an hour old: every card now answers ABNORMAL.
  assert.ok([...entries.values()].every((e) => (e.value & 15) === 3), 'every card is now red in the list');
  await system.close();
});
