// What sign-in and a contact change share: making a code, storing only its keyed hash, proving it with a
// limited number of tries, and queuing the message that carries it — refused, coded, when the notifier
// cannot reach that kind of contact; once queued, it is sent and retried by the outbox.
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import type { Contact } from '../../domain/contacts.ts';
import { YktError } from '../../domain/errors.ts';
import type { Channel } from '../../domain/channels.ts';
import type { CodePurpose, LoginCode, Repositories } from '../../store/store.ts';
import type { Context } from '../context.ts';
import { codeTexts } from '../messages/code-texts.ts';
import { queueMessage } from '../messages/outbox.ts';
import type { Lang } from '../ports.ts';

export const CODE_REQUEST_WINDOW_MS = 10 * 60_000;
export const CODE_REQUESTS_PER_WINDOW = 5;
const ATTEMPTS_PER_CODE = 5;
/** Wrong codes a key may have in 24 hours, over all its codes: 5 codes per 10 minutes would allow 3,600 guesses a day. */
export const FAILURES_PER_DAY = 10;
const DAY_MS = 86_400_000;

/** Six digits, uniformly drawn. */
export const newCode = (): string => String(randomInt(0, 1_000_000)).padStart(6, '0');

/** The stored form of a challenge's code(s): a keyed hash, so that a copy of the table reveals no code. */
export const hashCode = (ctx: Context, challengeId: string, code: string): string =>
  createHmac('sha256', ctx.secrets.sessionKey).update(`${challengeId}:${code}`).digest('base64url');

/** Refuses a contact the configured notifier cannot send a code to (no SMS gateway, no SMTP server). */
export function mustReach(ctx: Context, contact: Contact): void {
  if (!ctx.notifier.reaches[contact.kind]) throw new YktError(contact.kind === 'phone' ? 'CONTACT_SMS_UNAVAILABLE' : 'CONTACT_EMAIL_UNAVAILABLE');
}

/**
 * Limits how many codes one key (a document, or a person changing contact) is sent in 10 minutes, and sends
 * none while the key is at its daily cap of wrong codes: it could not be used.
 */
export async function mustNotFlood(ctx: Context, key: string): Promise<void> {
  const now = ctx.clock();
  if ((await ctx.store.signInCodes.countSince(key, now - CODE_REQUEST_WINDOW_MS)) >= CODE_REQUESTS_PER_WINDOW) {
    throw new YktError('CODE_REQUESTS_EXCEEDED');
  }
  if ((await ctx.store.signInCodes.failuresSince(key, now - DAY_MS)) >= FAILURES_PER_DAY) throw new YktError('CODE_DAILY_FAILURES_EXCEEDED');
}

/** A one-time code on its way to the contact a person gave or proved. */
export interface CodeToSend {
  challengeId: string;
  /** Which of a challenge's codes: 'sign-in', or a contact change's 'old-contact' and 'new-contact'. */
  tag: string;
  to: Contact;
  channel: Channel;
  code: string;
  expiresAt: number;
  lang: Lang;
  purpose: CodePurpose;
}

/**
 * Queues the message that carries a code, in the transaction that stores its challenge: the code exists
 * exactly when its message does. It expires with the code, since a code that arrives too late is no use.
 */
export function queueCode(ctx: Context, tx: Repositories, c: CodeToSend): Promise<number | undefined> {
  const texts = codeTexts(c, ctx.clock());
  return queueMessage(ctx, tx, {
    key: `code:${c.challengeId}:${c.tag}`,
    kind: 'code',
    expiresAt: c.expiresAt,
    message: {
      to: c.to,
      lang: c.lang,
      ...texts,
      messageId: `<code-${c.challengeId}-${c.tag}@ykt>`,
      automatic: true,
      code: { challengeId: c.challengeId, value: c.code, channel: c.channel, expiresAt: c.expiresAt },
    },
  });
}

/**
 * The stored challenge for `challengeId` if `given` proves it. Every attempt is counted against the
 * challenge before the code is compared (that is how guessing is stopped, parallel guesses included), and
 * wrong ones against the key's day; nothing else changes.
 */
export async function proveCode(ctx: Context, check: (c: LoginCode) => boolean, challengeId: string, given: string): Promise<LoginCode> {
  const now = ctx.clock();
  const challenge = await ctx.store.signInCodes.get(challengeId);
  if (!challenge || !check(challenge) || challenge.usedAt !== null || challenge.expiresAt <= now) throw new YktError('CODE_EXPIRED');
  if (challenge.attempts >= ATTEMPTS_PER_CODE) throw new YktError('CODE_ATTEMPTS_EXCEEDED');
  if ((await ctx.store.signInCodes.failuresSince(challenge.docKey, now - DAY_MS)) >= FAILURES_PER_DAY) throw new YktError('CODE_DAILY_FAILURES_EXCEEDED');
  const attempt = await ctx.store.signInCodes.countAttempt(challengeId);
  if (attempt > ATTEMPTS_PER_CODE) throw new YktError('CODE_ATTEMPTS_EXCEEDED');
  const expected = Buffer.from(challenge.codeHash);
  const actual = Buffer.from(hashCode(ctx, challengeId, given));
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    throw new YktError(attempt >= ATTEMPTS_PER_CODE ? 'CODE_ATTEMPTS_EXCEEDED' : 'CODE_WRONG');
  }
  return challenge;
}
