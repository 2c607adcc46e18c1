// The holder's own taps as their page lists them: where (line and station of the reader), when, the
// decision and what it means in both languages.
import { maskCardNumber } from '../../domain/cards.ts';
import { describeDecision, isDecision } from '../../domain/decisions.ts';
import type { Context } from '../context.ts';
import { tapsOfPerson } from '../feeds/taps.ts';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The person's recent taps while their cards were bound to them, newest first, each with its place.
 * @example const { taps } = await myTaps(ctx, session.personId)
 */
export async function myTaps(ctx: Context, personId: number) {
  const taps = await tapsOfPerson(ctx, personId);
  // Where each tap was: a holder has taps at a handful of terminals, looked up once each.
  const places = new Map<string, { line: string; station: string } | undefined>();
  for (const id of new Set(taps.map((t) => t.terminalId))) places.set(id, await ctx.store.terminals.get(id));
  return {
    taps: taps.flatMap((t) => {
      if (!isDecision(t.decision)) return [];
      const cue = describeDecision(t.decision);
      return [
        {
          card: maskCardNumber(t.cardNumber),
          at: iso(t.at),
          terminalId: t.terminalId,
          line: places.get(t.terminalId)?.line ?? null,
          station: places.get(t.terminalId)?.station ?? null,
          decision: t.decision,
          zh: cue.zh,
          en: cue.en,
          online: t.online,
          assisted: t.assisted,
          annulled: t.annulledAt !== null,
        },
      ];
    }),
  };
}
