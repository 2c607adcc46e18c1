// Reminders before a pass lapses: a holder whose negative test stops counting within 12 hours hears so once
// (per card and test), while there is still time to get tested, unless they turned reminders off — by the
// link in every reminder, or on their page.
import { maskCardNumber } from '../../domain/cards.ts';
import { passUntilOf } from '../../readers/sdk/list-values.ts';
import { compiledPolicyInForce } from '../operator/entry-policy.ts';
import type { Session } from '../../store/store.ts';
import type { Context } from '../context.ts';
import type { Lang } from '../ports.ts';
import { queueNotice } from '../messages/notices.ts';
import { openLink, pageLink, signLink } from './links.ts';

/** How long before a pass lapses its holder is reminded. */
export const REMIND_BEFORE_MS = 12 * 3_600_000;
/** Bindings read per step: small enough that a step never holds the event loop for long. */
const PAGE = 2_000;

/**
 * Queues a reminder for every binding whose pass lapses within REMIND_BEFORE_MS and whose holder has not had
 * one for that pass; answers how many it found due (those already reminded are skipped by the outbox key).
 * @example await remindLapsing(ctx) // 3
 */
export async function remindLapsing(ctx: Context): Promise<number> {
  const now = ctx.clock();
  const policy = await compiledPolicyInForce(ctx.store, now);
  const window = { from: now, to: now + REMIND_BEFORE_MS, passUntilOf: (value: number) => passUntilOf(value, policy) };
  let after = 0;
  let due = 0;
  for (;;) {
    const { lapsing, lastCardId } = await ctx.store.bindings.lapsing(window, after, PAGE);
    if (lastCardId === null) return due;
    after = lastCardId;
    if (lapsing.length === 0) continue;
    due += lapsing.length;
    await ctx.store.transaction(async (tx) => {
      for (const b of lapsing) {
        const offLink = pageLink(ctx, b.channel, 'reminders-off', signLink(ctx, { do: 'reminders-off', person: b.personId }));
        await queueNotice(ctx, tx, b.personId, { kind: 'pass-lapsing', card: maskCardNumber(b.cardNumber), passUntil: b.passUntil, offLink }, `lapse:${b.bindingId}:${b.passUntil}`);
      }
    });
    // Let taps and requests in between steps.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** The link in a reminder: turns the person's reminders off. Opening it twice is harmless. */
export async function remindersOffByLink(ctx: Context, token: string): Promise<void> {
  const claim = openLink(ctx, token, 'reminders-off');
  await ctx.store.people.setPreferences(claim.person, { reminders: false }, ctx.clock());
}

/** What a signed-in holder chooses on their page: the language of notices, and reminders on or off. */
export async function setPreferences(ctx: Context, session: Session, preferences: { lang?: Lang; reminders?: boolean }) {
  await ctx.store.people.setPreferences(session.personId, preferences, ctx.clock());
  const person = await ctx.store.people.get(session.personId);
  return { lang: person?.lang ?? 'zh', reminders: person?.remindersOffAt === null };
}
