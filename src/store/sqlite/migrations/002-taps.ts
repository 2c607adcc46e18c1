// Health records, entry policies, staff accounts, terminals, tap records and reader list files on SQLite.
import { sql, type Kysely } from 'kysely';

const statements = [
  // Keyed by the document's lookup key, not the person: the authority may report someone who has not
  // signed in yet, and the record is there when they do.
  `CREATE TABLE health_record (
     doc_key TEXT PRIMARY KEY,
     record_id TEXT NOT NULL,
     colour TEXT NOT NULL CHECK (colour IN ('green', 'popup', 'yellow', 'red')),
     tested_at INTEGER,
     recorded_at INTEGER NOT NULL,
     received_at INTEGER NOT NULL
   ) STRICT`,
  `CREATE TABLE entry_policy (
     version INTEGER PRIMARY KEY,
     pass_colours TEXT NOT NULL,
     max_test_age_ms INTEGER,
     max_list_age_ms INTEGER NOT NULL,
     effective_at INTEGER NOT NULL,
     published_at INTEGER NOT NULL,
     published_by TEXT NOT NULL
   ) STRICT`,
  `CREATE TABLE staff (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     username TEXT NOT NULL UNIQUE,
     display_name TEXT NOT NULL,
     role TEXT NOT NULL CHECK (role IN ('staff', 'agent', 'outlet', 'operator')),
     password_hash TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     disabled_at INTEGER
   ) STRICT`,
  `CREATE TABLE staff_session (
     id TEXT PRIMARY KEY,
     staff_id INTEGER NOT NULL REFERENCES staff(id),
     created_at INTEGER NOT NULL,
     expires_at INTEGER NOT NULL,
     revoked_at INTEGER
   ) STRICT`,
  `CREATE TABLE terminal_enrolment (
     token_hash TEXT PRIMARY KEY,
     kind TEXT NOT NULL,
     line TEXT NOT NULL,
     station TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     expires_at INTEGER NOT NULL,
     used_at INTEGER,
     terminal_id TEXT
   ) STRICT`,
  `CREATE TABLE terminal (
     id TEXT PRIMARY KEY,
     kind TEXT NOT NULL CHECK (kind IN ('bus-validator', 'metro-gate', 'staff-device')),
     line TEXT NOT NULL,
     station TEXT NOT NULL,
     secret_hash TEXT NOT NULL,
     enrolled_at INTEGER NOT NULL,
     revoked_at INTEGER,
     list_version INTEGER,
     last_sync_at INTEGER,
     software_version TEXT
   ) STRICT`,
  `CREATE TABLE tap (
     tap_id TEXT PRIMARY KEY,
     terminal_id TEXT NOT NULL,
     card_key TEXT NOT NULL,
     decision TEXT NOT NULL,
     at INTEGER NOT NULL,
     online INTEGER NOT NULL,
     assisted INTEGER NOT NULL DEFAULT 0,
     list_version INTEGER,
     annulled_at INTEGER,
     received_at INTEGER NOT NULL
   ) STRICT`,
  `CREATE INDEX tap_card ON tap(card_key, at)`,
  `CREATE INDEX tap_at ON tap(at)`,
  // The list as readers hold it at list_state.version: one value per card the list carries. The card
  // number is copied here so that a snapshot is one sequential read, not a join per card.
  `CREATE TABLE list_entry (
     card_id INTEGER PRIMARY KEY,
     number TEXT NOT NULL,
     value INTEGER NOT NULL
   ) STRICT`,
  `CREATE TABLE list_state (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     version INTEGER NOT NULL,
     policy_version INTEGER NOT NULL,
     built_at INTEGER NOT NULL
   ) STRICT`,
  // Immutable signed files by version; a snapshot has from_version = version.
  `CREATE TABLE list_file (
     kind TEXT NOT NULL CHECK (kind IN ('snapshot', 'delta')),
     from_version INTEGER NOT NULL,
     version INTEGER NOT NULL,
     bytes BLOB NOT NULL,
     built_at INTEGER NOT NULL,
     PRIMARY KEY (kind, from_version, version)
   ) STRICT`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
