// Reader list format 2: list entries hold each card's facts (code colour class, latest negative test)
// instead of a pass-until under one policy, and files carry the policy and a key certificate in their
// header. Entries and files of format 1 mean something else, so they go; the next build makes the whole
// list again from the bindings, and readers (which need the format-2 SDK) load its snapshot. (On PostgreSQL
// the same migration also makes a revocation heard by every node; SQLite serves from one process.)
import { sql, type Kysely } from 'kysely';

const statements: string[] = [`DELETE FROM list_file`, `DELETE FROM list_entry`, `DELETE FROM list_state`];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
