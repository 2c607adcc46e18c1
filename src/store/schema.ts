// The tables as Kysely sees them. Times are instants in ms since the epoch (bigint on PostgreSQL, read back
// as numbers); money is integer fen. Both adapters create exactly these columns.
import type { Generated } from 'kysely';

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
  card_id: number;
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

export interface Database {
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
