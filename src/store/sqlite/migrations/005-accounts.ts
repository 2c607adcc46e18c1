// Accounts and secrets: the staff sign-in attempt counter (shared by every process on the file, so a
// lockout holds under concurrency), indexes for purging expired codes and sessions, and an audit log that
// INSERT OR REPLACE cannot rewrite.
import { sql, type Kysely } from 'kysely';

const statements: string[] = [
  // Keyed by the username as typed, known or not: an unknown name locks like a known one, so lockouts
  // do not tell which accounts exist.
  `CREATE TABLE staff_attempt (
     username TEXT PRIMARY KEY,
     window_start INTEGER NOT NULL,
     attempts INTEGER NOT NULL
   ) STRICT`,
  `CREATE INDEX staff_attempt_window ON staff_attempt(window_start)`,
  `CREATE INDEX login_code_created ON login_code(created_at)`,
  `CREATE INDEX session_expires ON session(expires_at)`,
  `CREATE INDEX staff_session_staff ON staff_session(staff_id)`,
  `CREATE INDEX staff_session_expires ON staff_session(expires_at)`,
  // A REPLACE deletes the old row without firing DELETE triggers (unless recursive_triggers is on), so
  // 001's audit_log_no_delete does not stop it: refuse any insert whose id is already there.
  `CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log
     WHEN EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id)
     BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
