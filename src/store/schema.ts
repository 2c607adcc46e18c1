// The tables as Kysely sees them. Times are instants in ms since the epoch (bigint on PostgreSQL, read back
// as numbers); money is integer fen. Both adapters create exactly these columns.
import type { Generated } from 'kysely';
import type { RefundsDatabase } from './schema-refunds.ts';
import type { DeskDatabase } from './schema-desk.ts';
import type { MessagesDatabase } from './schema-messages.ts';

export interface PersonTable {
  id: Generated<number>;
  doc_type: string;
  /** Keyed hash of type, issuing state and number: how a person is found without decrypting anything. */
  doc_key: string;
  /** AES-256-GCM sealed JSON of the document number, issuing state and name; null once erased. */
  doc_sealed: string | null;
  doc_masked: string | null;
  created_at: number;
  erased_at: number | null;
  /** AES-256-GCM sealed JSON of the verified contact ({ kind: 'phone' | 'email', value }); null until one is proven. */
  contact_sealed: string | null;
  contact_masked: string | null;
  contact_verified_at: number | null;
  /** The language the person last signed in with: notices are written in it. */
  lang: Generated<'zh' | 'en'>;
  /** When the person turned reminders off (pass lapsing); null: reminders on. */
  reminders_off_at: number | null;
}

export interface CardTable {
  id: Generated<number>;
  number: string;
  medium: string;
  product: string;
  state: string;
  deposit_fen: number;
  balance_fen: number;
  updated_at: number;
}

export interface AgreementTable {
  version: number;
  zh: string;
  en: string;
  published_at: number;
}

export interface AcceptanceTable {
  id: Generated<number>;
  person_id: number;
  agreement_version: number;
  accepted_at: number;
}

export interface BindingTable {
  id: Generated<number>;
  card_id: number;
  person_id: number;
  /** Copied from the card so that one partial unique index can hold "one physical, one NFC per person". */
  medium: string;
  channel: string;
  agreement_version: number;
  created_at: number;
  ended_at: number | null;
  end_reason: string | null;
}

export interface LoginCodeTable {
  id: string;
  doc_key: string;
  /** The document as typed, sealed, so that the person can be created once the code is proven. */
  doc_sealed: string;
  code_hash: string;
  channel: string;
  created_at: number;
  expires_at: number;
  attempts: number;
  used_at: number | null;
  purpose: Generated<string>;
  /** The sealed contact this code was sent to (for a contact change: the new contact). */
  contact_sealed: string | null;
  /** The signed-in person a contact-change code belongs to; null for sign-in codes. */
  person_id: number | null;
}

export interface SessionTable {
  id: string;
  person_id: number;
  channel: string;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
}

export interface ChangeTable {
  seq: Generated<number>;
  at: number;
  kind: string;
  card_id: number | null;
  person_id: number | null;
}

export interface AuditTable {
  id: Generated<number>;
  at: number;
  actor: string;
  action: string;
  subject: string;
  data: string;
}

export interface Database extends ReaderDatabase, DeskDatabase, RefundsDatabase, MessagesDatabase {
  person: PersonTable;
  card: CardTable;
  agreement: AgreementTable;
  acceptance: AcceptanceTable;
  binding: BindingTable;
  login_code: LoginCodeTable;
  session: SessionTable;
  change_log: ChangeTable;
  audit_log: AuditTable;
}

export interface HealthRecordTable {
  doc_key: string;
  record_id: string;
  colour: string;
  tested_at: number | null;
  recorded_at: number;
  received_at: number;
}

export interface EntryPolicyTable {
  version: number;
  /** JSON array of colours. */
  pass_colours: string;
  max_test_age_ms: number | null;
  max_list_age_ms: number;
  effective_at: number;
  published_at: number;
  published_by: string;
}

export interface StaffTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  role: string;
  password_hash: string;
  created_at: number;
  disabled_at: number | null;
}

export interface StaffSessionTable {
  id: string;
  staff_id: number;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
}

/** Staff sign-in attempts in the current window, by username as typed (known or not). */
export interface StaffAttemptTable {
  username: string;
  window_start: number;
  attempts: number;
}

export interface TerminalEnrolmentTable {
  token_hash: string;
  kind: string;
  line: string;
  station: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  terminal_id: string | null;
}

export interface TerminalTable {
  id: string;
  kind: string;
  line: string;
  station: string;
  secret_hash: string;
  enrolled_at: number;
  revoked_at: number | null;
  list_version: number | null;
  last_sync_at: number | null;
  software_version: string | null;
}

export interface TapTable {
  tap_id: string;
  terminal_id: string;
  card_key: string;
  decision: string;
  at: number;
  online: number;
  assisted: Generated<number>;
  list_version: number | null;
  annulled_at: number | null;
  received_at: number;
}

export interface ListEntryTable {
  card_id: number;
  number: string;
  value: number;
}

export interface ListStateTable {
  id: number;
  version: number;
  policy_version: number;
  built_at: number;
  hash_key_id: number;
  sign_key_id: number;
}

export interface ListFileTable {
  kind: string;
  from_version: number;
  version: number;
  bytes: Uint8Array;
  built_at: number;
}

export interface ReaderDatabase {
  health_record: HealthRecordTable;
  entry_policy: EntryPolicyTable;
  staff: StaffTable;
  staff_session: StaffSessionTable;
  staff_attempt: StaffAttemptTable;
  terminal_enrolment: TerminalEnrolmentTable;
  terminal: TerminalTable;
  tap: TapTable;
  list_entry: ListEntryTable;
  list_state: ListStateTable;
  list_file: ListFileTable;
}
