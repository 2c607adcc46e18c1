// The person's verified contact and what each sign-in code was sent to, on PostgreSQL: the SQLite
// statements with BIGINT for instants and ids.
import { sql, type Kysely } from 'kysely';

const statements: string[] = [
  `ALTER TABLE person ADD COLUMN contact_sealed TEXT`,
  `ALTER TABLE person ADD COLUMN contact_masked TEXT`,
  `ALTER TABLE person ADD COLUMN contact_verified_at BIGINT`,
  `ALTER TABLE login_code ADD COLUMN purpose TEXT NOT NULL DEFAULT 'sign-in' CHECK (purpose IN ('sign-in', 'contact-change'))`,
  `ALTER TABLE login_code ADD COLUMN contact_sealed TEXT`,
  `ALTER TABLE login_code ADD COLUMN person_id BIGINT REFERENCES person(id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
