// The contact a person verified (phone or e-mail), sealed like the document, and what each sign-in code was
// sent to. Portable SQL: the PostgreSQL migration has the same statements with BIGINT for instants and ids.
import { sql, type Kysely } from 'kysely';

const statements: string[] = [
  `ALTER TABLE person ADD COLUMN contact_sealed TEXT`,
  `ALTER TABLE person ADD COLUMN contact_masked TEXT`,
  `ALTER TABLE person ADD COLUMN contact_verified_at INTEGER`,
  // 'contact-change' codes prove the old and the new contact of a signed-in person, named by person_id.
  `ALTER TABLE login_code ADD COLUMN purpose TEXT NOT NULL DEFAULT 'sign-in' CHECK (purpose IN ('sign-in', 'contact-change'))`,
  `ALTER TABLE login_code ADD COLUMN contact_sealed TEXT`,
  `ALTER TABLE login_code ADD COLUMN person_id INTEGER REFERENCES person(id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
