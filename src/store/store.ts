// The store contract: what services may ask of a database. One implementation of the queries
// (queries.ts, Kysely) serves every adapter; an adapter brings the connection, its migrations and
// the few facts that differ between engines (capability flags, how a constraint violation looks).
import type { CardState, Medium } from '../domain/cards.ts';
import type { Channel } from '../domain/channels.ts';
import type { StaffRole } from '../domain/staff.ts';
import type { TerminalKind } from '../domain/terminals.ts';
import type { Queries } from './queries.ts';

export type { CardState, Channel, Medium, StaffRole, TerminalKind };

export interface Person {
  id: number;
  docType: string;
  docSealed: string | null;
  docMasked: string | null;
  createdAt: number;
  erasedAt: number | null;
}

export interface Card {
  id: number;
  number: string;
  medium: Medium;
  product: string;
  state: CardState;
  depositFen: number;
  balanceFen: number;
  updatedAt: number;
}

export type NewCard = Omit<Card, 'id'>;

export interface Agreement {
  version: number;
  zh: string;
  en: string;
  publishedAt: number;
}

export interface Binding {
  id: number;
  cardId: number;
  personId: number;
  medium: Medium;
  channel: Channel;
  agreementVersion: number;
  createdAt: number;
  endedAt: number | null;
  endReason: string | null;
}

/** A binding with the card it binds, as a holder's list shows it. */
export interface BindingWithCard extends Binding {
  cardNumber: string;
  product: string;
  cardState: CardState;
}

export interface LoginCode {
  id: string;
  docKey: string;
  docSealed: string;
  codeHash: string;
  channel: Channel;
  createdAt: number;
  expiresAt: number;
  attempts: number;
  usedAt: number | null;
}

export interface Session {
  id: string;
  personId: number;
  channel: Channel;
  createdAt: number;
  expiresAt: number;
  revokedAt: number | null;
}

/** What changed for readers: a card's binding or state, a holder's health record, or the entry policy (all cards). */
export type ChangeKind = 'binding.created' | 'binding.ended' | 'card.state' | 'health' | 'policy';

export interface Change {
  seq: number;
  at: number;
  kind: ChangeKind;
  cardId: number | null;
  personId: number | null;
}

export interface AuditEntry {
  at: number;
  actor: string;
  action: string;
  subject: string;
  data: Record<string, unknown>;
}

/** Raised by an adapter when a unique constraint refused a write (two active bindings, say). */
export class UniqueViolation extends Error {
  constructor(cause: unknown) {
    super('unique constraint violated', { cause });
    this.name = 'UniqueViolation';
  }
}

export interface Store extends Queries {
  readonly kind: 'sqlite' | 'postgres';
  /** Runs fn in one database transaction: all its writes land together or not at all. */
  transaction<T>(fn: (tx: Queries) => Promise<T>): Promise<T>;
  /**
   * Calls onVersion when any node stores a new reader list version (PostgreSQL LISTEN/NOTIFY); a no-op
   * on SQLite, where one process serves. Resolves to the function that stops watching.
   */
  watchListVersions(onVersion: (version: number) => void): Promise<() => Promise<void>>;
  migrate(): Promise<void>;
  /** What `ykt db check` looks at: each migration and whether it ran, and the binding table's indexes. */
  inspect(): Promise<StoreInspection>;
  close(): Promise<void>;
}

export interface StoreInspection {
  migrations: Array<{ name: string; applied: boolean }>;
  /** The binding table's indexes with their SQL definition, as the engine reports them. */
  bindingIndexes: Array<{ name: string; definition: string }>;
}

export interface StoredHealthRecord {
  recordId: string;
  colour: string;
  testedAt: number | null;
  recordedAt: number;
}

/** The facts a reader list value is computed from, for one actively bound card. */
export interface BoundCardFacts {
  cardId: number;
  cardNumber: string;
  cardState: CardState;
  personId: number;
  health: StoredHealthRecord | null;
}

export interface StaffMember {
  id: number;
  username: string;
  displayName: string;
  role: StaffRole;
  passwordHash: string;
  createdAt: number;
  disabledAt: number | null;
}

export interface StaffSession {
  id: string;
  staffId: number;
  createdAt: number;
  expiresAt: number;
  revokedAt: number | null;
}

export interface Terminal {
  id: string;
  kind: TerminalKind;
  line: string;
  station: string;
  secretHash: string;
  enrolledAt: number;
  revokedAt: number | null;
  listVersion: number | null;
  lastSyncAt: number | null;
  softwareVersion: string | null;
}

export interface Enrolment {
  tokenHash: string;
  kind: TerminalKind;
  line: string;
  station: string;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
  terminalId: string | null;
}

export interface StoredTap {
  tapId: string;
  terminalId: string;
  cardKey: string;
  decision: string;
  at: number;
  online: boolean;
  assisted: boolean;
  listVersion: number | null;
  annulledAt: number | null;
  receivedAt: number;
}

export interface ListState {
  version: number;
  policyVersion: number;
  builtAt: number;
}

export type ListFileKind = 'snapshot' | 'delta';
