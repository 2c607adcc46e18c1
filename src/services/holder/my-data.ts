// What a holder may see and do about their own data: list their cards, export everything held about
// them, and delete their account (bindings ended, document data erased).
import { maskCardNumber } from '../../domain/cards.ts';
import type { BindingWithCard } from '../../store/store.ts';
import type { Context } from '../context.ts';
import { tapsOfPerson } from '../feeds/taps.ts';
import { holderTicket, holderTickets } from '../desk/tickets.ts';

/** A binding as the holder's pages show it: the card number masked. */
export function bindingView(b: BindingWithCard) {
  return {
    id: b.id,
    card: maskCardNumber(b.cardNumber),
    medium: b.medium,
    product: b.product,
    cardState: b.cardState,
    channel: b.channel,
    agreementVersion: b.agreementVersion,
    since: new Date(b.createdAt).toISOString(),
    endedAt: b.endedAt === null ? null : new Date(b.endedAt).toISOString(),
  };
}

export async function myCards(ctx: Context, personId: number) {
  return (await ctx.store.bindings.of(personId, { activeOnly: true })).map(bindingView);
}

/**
 * One of the holder's active bindings as their pages show it, e.g. the one an upgrade has just made.
 * @example const card = await myCard(ctx, session.personId, (await upgrade(ctx, request)).id)
 */
export async function myCard(ctx: Context, personId: number, bindingId: number) {
  const found = (await myCards(ctx, personId)).find((b) => b.id === bindingId);
  // Only reached right after the binding was made in the holder's own request.
  if (!found) throw new Error('new binding missing from the holder list');
  return found;
}

/** Everything held about the person, in clear: it is their own data, going to them. */
export async function exportMyData(ctx: Context, personId: number) {
  const person = await ctx.store.people.get(personId);
  if (!person) throw new Error(`person ${personId} missing for a live session`);
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
  };
}

/** Ends every binding, signs out everywhere and erases the document data, in one transaction. */
export async function deleteMyAccount(ctx: Context, personId: number): Promise<{ bindingsEnded: number }> {
  return ctx.store.transaction(async (tx) => {
    const now = ctx.clock();
    const active = await tx.bindings.of(personId, { activeOnly: true });
    for (const binding of active) {
      await tx.bindings.end(binding.id, now, 'account-deleted');
      await tx.changes.append('binding.ended', binding.cardId, personId, now);
    }
    await tx.sessions.revoke({ personId }, now);
    await tx.people.erase(personId, now);
    await tx.audit.append({ at: now, actor: `person:${personId}`, action: 'person.erased', subject: `person:${personId}`, data: { bindingsEnded: active.length } });
    return { bindingsEnded: active.length };
  });
}
