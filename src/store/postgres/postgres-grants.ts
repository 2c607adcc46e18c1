// Two roles (docs/deploy.md): the owner runs the migrations and owns every table; the application role the
// servers connect as gets only what they need. It owns nothing, so it cannot drop or disable the audit
// log's triggers, and it is never granted UPDATE, DELETE or TRUNCATE on the audit log, nor writes to the
// migration bookkeeping. Run after every migration, so that new tables are granted too.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

const APPEND_ONLY = ['audit_log'];
const READ_ONLY = ['kysely_migration', 'kysely_migration_lock'];

/** Grants `role` the server's privileges on every table and sequence of the current schema. */
export async function grantApplicationRole(db: Kysely<Database>, role: string): Promise<void> {
  const to = sql.id(role);
  await db.transaction().execute(async (trx) => {
    const schema = sql.id((await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(trx)).rows[0]!.schema);
    await sql`GRANT USAGE ON SCHEMA ${schema} TO ${to}`.execute(trx);
    await sql`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${to}`.execute(trx);
    await sql`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${schema} TO ${to}`.execute(trx);
    for (const table of APPEND_ONLY) await sql`REVOKE UPDATE, DELETE, TRUNCATE ON ${sql.id(table)} FROM ${to}`.execute(trx);
    for (const table of READ_ONLY) await sql`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ${sql.id(table)} FROM ${to}`.execute(trx);
  });
}
