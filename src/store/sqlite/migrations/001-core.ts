// The core tables on SQLite. The partial unique indexes are DESIGN §4 rule 1 held by the database itself:
// whatever the code does, two active bindings of one card, or two of one medium for one person, cannot exist.
import { sql, type Kysely } from 'kysely';

const statements = [
  `CREATE TABLE person (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     doc_type TEXT NOT NULL,
     doc_key TEXT NOT NULL UNIQUE,
     doc_sealed TEXT,
     doc_masked TEXT,
     created_at INTEGER NOT NULL,
     erased_at INTEGER
   ) STRICT`,
  `CREATE TABLE card (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     number TEXT NOT NULL UNIQUE,
     medium TEXT NOT NULL CHECK (medium IN ('physical', 'nfc')),
     product TEXT NOT NULL,
     state TEXT NOT NULL CHECK (state IN ('active', 'lost', 'refunded', 'blocked')),
     deposit_fen INTEGER NOT NULL CHECK (deposit_fen >= 0),
     balance_fen INTEGER NOT NULL,
     updated_at INTEGER NOT NULL
   ) STRICT`,
  `CREATE TABLE agreement (
     version INTEGER PRIMARY KEY,
     zh TEXT NOT NULL,
     en TEXT NOT NULL,
     published_at INTEGER NOT NULL
   ) STRICT`,
  `CREATE TABLE acceptance (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     person_id INTEGER NOT NULL REFERENCES person(id),
     agreement_version INTEGER NOT NULL REFERENCES agreement(version),
     accepted_at INTEGER NOT NULL
   ) STRICT`,
  `CREATE TABLE binding (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     card_id INTEGER NOT NULL REFERENCES card(id),
     person_id INTEGER NOT NULL REFERENCES person(id),
     medium TEXT NOT NULL CHECK (medium IN ('physical', 'nfc')),
     channel TEXT NOT NULL CHECK (channel IN ('kit', 'app', 'staff')),
     agreement_version INTEGER NOT NULL REFERENCES agreement(version),
     created_at INTEGER NOT NULL,
     ended_at INTEGER,
     end_reason TEXT
   ) STRICT`,
  `CREATE UNIQUE INDEX binding_one_per_card ON binding(card_id) WHERE ended_at IS NULL`,
  `CREATE UNIQUE INDEX binding_one_per_person_medium ON binding(person_id, medium) WHERE ended_at IS NULL`,
  `CREATE INDEX binding_person ON binding(person_id)`,
  `CREATE TABLE login_code (
     id TEXT PRIMARY KEY,
     doc_key TEXT NOT NULL,
     doc_sealed TEXT NOT NULL,
     code_hash TEXT NOT NULL,
     channel TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     expires_at INTEGER NOT NULL,
     attempts INTEGER NOT NULL DEFAULT 0,
     used_at INTEGER
   ) STRICT`,
  `CREATE INDEX login_code_doc ON login_code(doc_key, created_at)`,
  `CREATE TABLE session (
     id TEXT PRIMARY KEY,
     person_id INTEGER NOT NULL REFERENCES person(id),
     channel TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     expires_at INTEGER NOT NULL,
     revoked_at INTEGER
   ) STRICT`,
  `CREATE TABLE change_log (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     at INTEGER NOT NULL,
     kind TEXT NOT NULL,
     card_id INTEGER,
     person_id INTEGER
   ) STRICT`,
  `CREATE TABLE audit_log (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     at INTEGER NOT NULL,
     actor TEXT NOT NULL,
     action TEXT NOT NULL,
     subject TEXT NOT NULL,
     data TEXT NOT NULL
   ) STRICT`,
  // Append-only: the audit log refuses edits and deletions from any client, not only from this code.
  `CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`,
  `CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
