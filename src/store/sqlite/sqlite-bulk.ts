// Bulk reads and writes with prepared statements on the one connection Kysely also uses, so they join the
// transaction in progress: a policy change rewrites every list entry, a snapshot reads them all, readers
// upload tens of thousands of taps a second, the health authority thousands of records a batch — and
// Kysely's per-row query building would cost seconds.
import type BetterSqlite3 from 'better-sqlite3';
import type { BulkPaths } from '../dialect.ts';

/**
 * SQLite's bulk paths. No list-build lock: one connection runs one write transaction at a time already.
 * @example const dialect = { isUniqueViolation, ...sqliteBulk(database) };
 */
export function sqliteBulk(database: BetterSqlite3.Database): BulkPaths {
  // Prepared on first use: the tables exist only once the store has migrated.
  const statements = () => ({
    upsert: database.prepare(
      'INSERT INTO list_entry (card_id, number, value) VALUES (?, ?, ?) ON CONFLICT (card_id) DO UPDATE SET number = excluded.number, value = excluded.value',
    ),
    remove: database.prepare('DELETE FROM list_entry WHERE card_id = ?'),
    scan: database.prepare('SELECT number, value FROM list_entry').raw(),
    tap: database.prepare(
      `INSERT INTO tap (tap_id, terminal_id, card_key, decision, at, online, assisted, list_version, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tap_id) DO NOTHING`,
    ),
    health: database.prepare(
      `INSERT INTO health_record (doc_key, record_id, colour, tested_at, recorded_at, received_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (doc_key) DO UPDATE SET record_id = excluded.record_id, colour = excluded.colour, tested_at = excluded.tested_at,
         recorded_at = excluded.recorded_at, received_at = excluded.received_at
       WHERE health_record.recorded_at < excluded.recorded_at`,
    ),
    // The keys travel as one JSON array: one statement prepared once, whatever the batch's size, where an
    // IN list of parameters would be a new statement (built and prepared) for every count of keys.
    bound: database.prepare(
      `SELECT person.doc_key AS docKey, binding.card_id AS cardId, binding.person_id AS personId
       FROM person JOIN binding ON binding.person_id = person.id
       WHERE person.doc_key IN (SELECT value FROM json_each(?)) AND binding.ended_at IS NULL`,
    ),
  });
  let prepared: ReturnType<typeof statements> | undefined;
  return {
    async putListEntries(entries) {
      const { upsert, remove } = (prepared ??= statements());
      for (const [cardId, entry] of entries) {
        if (entry === null) remove.run(cardId);
        else upsert.run(cardId, entry.number, entry.value);
      }
    },
    scanListEntries: () => (prepared ??= statements()).scan.iterate() as Iterable<[string, number]>,
    async insertTaps(taps) {
      const { tap } = (prepared ??= statements());
      let stored = 0;
      for (const t of taps) {
        stored += tap.run(t.tapId, t.terminalId, t.cardKey, t.decision, t.at, t.online ? 1 : 0, t.assisted ? 1 : 0, t.listVersion, t.receivedAt).changes;
      }
      return stored;
    },
    async putHealthRecords(records, receivedAt) {
      const { health } = (prepared ??= statements());
      const stored: string[] = [];
      for (const [docKey, r] of records) {
        if (health.run(docKey, r.recordId, r.colour, r.testedAt, r.recordedAt, receivedAt).changes === 1) stored.push(docKey);
      }
      return stored;
    },
    async activeBindingsOfDocKeys(docKeys) {
      const { bound } = (prepared ??= statements());
      return bound.all(JSON.stringify(docKeys)) as Array<{ docKey: string; cardId: number; personId: number }>;
    },
  };
}
