// The rows the store reads and writes, as services see them: one place for every repository's types.
// Times are instants in ms since the epoch; money is integer fen.
import type { CardState, Medium } from '../domain/cards.ts';
import type { Channel } from '../domain/channels.ts';
import type { RefundLine } from '../domain/refunds.ts';
import type { StaffRole } from '../domain/staff.ts';
import type { TerminalKind } from '../domain/terminals.ts';
import type { TicketAuthor, TicketLang, TicketSource, TicketState } from '../domain/tickets.ts';

export type { CardState, Channel, Medium, StaffRole, TerminalKind };

export interface Person {
  id: number;
  docType: string;
  docSealed: string | null;
  docMasked: string | null;
  createdAt: number;
  erasedAt: number | null;
  /** The verified contact, sealed (services/personal-data.ts); null until the person proves one. */
  contactSealed: string | null;
  /** "+852 ****1234", "c***@example.com". */
  contactMasked: string | null;
  contactVerifiedAt: number | null;
  /** The language the person last signed in with; notices are written in it. */
  lang: 'zh' | 'en';
  /** When the person turned reminders off; null while they are on. */
  remindersOffAt: number | null;
}

/** What a person's contact is set to, once a code sent there has been proven. */
export interface VerifiedContact {
  sealed: string;
  masked: string;
  at: number;
}

/** 'sign-in' codes open a session; 'contact-change' codes prove a signed-in person's old and new contact. */
export type CodePurpose = 'sign-in' | 'contact-change';

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

/** An active binding whose pass lapses soon: what a reminder to its holder needs. */
export interface LapsingBinding {
  bindingId: number;
  cardId: number;
  personId: number;
  /** The binding's channel: the holder page its links open. */
  channel: Channel;
  cardNumber: string;
  /** The pass-until the reader list carries, ms (whole seconds). */
  passUntil: number;
}

/** A binding with the card it binds, as a holder's list shows it. */
export interface BindingWithCard extends Binding {
  cardNumber: string;
  product: string;
  cardState: CardState;
  /** When the card's master data last changed, ms: for a lost or blocked card, since when it is so. */
  cardUpdatedAt: number;
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
  purpose: CodePurpose;
  /** The sealed contact the code went to (for a contact change: the new one). */
  contactSealed: string | null;
  /** The signed-in person of a contact-change code; null for sign-in codes. */
  personId: number | null;
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
export type ChangeKind = 'binding.created' | 'binding.ended' | 'card.state' | 'health' | 'policy' | 'list.keys';

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
  /** The hash key and signing key the version was built under (0: from before they were recorded). */
  hashKeyId: number;
  signKeyId: number;
}

export type ListFileKind = 'snapshot' | 'delta';

/** Where a staff or outlet account works: a station, or an outlet (self-operated or not). */
export interface StaffPost {
  staffId: number;
  kind: 'station' | 'outlet';
  code: string;
  name: { zh: string; en: string };
  selfOperated: boolean;
}

export interface Refund {
  id: number;
  receiptNo: string;
  cardId: number;
  staffId: number;
  outlet: { code: string; name: { zh: string; en: string }; selfOperated: boolean };
  rulesVersion: number;
  lines: RefundLine[];
  totalFen: number;
  damaged: boolean;
  chipUnreadable: boolean;
  bindingId: number | null;
  createdAt: number;
}

export interface Ticket {
  id: number;
  source: TicketSource;
  state: TicketState;
  subject: string;
  lang: TicketLang;
  personId: number | null;
  cardId: number | null;
  contactEmail: string | null;
  contactPhone: string | null;
  assigneeId: number | null;
  openedBy: string;
  createdAt: number;
  updatedAt: number;
}

/** A ticket with what a list shows beside it: the card number (to be masked), the assignee, the message count. */
export interface TicketRow extends Ticket {
  cardNumber: string | null;
  assignee: { username: string; displayName: string } | null;
  messageCount: number;
}

export interface TicketMessage {
  id: number;
  ticketId: number;
  author: TicketAuthor;
  staffId: number | null;
  body: string;
  internal: boolean;
  mailMessageId: string | null;
  createdAt: number;
}

export interface TicketFilter {
  states: readonly TicketState[];
  /** A staff id, null for unassigned tickets, undefined for any. */
  assigneeId?: number | null;
  source?: TicketSource;
  personId?: number;
  limit: number;
}

/** A tap record as stored on upload. */
export type NewTap = Omit<StoredTap, 'annulledAt'>;

/** A list entry to set ({ number, value }) or to remove (null). */
export type ListEntryEdit = { number: string; value: number } | null;

/** Where a queued message stands: waiting (or being sent), sent, given up after the last try, or past its use. */
export type OutboxStatus = 'pending' | 'sent' | 'failed' | 'expired';

/** A message as it is queued: sealed, with only what /ops may show in the clear. */
export interface NewQueuedMessage {
  /** One message per cause ('code:<challenge>:<tag>', 'reply:<Message-ID>'): queuing a key again changes nothing. */
  key: string;
  kind: string;
  sealed: string;
  /** "+852 ****1234", "c***@example.com". */
  toMasked: string;
  createdAt: number;
  /** Not worth sending after this instant (a code past its validity); null: always worth it. */
  expiresAt: number | null;
}

export interface QueuedMessage extends Omit<NewQueuedMessage, 'sealed'> {
  id: number;
  /** Null once sent or expired: a sent code does not stay in the database. */
  sealed: string | null;
  status: OutboxStatus;
  /** Tries started so far. */
  attempts: number;
  nextAttemptAt: number;
  claimedUntil: number | null;
  /** An error code (ECONNECTION, SMS_GATEWAY_503), never personal data. */
  lastError: string | null;
  sentAt: number | null;
}
