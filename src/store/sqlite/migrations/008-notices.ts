// What the notices a person receives need to know about them: the language they last used (notices are
// written in it) and whether they turned reminders off. Portable SQL: the PostgreSQL migration has the same
// statements with BIGINT for instants.
import { sql, type Kysely } from 'kysely';

const statements: string[] = [
  `ALTER TABLE person ADD COLUMN lang TEXT NOT NULL DEFAULT 'zh' CHECK (lang IN ('zh', 'en'))`,
  `ALTER TABLE person ADD COLUMN reminders_off_at INTEGER`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
