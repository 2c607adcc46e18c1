// Readers you can trust in the field.
// - Reader list format 2: list entries hold each card's facts (code colour class, latest negative test)
//   instead of a pass-until under one policy, and files carry the policy and a key certificate in their
//   header. Entries and files of format 1 mean something else, so they go; the next build makes the whole
//   list again from the bindings, and readers (which need the format-2 SDK) load its snapshot.
// - A reader revoked on one node has its push streams ended at once on every node: revoking it notifies
//   the channel every node's publisher listens on (LISTEN ykt_list), as a new list version does.
import { sql, type Kysely } from 'kysely';

const statements: string[] = [
  `DELETE FROM list_file`,
  `DELETE FROM list_entry`,
  `DELETE FROM list_state`,
  `CREATE FUNCTION terminal_revoked_notify() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN PERFORM pg_notify('ykt_list', 'revoked:' || NEW.id); RETURN NULL; END $$`,
  `CREATE TRIGGER terminal_revoked_notify AFTER UPDATE OF revoked_at ON terminal FOR EACH ROW
     WHEN (OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL) EXECUTE FUNCTION terminal_revoked_notify()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
