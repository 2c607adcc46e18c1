// The person's language and reminder choice on PostgreSQL: the SQLite statements with BIGINT for instants.
import { sql, type Kysely } from 'kysely';

const statements: string[] = [
  `ALTER TABLE person ADD COLUMN lang TEXT NOT NULL DEFAULT 'zh' CHECK (lang IN ('zh', 'en'))`,
  `ALTER TABLE person ADD COLUMN reminders_off_at BIGINT`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
