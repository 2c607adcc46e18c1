// Accounts and secrets on PostgreSQL: the staff sign-in attempt counter (one row per username, updated
// atomically by every node) and indexes for purging expired codes and sessions. The audit log needs no
// new trigger here: PostgreSQL has no REPLACE, and an ON CONFLICT DO UPDATE fires the UPDATE trigger.
// What the application role may do to it is a matter of grants (postgres-grants.ts, docs/deploy.md).
import { sql, type Kysely } from 'kysely';

const statements: string[] = [
  `CREATE TABLE staff_attempt (
     username TEXT PRIMARY KEY,
     window_start BIGINT NOT NULL,
     attempts BIGINT NOT NULL
   )`,
  `CREATE INDEX staff_attempt_window ON staff_attempt(window_start)`,
  `CREATE INDEX login_code_created ON login_code(created_at)`,
  `CREATE INDEX session_expires ON session(expires_at)`,
  `CREATE INDEX staff_session_staff ON staff_session(staff_id)`,
  `CREATE INDEX staff_session_expires ON staff_session(expires_at)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
