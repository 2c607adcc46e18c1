// Station staff assistance (现场工作人员协助): look a card up — masked holder data only — and, when a tap fails,
// record a manual pass. The pass is an ordinary tap record, as a reader would upload it (STYLE 6: the same
// record with another actor), flagged assisted and online, from the staff member's post as a pseudo-terminal.
import { randomBytes } from 'node:crypto';
import { checkCardNumber, normalizeCardNumber } from '../../domain/cards.ts';
import { Decision } from '../../domain/decisions.ts';
import { YktError } from '../../domain/errors.ts';
import { decideValue, passUntilOf } from '../../readers/sdk/list-values.ts';
import { compiledPolicyInForce } from '../operator/entry-policy.ts';
import type { Binding, Card, Person, StaffMember, StaffPost, StoredTap } from '../../store/store.ts';
import type { Context } from '../context.ts';
import { cardKeyOf, cardKeysOf } from '../feeds/taps.ts';

export type { StaffPost, StoredTap };

/**
 * Where a staff or outlet account works (its station or outlet), or undefined when none is set.
 * @example const post = await postOf(ctx, member)
 */
export function postOf(ctx: Context, staff: Pick<StaffMember, 'id'>): Promise<StaffPost | undefined> {
  return ctx.store.staff.postOf(staff.id);
}

/** Why staff let someone through by hand. Shown in both languages on the page; kept in the audit log. */
export const ASSIST_REASONS = ['health-code-shown', 'reader-fault', 'card-unreadable', 'list-stale', 'other'] as const;
export type AssistReason = (typeof ASSIST_REASONS)[number];

/** The pseudo-terminal id of an assisted pass: the staff member's post, or plain 'staff' when none is set. */
export const staffTerminalId = (post: StaffPost | undefined): string => (post ? `staff:${post.code}` : 'staff');

export interface CardLookup {
  card: Card;
  binding: Binding | null;
  /** Document type and masked number only: never a name or a full number (DESIGN §4 rule 6). */
  holder: Pick<Person, 'docType' | 'docMasked'> | null;
  /** What a reader with a fresh list decides for this card now. */
  decision: Decision;
  /** Pass-until of the reader list, ms; null when the card is not on it. */
  passUntil: number | null;
}

/** Finds a card by its number (as typed: spaces and full-width digits allowed), with its binding and holder. */
export async function lookUpCard(ctx: Context, rawNumber: string): Promise<CardLookup> {
  const number = normalizeCardNumber(rawNumber);
  const refusal = checkCardNumber(number);
  if (refusal) throw new YktError(refusal);
  const card = await ctx.store.cards.findByNumber(number);
  if (!card) throw new YktError('CARD_NOT_FOUND');
  const binding = (await ctx.store.bindings.activeOfCard(card.id)) ?? null;
  const person = binding ? await ctx.store.people.get(binding.personId) : undefined;
  const value = binding ? (await ctx.store.lists.entries([card.id])).get(card.id)?.value : undefined;
  const now = ctx.clock();
  const policy = await compiledPolicyInForce(ctx.store, now);
  const passUntil = value === undefined ? 0 : passUntilOf(value, policy);
  return {
    card,
    binding,
    holder: person ? { docType: person.docType, docMasked: person.docMasked } : null,
    decision: value === undefined ? Decision.NOT_UPGRADED : decideValue(value, now, policy),
    // A colour that passes without any test passes for good: no instant to show.
    passUntil: passUntil > 0 && passUntil < Number.MAX_SAFE_INTEGER ? passUntil : null,
  };
}

/** The card's recent taps, newest first, whoever held it. */
export async function recentTapsOfCard(ctx: Context, cardNumber: string, limit = 20): Promise<StoredTap[]> {
  const since = ctx.clock() - ctx.config.tapRetentionMs;
  return ctx.store.taps.ofCardKeys(cardKeysOf(ctx, cardNumber), since, limit);
}

export interface AssistRequest {
  cardNumber: string;
  reason: AssistReason;
  /** What the gate showed, if the staff member saw it. */
  shown: Decision | null;
  note: string;
}

/**
 * Records a manual pass: a PASS tap record flagged assisted, online, from the staff member's post, and the
 * audit entry that says who, why and what the gate had shown, in one transaction.
 * @example await recordAssistedPass(ctx, staff, { cardNumber: '1000751000000001', reason: 'health-code-shown', shown: 'NOT_UPGRADED', note: '' })
 */
export async function recordAssistedPass(ctx: Context, staff: StaffMember, request: AssistRequest): Promise<{ tap: StoredTap; lookup: CardLookup }> {
  const lookup = await lookUpCard(ctx, request.cardNumber);
  if (lookup.card.state !== 'active') throw new YktError('ASSIST_CARD_NOT_ACTIVE', { state: lookup.card.state });
  const post = await postOf(ctx, staff);
  const now = ctx.clock();
  const tap: StoredTap = {
    tapId: randomBytes(16).toString('hex'),
    terminalId: staffTerminalId(post),
    // Under the hash key in force, as a reader on the current list computes it.
    cardKey: cardKeyOf(ctx.keyRing.hashKeys.at(now).key, lookup.card.number),
    decision: Decision.PASS,
    at: now,
    online: true,
    assisted: true,
    listVersion: null,
    annulledAt: null,
    receivedAt: now,
  };
  await ctx.store.transaction(async (tx) => {
    await tx.taps.insert([tap]);
    await tx.audit.append({
      at: now,
      actor: `staff:${staff.id}`,
      action: 'tap.assisted',
      subject: `card:${lookup.card.id}`,
      data: { tapId: tap.tapId, terminalId: tap.terminalId, reason: request.reason, shown: request.shown, note: request.note, bound: lookup.binding !== null },
    });
  });
  return { tap, lookup };
}

/** A lookup by staff, an outlet or an agent: it shows a person's (masked) data, so it is audited (DESIGN §4 rule 7). */
export async function viewCard(ctx: Context, actor: string, rawNumber: string): Promise<CardLookup> {
  const lookup = await lookUpCard(ctx, rawNumber);
  await ctx.store.audit.append({ at: ctx.clock(), actor, action: 'card.viewed', subject: `card:${lookup.card.id}`, data: { bound: lookup.binding !== null } });
  return lookup;
}
