// (to be filled by the issue that adds these tables)
import { sql, type Kysely } from 'kysely';

const statements: string[] = [];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
