// A bound card's live status as its holder's page shows it: whether a tap passes now and until when, or why
// not, from the holder's health record under the entry policy in force. The rule is the readers' own
// (listValue, then passUntilOf), so the page never promises a pass a gate would refuse.
import type { EntryPolicy } from '../../domain/entry-policy.ts';
import { isCodeColour } from '../../domain/health.ts';
import { compilePolicy } from '../../readers/sdk/list-policy.ts';
import { listValue, passUntilOf } from '../../readers/sdk/list-values.ts';
import type { BindingWithCard, StoredHealthRecord } from '../../store/store.ts';
import type { Context } from '../context.ts';
import { policyInForce } from '../operator/entry-policy.ts';
import { REMIND_BEFORE_MS } from './reminders.ts';

/** What a tap of the card gets now, as the holder's page words it. */
export type CardStatusKind = 'passes' | 'test-expired' | 'no-test' | 'not-green' | 'no-record' | 'lost' | 'blocked' | 'refunded';

export interface CardStatus {
  kind: CardStatusKind;
  /** 'passes': until when, ms (null when the policy needs no test); 'test-expired': when the pass ended. */
  passUntil: number | null;
  /** When the holder is reminded that the pass lapses, ms; null when no reminder is due (off, no contact, past). */
  remindAt: number | null;
}

/** What the statuses of one person's cards are computed from, read once for all their cards. */
export interface StatusFacts {
  now: number;
  policy: EntryPolicy;
  health: StoredHealthRecord | null;
  /** Whether reminders go out to this person: a contact on file and reminders not turned off. */
  reminders: boolean;
}

/** Reads the facts for a person: the policy in force, their health record (filed by document) and reminders. */
export async function statusFacts(ctx: Context, personId: number): Promise<StatusFacts> {
  const now = ctx.clock();
  const found = await ctx.store.people.withHealth(personId);
  const reminders = found !== undefined && found.person.contactSealed !== null && found.person.remindersOffAt === null;
  return { now, policy: await policyInForce(ctx.store, now), health: found?.health ?? null, reminders };
}

/**
 * The card's status under the facts.
 * @example cardStatus(binding, facts) // { kind: 'passes', passUntil: 1669988280000, remindAt: 1669945080000 }
 */
export function cardStatus(binding: Pick<BindingWithCard, 'cardState'>, facts: StatusFacts): CardStatus {
  const none = { passUntil: null, remindAt: null };
  if (binding.cardState !== 'active') return { kind: binding.cardState, ...none };
  const { health, policy, now } = facts;
  if (health === null) return { kind: 'no-record', ...none };
  const colour = health.colour;
  if (!isCodeColour(colour) || !policy.passColours.includes(colour)) return { kind: 'not-green', ...none };
  if (policy.maxTestAgeMs !== null && health.testedAt === null) return { kind: 'no-test', ...none };
  const until = passUntilOf(listValue('active', { ...health, colour }), compilePolicy(policy));
  if (until === Number.MAX_SAFE_INTEGER) return { kind: 'passes', ...none };
  if (until <= now) return { kind: 'test-expired', passUntil: until, remindAt: null };
  // A reminder already due has gone out (or is going): only one still ahead is worth announcing.
  const remindAt = until - REMIND_BEFORE_MS;
  return { kind: 'passes', passUntil: until, remindAt: facts.reminders && remindAt > now ? remindAt : null };
}
