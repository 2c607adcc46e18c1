// What PostgreSQL does its own way when work comes in bulk. List entries and taps take the shared
// multi-row statements (500 rows a round trip, ON CONFLICT as on SQLite), which is already the fast path
// over a network; what several nodes need on top is a lock, so that one list version is built once.
import { sql } from 'kysely';
import type { BulkPaths } from '../dialect.ts';

export const postgresBulk: BulkPaths = {
  // Serialises list builds across nodes, and more: EXCLUSIVE waits for every transaction that has appended
  // to the change log to commit, and holds new appends back until the build commits. Identity values are
  // handed out before commit, so without it a build could see seq 12 while 11 was still in flight, and
  // skip 11 for ever.
  async lockListBuilds(db) {
    await sql`LOCK TABLE change_log IN EXCLUSIVE MODE`.execute(db);
  },
};
