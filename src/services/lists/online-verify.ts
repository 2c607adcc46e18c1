// Online verification: a reader that cannot decide a tap itself (no list yet, or a card it must check
// now) asks the server, which decides from its own copy of the published list — the same code and the
// same list a reader runs, so an online answer never differs from an offline one at the same version.
import { describeDecision, type Decision } from '../../domain/decisions.ts';
import { normalizeCardNumber } from '../../domain/cards.ts';
import type { Context } from '../context.ts';
import type { ListPublisher } from './publisher.ts';

export interface OnlineDecision {
  decision: Decision;
  zh: string;
  en: string;
  light: string;
  sound: string;
  reason: number;
  /** The list version it was decided on. */
  listVersion: number;
}

/**
 * Decides one tap of `cardNumber` now, with the cue a gate shows.
 * @example verifyOnline(ctx, publisher, '6214831234567890123'); // { decision: 'PASS', zh: '…', …, listVersion: 42 }
 */
export function verifyOnline(ctx: Context, publisher: ListPublisher, cardNumber: string): OnlineDecision {
  const decision = publisher.list.decide(normalizeCardNumber(cardNumber), ctx.clock());
  const cue = describeDecision(decision);
  return { decision, zh: cue.zh, en: cue.en, light: cue.light, sound: cue.sound, reason: cue.reason, listVersion: publisher.version };
}
