// Outlets carry their weekly opening hours in a machine-readable form beside the text people read, so the
// finder can say whether each is open now. Null on rows from before: those show their text only.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`ALTER TABLE outlet ADD COLUMN opening TEXT`).execute(db);
}
