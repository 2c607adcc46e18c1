// What the server deletes on a schedule: tap records past retention (DESIGN §4 rule 6), the sign-in
// leftovers that protect nobody once expired — holder and staff sessions, one-time codes, and staff
// attempt windows — and the outbox's rows of messages long sent or expired (their content went when they did).
import { purgeTaps } from '../feeds/taps.ts';
import type { Context } from '../context.ts';
import { SIGN_IN_WINDOW_MS } from './staff.ts';

// Codes are kept a day after they are sent, long past their expiry (an hour at most): the daily cap on
// wrong codes per document counts them.
const CODE_KEEP_MS = 86_400_000;
// A week of sent messages: /ops and /metrics count them, and a question about one can still be answered.
const MESSAGE_KEEP_MS = 7 * 86_400_000;

export interface Purged {
  taps: number;
  signInCodes: number;
  sessions: number;
  staffSessions: number;
  staffAttempts: number;
  messages: number;
}

/**
 * Deletes what has expired; returns how many rows of each.
 * @example const purged = await housekeep(ctx); // { taps: 0, signInCodes: 12, sessions: 3, … }
 */
export async function housekeep(ctx: Context): Promise<Purged> {
  const now = ctx.clock();
  return {
    taps: await purgeTaps(ctx),
    signInCodes: await ctx.store.signInCodes.purgeBefore(now - CODE_KEEP_MS),
    sessions: await ctx.store.sessions.purgeExpired(now),
    staffSessions: await ctx.store.staff.purgeSessions(now),
    staffAttempts: await ctx.store.staff.purgeAttempts(now - SIGN_IN_WINDOW_MS),
    messages: await ctx.store.outbox.purgeBefore(now - MESSAGE_KEEP_MS),
  };
}
