// The service desk (tickets and their messages) and the outlet finder on SQLite. Plain SQL that the
// PostgreSQL migration translates (INTEGER PRIMARY KEY AUTOINCREMENT → identity, STRICT dropped).
import { sql, type Kysely } from 'kysely';

const statements = [
  `CREATE TABLE ticket (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     source TEXT NOT NULL CHECK (source IN ('kit', 'app', 'email', 'hotline')),
     state TEXT NOT NULL CHECK (state IN ('open', 'pending-holder', 'resolved', 'closed')),
     subject TEXT NOT NULL,
     lang TEXT NOT NULL CHECK (lang IN ('zh', 'en')),
     person_id INTEGER REFERENCES person(id),
     card_id INTEGER REFERENCES card(id),
     contact_email TEXT,
     contact_phone TEXT,
     assignee_id INTEGER REFERENCES staff(id),
     opened_by TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL
   ) STRICT`,
  `CREATE INDEX ticket_person ON ticket(person_id)`,
  `CREATE INDEX ticket_state ON ticket(state, updated_at)`,
  `CREATE TABLE ticket_message (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     ticket_id INTEGER NOT NULL REFERENCES ticket(id),
     author TEXT NOT NULL CHECK (author IN ('holder', 'agent', 'system')),
     staff_id INTEGER REFERENCES staff(id),
     body TEXT NOT NULL,
     internal INTEGER NOT NULL DEFAULT 0,
     mail_message_id TEXT,
     created_at INTEGER NOT NULL
   ) STRICT`,
  `CREATE INDEX ticket_message_ticket ON ticket_message(ticket_id, id)`,
  // A gateway that retries a message cannot store it twice, even from two API nodes at once.
  `CREATE UNIQUE INDEX ticket_message_mail_id ON ticket_message(mail_message_id)`,
  `CREATE TABLE outlet (
     id TEXT PRIMARY KEY,
     name_zh TEXT NOT NULL,
     name_en TEXT NOT NULL,
     address_zh TEXT NOT NULL,
     address_en TEXT NOT NULL,
     district TEXT NOT NULL,
     hours_zh TEXT NOT NULL,
     hours_en TEXT NOT NULL,
     phone TEXT,
     self_operated INTEGER NOT NULL,
     services TEXT NOT NULL,
     card_kinds TEXT NOT NULL,
     station_zh TEXT,
     station_en TEXT,
     lat_e6 INTEGER,
     lng_e6 INTEGER,
     updated_at INTEGER NOT NULL
   ) STRICT`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
