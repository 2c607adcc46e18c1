// Every row of every table, for tests that prove a refused request changed nothing. Both adapters share it.
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

const TABLES = [
  'person', 'card', 'agreement', 'acceptance', 'binding', 'login_code', 'session', 'change_log', 'audit_log',
  'health_record', 'entry_policy', 'staff', 'staff_session', 'staff_attempt', 'terminal_enrolment', 'terminal', 'tap',
  'list_entry', 'list_state', 'list_file', 'ticket', 'ticket_message', 'outlet', 'refund_rules', 'counter_post', 'refund', 'outbox',
] as const satisfies ReadonlyArray<keyof Database>;

export async function dumpTables(db: Kysely<Database>): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  // ORDER BY 1: every table's key is its first column, and PostgreSQL, unlike SQLite, returns rows in
  // no particular order without one.
  for (const table of TABLES) out[table] = await db.selectFrom(table).selectAll().orderBy(sql.raw('1')).execute();
  return out;
}
