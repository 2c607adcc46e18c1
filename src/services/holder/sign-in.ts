// The default identity: a person signs in with a document and a one-time code sent through the notifier.
// Health Kit, WeChat or Alipay sign-in would replace this file and nothing else.
import { createHmac, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { channelFor, checkDocument, isDocumentType, maskDocumentNumber } from '../../domain/documents.ts';
import { YktError } from '../../domain/errors.ts';
import type { Channel } from '../../domain/channels.ts';
import type { Context } from '../context.ts';
import { startSession } from './sessions.ts';

const CODE_REQUEST_WINDOW_MS = 10 * 60_000;
const CODE_REQUESTS_PER_WINDOW = 5;
const ATTEMPTS_PER_CODE = 5;
/** Wrong codes a document may have in 24 hours, over all its codes: 5 codes per 10 minutes would allow 3,600 guesses a day. */
export const FAILURES_PER_DAY = 10;
const DAY_MS = 86_400_000;

export interface CodeRequest {
  type: string;
  number: string;
  state?: string;
  name?: string;
}

const hashCode = (ctx: Context, challengeId: string, code: string): string =>
  createHmac('sha256', ctx.secrets.sessionKey).update(`${challengeId}:${code}`).digest('base64url');

/** The refusal for a document presented on the wrong channel (the seed: residence permits use the app). */
function wrongChannel(documentChannel: Channel): YktError {
  return new YktError(documentChannel === 'app' ? 'WRONG_CHANNEL_USE_APP' : 'WRONG_CHANNEL_USE_KIT');
}

/**
 * Checks the document and sends a one-time code for it.
 * @example await requestCode(ctx, 'kit', { type: 'passport', number: 'E1234567', state: 'GBR' })
 */
export async function requestCode(ctx: Context, channel: Channel, request: CodeRequest) {
  // The channel is known from the type alone: someone in the wrong place hears where to go even before
  // their number is typed right.
  if (isDocumentType(request.type) && channelFor(request.type) !== channel) throw wrongChannel(channelFor(request.type));
  const verdict = checkDocument(request, new Date(ctx.clock()));
  if (!verdict.valid) throw new YktError(verdict.code);
  const { document } = verdict;

  const docKey = ctx.personalData.documentKey(document);
  const now = ctx.clock();
  if ((await ctx.store.signInCodes.countSince(docKey, now - CODE_REQUEST_WINDOW_MS)) >= CODE_REQUESTS_PER_WINDOW) {
    throw new YktError('CODE_REQUESTS_EXCEEDED');
  }
  // No new code while the document is capped: it could not be used.
  if ((await ctx.store.signInCodes.failuresSince(docKey, now - DAY_MS)) >= FAILURES_PER_DAY) throw new YktError('CODE_DAILY_FAILURES_EXCEEDED');
  const challengeId = randomUUID();
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const expiresAt = now + ctx.config.codeTtlMs;
  const sentTo = maskDocumentNumber(document.number);
  await ctx.store.signInCodes.insert({
    id: challengeId,
    docKey,
    docSealed: ctx.personalData.seal({ document, ...(request.name ? { name: request.name.trim() } : {}) }),
    codeHash: hashCode(ctx, challengeId, code),
    channel,
    createdAt: now,
    expiresAt,
    attempts: 0,
    usedAt: null,
  });
  await ctx.notifier.sendCode({ challengeId, to: sentTo, channel, code, expiresAt });
  return { challengeId, expiresAt, sentTo };
}

/**
 * Proves a code and opens a session, creating the person on first sign-in.
 * Every attempt is counted against the challenge before the code is compared (that is how guessing is
 * stopped, parallel guesses included), and wrong ones against the document's day; nothing else changes.
 */
export async function verifyCode(ctx: Context, channel: Channel, challengeId: string, code: string) {
  const now = ctx.clock();
  const challenge = await ctx.store.signInCodes.get(challengeId);
  if (!challenge || challenge.channel !== channel || challenge.usedAt !== null || challenge.expiresAt <= now) {
    throw new YktError('CODE_EXPIRED');
  }
  if (challenge.attempts >= ATTEMPTS_PER_CODE) throw new YktError('CODE_ATTEMPTS_EXCEEDED');
  if ((await ctx.store.signInCodes.failuresSince(challenge.docKey, now - DAY_MS)) >= FAILURES_PER_DAY) throw new YktError('CODE_DAILY_FAILURES_EXCEEDED');
  const attempt = await ctx.store.signInCodes.countAttempt(challengeId);
  if (attempt > ATTEMPTS_PER_CODE) throw new YktError('CODE_ATTEMPTS_EXCEEDED');
  const expected = Buffer.from(challenge.codeHash);
  const given = Buffer.from(hashCode(ctx, challengeId, code.trim()));
  if (!timingSafeEqual(expected, given)) {
    throw new YktError(attempt >= ATTEMPTS_PER_CODE ? 'CODE_ATTEMPTS_EXCEEDED' : 'CODE_WRONG');
  }
  return ctx.store.transaction(async (tx) => {
    if (!(await tx.signInCodes.use(challengeId, now))) throw new YktError('CODE_EXPIRED');
    const identity = ctx.personalData.open(challenge.docSealed);
    const person = await tx.people.ensure({
      docType: identity.document.type,
      docKey: challenge.docKey,
      docSealed: challenge.docSealed,
      docMasked: maskDocumentNumber(identity.document.number),
      at: now,
    });
    const session = await startSession(ctx, tx, person.id, channel);
    return { ...session, person: { docType: person.docType, docMasked: person.docMasked } };
  });
}
