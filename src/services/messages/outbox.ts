// The outbox (DESIGN §4 rule 10): queueMessage is the one way anything is sent to a person. It is called
// inside the transaction of the change that causes the message, so that the message exists exactly when the
// change does, whatever happens to the process after the commit. After the commit sendNow tries at once, so
// that a code normally arrives while its request is answered; the worker (outbox-worker.ts) tries again what
// that did not send, with growing delays, until the last try, after which /ops shows it with the reason.
import { maskContact } from '../../domain/contacts.ts';
import type { QueuedMessage, Repositories } from '../../store/store.ts';
import type { Context } from '../context.ts';
import type { OutgoingMessage } from '../ports.ts';

/** The waits before the 2nd, 3rd, … try: 8 tries over about 9 hours, then the message has failed. */
export const RETRY_DELAYS_MS = [10_000, 30_000, 120_000, 600_000, 1_800_000, 7_200_000, 21_600_000] as const;
export const TRIES = RETRY_DELAYS_MS.length + 1;
/** How long a request waits for its message's first try before it answers that the message is on its way. */
const FIRST_TRY_WAIT_MS = 3_000;
/** A claim outlasts the longest try by this much, for the bookkeeping around it. */
const LEASE_MARGIN_MS = 5_000;

/** What is queued: the message, rendered, and what the outbox needs to know about it. */
export interface MessageToQueue {
  /** One message per cause ('code:<challenge>:<tag>', 'reply:<Message-ID>'): queuing a key again changes nothing. */
  key: string;
  /** What it is, for /ops and the logs: 'code', 'reply', … */
  kind: string;
  message: OutgoingMessage;
  /** Not worth sending after this instant (a code's expiry): it then ends `expired`, unsent. */
  expiresAt?: number;
}

/** How a try ended. */
export type TryOutcome = 'sent' | 'retry' | 'failed' | 'expired';

/** What a request can tell its caller: sent already, or on its way (the first try did not get through in time). */
export type Delivery = 'sent' | 'queued';

/** How long a node holds a message it is sending before another may take it over. */
export const leaseMs = (ctx: Pick<Context, 'config'>): number => ctx.config.sendTimeoutMs + LEASE_MARGIN_MS;

/**
 * Queues a message in the caller's transaction: sealed, with only the recipient's masked form in the clear.
 * Answers its id for sendNow, or undefined when its key was queued before.
 * @example const id = await ctx.store.transaction((tx) => … queueMessage(ctx, tx, { key: `reply:${messageId}`, kind: 'reply', message }));
 *          await sendNow(ctx, [id]);
 */
export async function queueMessage(ctx: Context, tx: Repositories, queued: MessageToQueue): Promise<number | undefined> {
  return tx.outbox.enqueue({
    key: queued.key,
    kind: queued.kind,
    sealed: ctx.personalData.sealMessage(queued.message),
    toMasked: maskContact(queued.message.to),
    createdAt: ctx.clock(),
    expiresAt: queued.expiresAt ?? null,
  });
}

// The tries under way per system, so that a server stopping lets them end before its store closes: a try
// cut off after the send but before it is marked sent would be sent again.
const underway = new WeakMap<Context, Set<Promise<unknown>>>();

/** Runs a try while counting it as under way. */
export function track<T>(ctx: Context, work: Promise<T>): Promise<T> {
  const set = underway.get(ctx) ?? new Set<Promise<unknown>>();
  underway.set(ctx, set);
  set.add(work);
  void work.finally(() => set.delete(work)).catch(() => undefined);
  return work;
}

/** Resolves once every try under way has ended. */
export async function triesEnded(ctx: Context): Promise<void> {
  await Promise.allSettled([...(underway.get(ctx) ?? [])]);
}

/** `work`, or what `late` gives once `ms` have passed without it (work still under way goes on). */
async function within<T>(work: Promise<T>, ms: number, late: () => T | Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((resolve) => (timer = setTimeout(() => resolve(late()), ms)));
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** One try at a message just queued; true when it was sent. */
async function tryNow(ctx: Context, id: number): Promise<boolean> {
  try {
    const claimed = await ctx.store.outbox.claim(id, ctx.clock(), leaseMs(ctx));
    // Not claimed: the worker took it first and is sending it.
    return claimed !== undefined && (await attempt(ctx, claimed)) === 'sent';
  } catch (error) {
    // The change is committed and the message queued: a store error here is the worker's to mend, not the request's.
    ctx.log.error({ outbox: id, error: failureReason(error) }, 'first try at a message broke off; the worker will try again');
    return false;
  }
}

/**
 * Tries queued messages once, right after the commit that queued them, and answers 'sent' when every one
 * went out within a few seconds. Otherwise they stay queued (a try still under way goes on; a failed one is
 * retried by the worker) and the answer is 'queued', which the caller passes on honestly.
 */
export async function sendNow(ctx: Context, ids: ReadonlyArray<number | undefined>): Promise<Delivery> {
  // An undefined id was queued before, by an earlier request for the same thing: that one's tries go on.
  const tries = Promise.all(ids.map((id) => (id === undefined ? false : tryNow(ctx, id))));
  const sent = await within(track(ctx, tries), FIRST_TRY_WAIT_MS, () => [false]);
  return sent.every(Boolean) ? 'sent' : 'queued';
}

/**
 * What a failed send is noted and logged as: the error's code (ECONNREFUSED, EENVELOPE, SMS_GATEWAY_503)
 * with the SMTP reply code, or its class — never its text, which may quote an address.
 */
export function failureReason(error: unknown): string {
  const e = (error ?? {}) as { code?: unknown; responseCode?: unknown; cause?: { code?: unknown } };
  const given = [e.code, e.cause?.code].find((c): c is string => typeof c === 'string' && /^[A-Z][A-Z0-9_]{1,40}$/.test(c));
  const code = given ?? (error instanceof Error ? error.name : 'UNKNOWN');
  return typeof e.responseCode === 'number' ? `${code} ${e.responseCode}` : code;
}

/**
 * One try at a claimed message: sends it through the notifier within the time allowed, then marks it sent,
 * or schedules the next try, or gives it up — failed after the last try, expired once past its use.
 */
export async function attempt(ctx: Context, row: QueuedMessage): Promise<TryOutcome> {
  const about = { outbox: row.id, kind: row.kind, attempt: row.attempts };
  if (row.expiresAt !== null && row.expiresAt <= ctx.clock()) {
    await ctx.store.outbox.markExpired(row.id, row.lastError);
    ctx.log.warn({ ...about, error: row.lastError }, 'message expired before it could be sent');
    return 'expired';
  }
  let message: OutgoingMessage;
  try {
    // A pending message always holds its content; only a settled one has none.
    message = ctx.personalData.openMessage(row.sealed!);
  } catch {
    // Sealed under another key (YKT_DOCUMENT_KEY changed): no try will ever read it, so it fails now, not once per claim forever.
    await ctx.store.outbox.markFailed(row.id, 'UNREADABLE');
    ctx.log.error({ ...about, error: 'UNREADABLE' }, 'message cannot be opened with this node\'s document key');
    return 'failed';
  }
  let failure: string | undefined;
  try {
    await within(ctx.notifier.send(message), ctx.config.sendTimeoutMs, () => Promise.reject(Object.assign(new Error('send timed out'), { code: 'SEND_TIMEOUT' })));
  } catch (error) {
    failure = failureReason(error);
  }
  const now = ctx.clock();
  if (failure === undefined) {
    await ctx.store.outbox.markSent(row.id, now);
    ctx.log.info(about, 'message sent');
    return 'sent';
  }
  if (row.attempts >= TRIES) {
    await ctx.store.outbox.markFailed(row.id, failure);
    ctx.log.error({ ...about, error: failure }, 'message not sent after its last try: /ops lists it, and an operator can retry it');
    return 'failed';
  }
  const next = now + RETRY_DELAYS_MS[row.attempts - 1]!;
  if (row.expiresAt !== null && next >= row.expiresAt) {
    await ctx.store.outbox.markExpired(row.id, failure);
    ctx.log.warn({ ...about, error: failure }, 'message not sent, and past its use by its next try');
    return 'expired';
  }
  await ctx.store.outbox.reschedule(row.id, next, failure);
  ctx.log.warn({ ...about, error: failure, nextAttemptAt: new Date(next).toISOString() }, 'message not sent; it will be tried again');
  return 'retry';
}
