// Tickets by e-mail: any mail gateway parses a message and posts it here. A message answers an existing
// ticket when it replies to one of that ticket's messages (In-Reply-To / References), or when its subject
// carries the [#id] tag and it comes from the ticket's own address; otherwise it opens a ticket. Each
// Message-ID is stored once, so a gateway's retries change nothing.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { detectLang, normalizeEmail, subjectTicketId } from '../../domain/tickets.ts';
import { YktError } from '../../domain/errors.ts';
import { type Repositories, type TicketRow, UniqueViolation } from '../../store/store.ts';
import type { Context } from '../context.ts';
import { addHolderMessage } from './tickets.ts';

export interface InboundMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  messageId: string;
  inReplyTo?: string;
  references?: string[];
}

export interface MailOutcome {
  ticketId: number;
  /** Added to an existing ticket. */
  threaded: boolean;
  /** This Message-ID was already stored: nothing changed. */
  duplicate: boolean;
  /** A new ticket was opened. */
  opened: boolean;
}

/** Mail bodies beyond this are cut (with a note) rather than refused: a refused mail would be lost. */
const MAX_TEXT = 20_000;

/**
 * The secret a mail gateway sends in `x-ykt-mail-secret`: YKT_INBOUND_MAIL_SECRET when set, otherwise
 * derived from the session key so that it survives restarts without another file.
 */
export function inboundMailSecret(ctx: Context): string {
  return ctx.config.secretEnv.YKT_INBOUND_MAIL_SECRET || createHmac('sha256', ctx.secrets.sessionKey).update('inbound-mail').digest('base64url');
}

/**
 * Refuses a request whose secret is not the gateway's. Both sides are hashed first, so the comparison takes
 * the same time whatever was sent — even its length is not told by how long a refusal takes.
 * @example checkMailSecret(ctx, request.headers['x-ykt-mail-secret'] as string | undefined)
 */
export function checkMailSecret(ctx: Context, given: string | undefined): void {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  if (!timingSafeEqual(digest(inboundMailSecret(ctx)), digest(given ?? ''))) throw new YktError('MAIL_SECRET_INVALID');
}

async function threadOf(tx: Repositories, mail: InboundMail): Promise<TicketRow | undefined> {
  const replied = await tx.tickets.ofMailMessage([mail.inReplyTo, ...(mail.references ?? [])].filter((id): id is string => !!id));
  if (replied !== undefined) return tx.tickets.get(replied);
  const tagged = subjectTicketId(mail.subject);
  if (tagged === null) return undefined;
  const ticket = await tx.tickets.get(tagged);
  // The tag alone is a guessable number: it threads only mail from the address the ticket already has.
  return ticket && ticket.contactEmail === normalizeEmail(mail.from) ? ticket : undefined;
}

async function receive(ctx: Context, mail: InboundMail): Promise<MailOutcome> {
  return ctx.store.transaction(async (tx) => {
    const known = await tx.tickets.ofMailMessage([mail.messageId]);
    if (known !== undefined) return { ticketId: known, threaded: false, duplicate: true, opened: false };
    const text = mail.text.length > MAX_TEXT ? `${mail.text.slice(0, MAX_TEXT)}\n[…]` : mail.text;
    const body = text.trim() || '(empty message)';
    const thread = await threadOf(tx, mail);
    if (thread && thread.state !== 'closed') {
      await addHolderMessage(ctx, tx, thread, body, mail.messageId);
      return { ticketId: thread.id, threaded: true, duplicate: false, opened: false };
    }
    const now = ctx.clock();
    const subject = mail.subject.trim().slice(0, 200) || '(no subject)';
    const ticket = await tx.tickets.insert({
      source: 'email',
      state: 'open',
      subject,
      lang: detectLang(`${subject} ${body}`),
      // A follow-up to a closed ticket keeps its holder and card.
      personId: thread?.personId ?? null,
      cardId: thread?.cardId ?? null,
      contactEmail: normalizeEmail(mail.from),
      contactPhone: null,
      assigneeId: null,
      openedBy: 'email',
      createdAt: now,
      updatedAt: now,
    });
    const first = thread ? `(#${thread.id})\n${body}` : body;
    await tx.tickets.insertMessage({ ticketId: ticket.id, author: 'holder', staffId: null, body: first, internal: false, mailMessageId: mail.messageId, createdAt: now });
    return { ticketId: ticket.id, threaded: false, duplicate: false, opened: true };
  });
}

/**
 * Files one inbound message. Two deliveries of the same message racing each other: the database's unique
 * Message-ID refuses the second, which then answers as the duplicate it is.
 */
export async function receiveMail(ctx: Context, mail: InboundMail): Promise<MailOutcome> {
  try {
    return await receive(ctx, mail);
  } catch (error) {
    if (!(error instanceof UniqueViolation)) throw error;
    return receive(ctx, mail);
  }
}
