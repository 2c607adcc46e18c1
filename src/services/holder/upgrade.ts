// Upgrade (bind a card to its holder) and unbind: the heart of the applet column and the app.
// The staff-assisted flow reuses these with another actor and channel (STYLE 6).
import { refuseUpgrade } from '../../domain/bindings.ts';
import { checkCardNumber, normalizeCardNumber, type Medium } from '../../domain/cards.ts';
import { YktError } from '../../domain/errors.ts';
import { type Binding, type BindingWithCard, type Repositories, UniqueViolation } from '../../store/store.ts';
import type { Channel } from '../../domain/channels.ts';
import type { Context } from '../context.ts';

export interface UpgradeRequest {
  personId: number;
  channel: Channel;
  cardNumber: string;
  /** What the holder says the card is; absent, the card's master data decides (it always knows). */
  medium?: Medium;
  /** The agreement version the holder ticked, or null when they did not. */
  agreementVersion: number | null;
}

async function attemptUpgrade(ctx: Context, tx: Repositories, request: UpgradeRequest, number: string): Promise<BindingWithCard> {
  const facts = await tx.bindings.upgradeFacts({ cardNumber: number, personId: request.personId, medium: request.medium });
  if (!facts) throw new YktError('CARD_NOT_FOUND');
  const { card } = facts;
  const refusal = refuseUpgrade({ ...facts, personId: request.personId, medium: request.medium ?? card.medium, acceptedAgreement: request.agreementVersion });
  if (refusal) throw new YktError(refusal);
  const now = ctx.clock();
  await tx.agreements.accept(request.personId, request.agreementVersion!, now);
  const binding = await tx.bindings.insert({
    cardId: card.id,
    personId: request.personId,
    medium: card.medium,
    channel: request.channel,
    agreementVersion: request.agreementVersion!,
    createdAt: now,
  });
  await tx.changes.append('binding.created', card.id, request.personId, now);
  // The card as the holder's page shows it, from what was read: the answer needs no second look.
  return { ...binding, cardNumber: card.number, product: card.product, cardState: card.state, cardUpdatedAt: card.updatedAt };
}

/**
 * Binds a card to a person, or throws the coded reason why not.
 * @example await upgrade(ctx, { personId, channel: 'kit', cardNumber: '1000751000000001', medium: 'physical', agreementVersion: 1 })
 */
export async function upgrade(ctx: Context, request: UpgradeRequest): Promise<BindingWithCard> {
  const number = normalizeCardNumber(request.cardNumber);
  const formatRefusal = checkCardNumber(number);
  if (formatRefusal) throw new YktError(formatRefusal);
  for (let attempt = 1; ; attempt++) {
    try {
      // Grouped: upgrades arriving together share one commit, each in its own savepoint (store.grouped).
      return await ctx.store.grouped((tx) => attemptUpgrade(ctx, tx, request, number));
    } catch (error) {
      // Another upgrade won the race between our checks and our insert, and the database refused ours.
      // Running the checks again names the rule that the winner now holds.
      if (!(error instanceof UniqueViolation) || attempt === 3) throw error;
    }
  }
}

/**
 * One of the person's active bindings, or BINDING_NOT_FOUND: what every unbind, the holder's or an agent's,
 * starts from.
 */
export async function activeBinding(tx: Repositories, personId: number, bindingId: number): Promise<BindingWithCard> {
  const binding = (await tx.bindings.of(personId, { activeOnly: true })).find((b) => b.id === bindingId);
  if (!binding) throw new YktError('BINDING_NOT_FOUND');
  return binding;
}

/**
 * Ends one of the person's active bindings. An assisted unbind (an agent at the holder's request) passes
 * its own reason and `record`, which writes its audit entry in the same transaction.
 */
export async function unbind(
  ctx: Context,
  personId: number,
  bindingId: number,
  reason = 'holder',
  record?: (tx: Repositories, binding: Binding, at: number) => Promise<void>,
): Promise<void> {
  await ctx.store.grouped(async (tx) => {
    const binding = await activeBinding(tx, personId, bindingId);
    const now = ctx.clock();
    await tx.bindings.end(binding.id, now, reason);
    await tx.changes.append('binding.ended', binding.cardId, personId, now);
    await record?.(tx, binding, now);
  });
}
