// Refund rules (versioned data), refunds and staff posts. Portable SQL: the PostgreSQL migration is translated
// from these statements (INTEGER → BIGINT for instants and fen, AUTOINCREMENT → identity, STRICT dropped).
import { sql, type Kysely } from 'kysely';

const statements: string[] = [
  `CREATE TABLE refund_rules (
     version INTEGER PRIMARY KEY,
     rules TEXT NOT NULL,
     published_at INTEGER NOT NULL,
     published_by TEXT NOT NULL
   ) STRICT`,
  `CREATE TABLE counter_post (
     staff_id INTEGER PRIMARY KEY REFERENCES staff(id),
     kind TEXT NOT NULL CHECK (kind IN ('station', 'outlet')),
     code TEXT NOT NULL,
     name_zh TEXT NOT NULL,
     name_en TEXT NOT NULL,
     self_operated INTEGER NOT NULL DEFAULT 0 CHECK (self_operated IN (0, 1))
   ) STRICT`,
  // card_id UNIQUE: two counters refunding one card at once cannot both succeed (DESIGN §4 rule 3 and 7).
  `CREATE TABLE refund (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     receipt_no TEXT NOT NULL UNIQUE,
     card_id INTEGER NOT NULL UNIQUE REFERENCES card(id),
     staff_id INTEGER NOT NULL REFERENCES staff(id),
     outlet_code TEXT NOT NULL,
     outlet_name_zh TEXT NOT NULL,
     outlet_name_en TEXT NOT NULL,
     self_operated INTEGER NOT NULL,
     rules_version INTEGER NOT NULL REFERENCES refund_rules(version),
     lines TEXT NOT NULL,
     total_fen INTEGER NOT NULL,
     damaged INTEGER NOT NULL,
     chip_unreadable INTEGER NOT NULL,
     binding_id INTEGER REFERENCES binding(id),
     created_at INTEGER NOT NULL
   ) STRICT`,
  `CREATE INDEX refund_created ON refund(created_at)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
