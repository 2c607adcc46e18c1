// The desks' answers (station staff and refund desks): a card as the desks see it, tap records,
// the post a member works at, refund quotes and receipts. Money in integer fen, times as ISO instants.
import { Type } from 'typebox';
import { CARD_STATES, MEDIA } from '../domain/cards.ts';

const Iso = Type.String({ format: 'date-time' });
const Pair = Type.Object({ zh: Type.String(), en: Type.String() });
const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const StaffName = Type.Object({ username: Type.String(), displayName: Type.String() });

export const PostView = nullable(
  Type.Object({ kind: Type.Enum(['station', 'outlet']), code: Type.String(), name: Pair, selfOperated: Type.Boolean() }, { description: 'Where the member works; null when not set' }),
);

/** A card with its binding, masked holder and what a reader with a fresh list decides now. */
export const CardView = Type.Object({
  card: Type.String({ description: 'Card number, masked' }),
  medium: Type.Enum(MEDIA),
  product: Type.String(),
  state: Type.Enum(CARD_STATES),
  depositFen: Type.Integer(),
  balanceFen: Type.Integer(),
  decision: Type.String(),
  decisionText: Pair,
  passUntil: nullable(Iso),
  binding: nullable(Type.Object({ channel: Type.String(), since: Iso, agreementVersion: Type.Integer() })),
  holder: nullable(Type.Object({ docType: Type.String(), docMasked: nullable(Type.String()) }, { description: 'Document type and masked number only' })),
});

export const TapView = Type.Object({
  at: Iso,
  terminalId: Type.String(),
  decision: Type.String(),
  text: nullable(Pair),
  online: Type.Boolean(),
  assisted: Type.Boolean(),
  annulled: Type.Boolean(),
});

export const StationPost = Type.Object({ staff: StaffName, post: PostView });
export const CardWithTaps = Type.Object({ ...CardView.properties, taps: Type.Array(TapView) });
export const AssistedPass = Type.Object({ tap: TapView, card: CardView, taps: Type.Array(TapView) });

// ------------------------------------------------------------------ refund desk

const Line = Type.Object({ kind: Type.Enum(['deposit', 'balance', 'withdrawal-fee', 'damaged-card-fee']), fen: Type.Integer(), label: Pair });

export const RefundRulesView = Type.Object({
  version: Type.Integer(),
  returnDeposit: Type.Boolean(),
  withdrawalFees: Type.Array(Type.Object({ upToFen: nullable(Type.Integer()), feeFen: Type.Integer(), permille: Type.Integer() })),
  damagedCardFeeFen: Type.Integer(),
  selfOperatedAboveFen: Type.Integer(),
  products: Type.Record(Type.String(), Type.Object({ where: Type.Enum(['self-operated', 'elsewhere']), text: Pair })),
});

export const OutletDesk = Type.Object({ staff: StaffName, post: PostView, rules: nullable(RefundRulesView) });

/** Every outcome of a quote; `outcome` tells them apart. */
export const QuoteView = Type.Union([
  Type.Object({ outcome: Type.Literal('REFUND'), rulesVersion: Type.Integer(), lines: Type.Array(Line), totalFen: Type.Integer() }),
  Type.Object({ outcome: Type.Literal('ALREADY_REFUNDED'), rulesVersion: Type.Integer() }),
  Type.Object({ outcome: Type.Literal('GO_ELSEWHERE'), rulesVersion: Type.Integer(), text: Pair }),
  Type.Object({
    outcome: Type.Literal('SELF_OPERATED_ONLY'),
    rulesVersion: Type.Integer(),
    reason: Type.Enum(['large-balance', 'chip-unreadable', 'product', 'card-state', 'debt']),
    text: Pair,
  }),
]);

export const RefundQuoteAnswer = Type.Object({ card: CardView, quote: QuoteView, post: PostView });

export const Receipt = Type.Object({
  receiptNo: Type.String(),
  at: Iso,
  outlet: Type.Object({ code: Type.String(), name: Pair, selfOperated: Type.Boolean() }),
  card: nullable(Type.String({ description: 'Card number, masked' })),
  product: nullable(Type.String()),
  medium: nullable(Type.Enum(MEDIA)),
  lines: Type.Array(Line),
  totalFen: Type.Integer({ description: 'Paid to the holder; negative: the holder pays' }),
  rulesVersion: Type.Integer(),
  damaged: Type.Boolean(),
  chipUnreadable: Type.Boolean(),
  bindingEnded: Type.Boolean(),
  clerk: nullable(Type.String()),
});

// ------------------------------------------------------------------ contact for codes, set at the outlet

export const OutletContactBody = Type.Object({
  document: Type.Object({
    type: Type.String({ maxLength: 32, examples: ['passport'] }),
    number: Type.String({ maxLength: 64 }),
    state: Type.Optional(Type.String({ maxLength: 8, description: 'ICAO 9303 issuing state, passports only' })),
  }),
  phone: Type.Optional(Type.String({ maxLength: 32, description: 'the new contact: a mobile number, +country code outside the mainland' })),
  email: Type.Optional(Type.String({ maxLength: 254, description: 'the new contact: an e-mail address (give phone or email)' })),
  documentChecked: Type.Boolean({ description: 'The clerk saw the holder and the original document; refused with CONTACT_DOCUMENT_NOT_CHECKED unless true' }),
});

export const OutletContactChange = Type.Object({
  holder: Type.Object({ docType: Type.String(), docMasked: nullable(Type.String()) }, { description: 'Document type and masked number only' }),
  contactMasked: Type.String({ description: 'Where sign-in codes go from now on, masked' }),
  previousMasked: nullable(Type.String({ description: 'The contact replaced, masked; null when there was none' })),
});
