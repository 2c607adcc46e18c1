// Customer-service tickets: their states and the moves between them, the holder's language, and how an
// e-mail finds the ticket it answers. Pure rules, no I/O.
import type { ErrorCode } from './errors.ts';

export const TICKET_STATES = ['open', 'pending-holder', 'resolved', 'closed'] as const;
export type TicketState = (typeof TICKET_STATES)[number];

/** Where a ticket came from: the holder's page (kit or app), an e-mail, or a hotline call typed in by an agent. */
export const TICKET_SOURCES = ['kit', 'app', 'email', 'hotline'] as const;
export type TicketSource = (typeof TICKET_SOURCES)[number];

export type TicketLang = 'zh' | 'en';

/** Who wrote a message on a ticket. 'system' records what the desk did (an unbind, say). */
export type TicketAuthor = 'holder' | 'agent' | 'system';

/**
 * The moves an agent may make. `closed` is final: a holder who writes again gets a new ticket, so a
 * closed case's history stays as it was closed.
 */
export const TRANSITIONS: Readonly<Record<TicketState, readonly TicketState[]>> = {
  open: ['pending-holder', 'resolved', 'closed'],
  'pending-holder': ['open', 'resolved', 'closed'],
  resolved: ['open', 'closed'],
  closed: [],
};

/**
 * The refusal for moving a ticket from one state to another, or null when the move is allowed.
 * @example transitionRefusal('closed', 'open') === 'TICKET_TRANSITION_INVALID'
 */
export function transitionRefusal(from: TicketState, to: TicketState): ErrorCode | null {
  return TRANSITIONS[from].includes(to) ? null : 'TICKET_TRANSITION_INVALID';
}

/**
 * Where a holder's reply (from the page or by e-mail) leaves the ticket: a question the desk was waiting
 * on, or a case it thought solved, is open again. A closed ticket takes no replies.
 */
export function afterHolderReply(state: TicketState): TicketState | 'refused' {
  switch (state) {
    case 'open':
      return 'open';
    case 'pending-holder':
    case 'resolved':
      return 'open';
    case 'closed':
      return 'refused';
    default:
      return assertNever(state);
  }
}

/**
 * The language a text is written in, for replying in it: Chinese when it has more than a few Han
 * characters, English otherwise.
 * @example detectLang('我的卡刷不了') === 'zh'; detectLang('My card is refused') === 'en'
 */
export function detectLang(text: string): TicketLang {
  const han = text.match(/[\u3400-\u9fff\uf900-\ufaff]/g)?.length ?? 0;
  return han >= 2 ? 'zh' : 'en';
}

/**
 * The ticket number tagged in an e-mail subject as [#42] (what our replies put there), if any.
 * @example subjectTicketId('Re: [#42] 卡片问题') === 42
 */
export function subjectTicketId(subject: string): number | null {
  const match = /\[#(\d{1,12})\]/.exec(subject);
  if (!match) return null;
  const id = Number(match[1]);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

/** The subject our reply carries, with the tag that threads the holder's answer back. */
export function replySubject(id: number, subject: string): string {
  const bare = subject.replace(/^\s*((re|回复|答复)\s*[:：]\s*)+/i, '').replace(/\[#\d+\]\s*/g, '').trim();
  return `Re: [#${id}] ${bare}`;
}

/** An e-mail address as compared when threading: trimmed, lower-case, display name dropped. */
export function normalizeEmail(raw: string): string {
  const angle = /<([^>]+)>/.exec(raw);
  return (angle ? angle[1]! : raw).trim().toLowerCase();
}

/** Whole minutes since a ticket was opened; never negative (clocks of several nodes may differ a little). */
export function ageMinutes(openedAt: number, now: number): number {
  return Math.max(0, Math.floor((now - openedAt) / 60_000));
}

function assertNever(value: never): never {
  throw new Error(`unknown ticket state: ${String(value)}`);
}
