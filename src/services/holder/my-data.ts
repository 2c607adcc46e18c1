// What a holder may see and do about their own data: list their cards, export everything held about
// them, and delete their account (bindings ended, personal data erased).
import { maskCardNumber } from '../../domain/cards.ts';
import type { BindingWithCard } from '../../store/store.ts';
import type { Context } from '../context.ts';
import { tapsOfPerson } from '../feeds/taps.ts';
import { eraseHolder, holderTicket, holderTickets } from '../desk/tickets.ts';
import { cardStatus, statusFacts, type StatusFacts } from './card-status.ts';

const iso = (ms: number) => new Date(ms).toISOString();

/** A binding as the holder's pages show it: the card number masked. */
export function bindingView(b: BindingWithCard) {
  return {
    id: b.id,
    card: maskCardNumber(b.cardNumber),
    medium: b.medium,
    product: b.product,
    cardState: b.cardState,
    // The master data's last change stands for when a card became lost or blocked: imports change little else.
    cardStateSince: b.cardState === 'active' ? null : iso(b.cardUpdatedAt),
    channel: b.channel,
    agreementVersion: b.agreementVersion,
    since: iso(b.createdAt),
    endedAt: b.endedAt === null ? null : iso(b.endedAt),
    endReason: b.endReason,
  };
}

/** An active binding as My cards shows it: the view and the card's live status. */
function liveView(b: BindingWithCard, facts: StatusFacts) {
  const { kind, passUntil, remindAt } = cardStatus(b, facts);
  return { ...bindingView(b), status: { kind, passUntil: passUntil === null ? null : iso(passUntil), remindAt: remindAt === null ? null : iso(remindAt) } };
}

/** How long a binding someone else ended (a refund at an outlet, customer service) stays listed. */
export const ENDED_SHOWN_MS = 30 * 24 * 3_600_000;
/** Ends the holder made themselves need no explaining: they are not listed. */
const OWN_ENDS: ReadonlySet<string> = new Set(['holder', 'account-deleted']);

/**
 * My cards: the active bindings with their live status, and those someone else ended in the last 30 days
 * (a refund, customer service), newest first, so that a card never vanishes from the list unexplained.
 * @example const { cards, ended, reminders } = await myCards(ctx, session.personId)
 */
export async function myCards(ctx: Context, personId: number) {
  const [all, facts] = await Promise.all([ctx.store.bindings.of(personId, { activeOnly: false }), statusFacts(ctx, personId)]);
  const active = all.filter((b) => b.endedAt === null);
  const boundNow = new Set(active.map((b) => b.cardId));
  const ended = all
    .filter((b) => b.endedAt !== null && !OWN_ENDS.has(b.endReason ?? '') && b.endedAt > facts.now - ENDED_SHOWN_MS && !boundNow.has(b.cardId))
    .sort((a, b) => b.endedAt! - a.endedAt!);
  return { cards: active.map((b) => liveView(b, facts)), ended: ended.map(bindingView), reminders: facts.reminders };
}

/**
 * A binding just made, as My cards shows it (its live status included), e.g. in the answer to an upgrade.
 * @example const card = await liveCard(ctx, session.personId, await upgrade(ctx, request))
 */
export async function liveCard(ctx: Context, personId: number, binding: BindingWithCard) {
  return liveView(binding, await statusFacts(ctx, personId));
}

/** Everything held about the person, in clear: it is their own data, going to them. */
export async function exportMyData(ctx: Context, personId: number) {
  const found = await ctx.store.people.withHealth(personId);
  if (!found) throw new Error(`person ${personId} missing for a live session`);
  const { person, health } = found;
  const identity = person.docSealed ? ctx.personalData.open(person.docSealed) : null;
  const bindings = await ctx.store.bindings.of(personId, { activeOnly: false });
  return {
    exportedAt: new Date(ctx.clock()).toISOString(),
    person: {
      documentType: person.docType,
      documentNumber: identity?.document.number ?? null,
      issuingState: identity?.document.state ?? null,
      name: identity?.name ?? null,
      since: new Date(person.createdAt).toISOString(),
      contact:
        person.contactSealed === null || person.contactVerifiedAt === null
          ? null
          : { ...ctx.personalData.openContact(person.contactSealed), verifiedAt: new Date(person.contactVerifiedAt).toISOString() },
    },
    bindings: bindings.map((b) => ({ ...bindingView(b), cardNumber: b.cardNumber, endReason: b.endReason })),
    agreementsAccepted: (await ctx.store.agreements.acceptancesOf(personId)).map((a) => ({
      version: a.version,
      acceptedAt: new Date(a.acceptedAt).toISOString(),
    })),
    taps: (await tapsOfPerson(ctx, personId, 1000)).map((t) => ({
      cardNumber: t.cardNumber,
      at: new Date(t.at).toISOString(),
      terminalId: t.terminalId,
      decision: t.decision,
      online: t.online,
      assisted: t.assisted,
    })),
    tickets: await Promise.all((await holderTickets(ctx, personId)).map((t) => holderTicket(ctx, personId, t.id))),
    healthRecord: health && {
      recordId: health.recordId,
      colour: health.colour,
      testedAt: health.testedAt === null ? null : new Date(health.testedAt).toISOString(),
      recordedAt: new Date(health.recordedAt).toISOString(),
    },
    signIns: (await ctx.store.sessions.ofPerson(personId)).map((s) => ({
      channel: s.channel,
      at: new Date(s.createdAt).toISOString(),
      expiresAt: new Date(s.expiresAt).toISOString(),
      endedAt: s.revokedAt === null ? null : new Date(s.revokedAt).toISOString(),
    })),
  };
}

/**
 * Ends every binding and erases the person (store/repositories/people.ts erase: document, contact, health
 * record, sign-in codes and history, ticket contents) and closes their open tickets with a note, in one transaction; the anonymous row, the ended bindings,
 * the agreement acceptances and the audit log stay.
 */
export async function deleteMyAccount(ctx: Context, personId: number): Promise<{ bindingsEnded: number }> {
  return ctx.store.transaction(async (tx) => {
    const now = ctx.clock();
    const active = await tx.bindings.of(personId, { activeOnly: true });
    for (const binding of active) {
      await tx.bindings.end(binding.id, now, 'account-deleted');
      await tx.changes.append('binding.ended', binding.cardId, personId, now);
    }
    // Erasing the person deletes their sessions too, which signs them out everywhere.
    await eraseHolder(tx, personId, now);
    await tx.audit.append({ at: now, actor: `person:${personId}`, action: 'person.erased', subject: `person:${personId}`, data: { bindingsEnded: active.length } });
    return { bindingsEnded: active.length };
  });
}
