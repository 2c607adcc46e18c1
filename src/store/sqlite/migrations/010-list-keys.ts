// The list state names the hash key and signing key its version was built under: when either changes (the
// hash key rotates on its own, the operator rotates or revokes a signing key) the next version is a
// snapshot, since a delta cannot change hash key and a reader must not keep files signed by a revoked key.
// 0 on rows from before: the first build after the upgrade then makes a snapshot.
import { sql, type Kysely } from 'kysely';

const statements: string[] = [
  `ALTER TABLE list_state ADD COLUMN hash_key_id INTEGER NOT NULL DEFAULT 0`,
  `ALTER TABLE list_state ADD COLUMN sign_key_id INTEGER NOT NULL DEFAULT 0`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
