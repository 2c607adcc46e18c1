// The store contract: what services may ask of a database. One implementation of the queries
// (queries.ts, Kysely) serves every adapter; an adapter brings the connection, its migrations and
// the few facts that differ between engines (capability flags, how a constraint violation looks).
import type { CardState, Medium } from '../domain/cards.ts';
import type { Queries } from './queries.ts';

export type { CardState, Medium };
export type Channel = 'kit' | 'app' | 'staff';

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

export type ChangeKind = 'binding.created' | 'binding.ended' | 'card.state';

export interface Change {
  seq: number;
  at: number;
  kind: ChangeKind;
  cardId: number;
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
  migrate(): Promise<void>;
  close(): Promise<void>;
}
