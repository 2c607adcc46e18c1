// The outbox: every message the system owes a person (a code, a reply, a notice), written in the
// transaction that causes it and sent afterwards by a worker with retries (DESIGN §4 rule 10). Portable
// SQL: the PostgreSQL migration has the same statements with identity and BIGINT.
import { sql, type Kysely } from 'kysely';

const statements: string[] = [
  // The columns' meanings: schema-messages.ts. The dedupe key makes queuing one cause twice a no-op.
  `CREATE TABLE outbox (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     dedupe_key TEXT NOT NULL UNIQUE,
     kind TEXT NOT NULL,
     message_sealed TEXT,
     to_masked TEXT NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'expired')),
     attempts INTEGER NOT NULL DEFAULT 0,
     created_at INTEGER NOT NULL,
     next_attempt_at INTEGER NOT NULL,
     expires_at INTEGER,
     claimed_until INTEGER,
     last_error TEXT,
     sent_at INTEGER
   ) STRICT`,
  `CREATE INDEX outbox_due ON outbox(status, next_attempt_at)`,
  `CREATE INDEX outbox_created ON outbox(created_at)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
