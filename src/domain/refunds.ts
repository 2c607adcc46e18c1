// Card refunds (退卡): what an outlet pays back for a card, under a versioned set of refund rules. Pure rules,
// no I/O; the rules themselves are data (a refund_rules row), so a new fee schedule is a new version, not code.
import type { CardState, Medium } from './cards.ts';
import type { Message } from './errors.ts';

/** A fee band: balances up to `upToFen` (inclusive; null = no upper bound) pay feeFen + balance × permille / 1000. */
export interface FeeBand {
  upToFen: number | null;
  feeFen: number;
  permille: number;
}

/** Where a product that ordinary outlets cannot refund is refunded instead. */
export interface ProductRule {
  where: 'self-operated' | 'elsewhere';
  /** What the holder is told, e.g. where to go. */
  text: Message;
}

export interface RefundRules {
  version: number;
  /** Whether the card's deposit (CNY 20 on most physical cards) is paid back. */
  returnDeposit: boolean;
  withdrawalFees: FeeBand[];
  /** Charged when the card comes back damaged (cracked, bent, chip exposed). */
  damagedCardFeeFen: number;
  /** Balances above this are refunded only at self-operated outlets. */
  selfOperatedAboveFen: number;
  /** Products ordinary outlets cannot refund; a product not listed here is refunded anywhere. */
  products: Record<string, ProductRule>;
}

export interface RefundCard {
  product: string;
  medium: Medium;
  state: CardState;
  depositFen: number;
  balanceFen: number;
}

export interface RefundCircumstances {
  /** The card comes back damaged. */
  damaged: boolean;
  /** The chip cannot be read at the counter: the balance is taken from the issuer's records instead. */
  chipUnreadable: boolean;
  /** The outlet is run by the card company itself (自营网点). */
  selfOperated: boolean;
}

export type RefundLineKind = 'deposit' | 'balance' | 'withdrawal-fee' | 'damaged-card-fee';

/** One line of a refund: positive pays the holder, negative is kept. */
export interface RefundLine {
  kind: RefundLineKind;
  fen: number;
}

/** Why a self-operated outlet is needed. */
export type SelfOperatedReason = 'large-balance' | 'chip-unreadable' | 'product' | 'card-state' | 'debt';

/** Every outcome of a refund quote. Handle with an exhaustive switch. */
export type RefundQuote =
  | { outcome: 'REFUND'; rulesVersion: number; lines: RefundLine[]; /** Paid to the holder; negative: the holder pays. */ totalFen: number }
  | { outcome: 'ALREADY_REFUNDED'; rulesVersion: number }
  | { outcome: 'GO_ELSEWHERE'; rulesVersion: number; text: Message }
  | { outcome: 'SELF_OPERATED_ONLY'; rulesVersion: number; reason: SelfOperatedReason; text?: Message };

/** The fee for withdrawing a balance under the bands: the first band whose bound holds the balance. */
export function withdrawalFee(bands: readonly FeeBand[], balanceFen: number): number {
  if (balanceFen <= 0) return 0;
  const band = bands.find((b) => b.upToFen === null || balanceFen <= b.upToFen);
  if (!band) return 0;
  // Never more than the balance itself: a fee is taken from what is withdrawn, not charged on top.
  return Math.min(balanceFen, band.feeFen + Math.floor((balanceFen * band.permille) / 1000));
}

/**
 * Quotes a refund: the lines and total in fen, or why this outlet cannot do it.
 * @example quoteRefund(DEMO_REFUND_RULES, { product: 'ordinary', medium: 'physical', state: 'active', depositFen: 2000, balanceFen: 3000 },
 *   { damaged: false, chipUnreadable: false, selfOperated: false })
 *   // → { outcome: 'REFUND', lines: [deposit 2000, balance 3000], totalFen: 5000, rulesVersion: 1 }
 */
export function quoteRefund(rules: RefundRules, card: RefundCard, at: RefundCircumstances): RefundQuote {
  const rulesVersion = rules.version;
  if (card.state === 'refunded') return { outcome: 'ALREADY_REFUNDED', rulesVersion };
  const product = rules.products[card.product];
  if (product?.where === 'elsewhere') return { outcome: 'GO_ELSEWHERE', rulesVersion, text: product.text };
  const needsSelfOperated = (reason: SelfOperatedReason, text?: Message): RefundQuote | null =>
    at.selfOperated ? null : { outcome: 'SELF_OPERATED_ONLY', rulesVersion, reason, ...(text ? { text } : {}) };
  // Checked in the order a clerk would explain them: the product, the card's state, then what is on the card.
  const refusal =
    (product?.where === 'self-operated' && needsSelfOperated('product', product.text)) ||
    (card.state !== 'active' && needsSelfOperated('card-state')) ||
    (at.chipUnreadable && needsSelfOperated('chip-unreadable')) ||
    (card.balanceFen > rules.selfOperatedAboveFen && needsSelfOperated('large-balance')) ||
    null;
  if (refusal) return refusal;

  const lines: RefundLine[] = [];
  if (rules.returnDeposit && card.depositFen > 0) lines.push({ kind: 'deposit', fen: card.depositFen });
  if (card.balanceFen !== 0) lines.push({ kind: 'balance', fen: card.balanceFen });
  const fee = withdrawalFee(rules.withdrawalFees, card.balanceFen);
  if (fee > 0) lines.push({ kind: 'withdrawal-fee', fen: -fee });
  if (at.damaged && rules.damagedCardFeeFen > 0) lines.push({ kind: 'damaged-card-fee', fen: -rules.damagedCardFeeFen });
  const totalFen = lines.reduce((sum, line) => sum + line.fen, 0);
  // A card that owes more than it returns (a negative balance past the deposit) is settled at the company's own
  // counter; there the negative total is what the holder pays.
  const debt = totalFen < 0 ? needsSelfOperated('debt') : null;
  if (debt) return debt;
  return { outcome: 'REFUND', rulesVersion, lines, totalFen };
}

/** The bilingual label of a refund line, as the quote and the receipt show it. */
export const REFUND_LINE_LABELS: Record<RefundLineKind, Message> = {
  deposit: { zh: '退还押金', en: 'Deposit returned' },
  balance: { zh: '卡内余额', en: 'Balance on the card' },
  'withdrawal-fee': { zh: '余额退款手续费', en: 'Balance withdrawal fee' },
  'damaged-card-fee': { zh: '损坏卡费', en: 'Damaged card fee' },
};

/** What the holder is told when a self-operated outlet is needed. */
export const SELF_OPERATED_REASONS: Record<SelfOperatedReason, Message> = {
  'large-balance': {
    zh: '卡内余额较大,请到一卡通自营网点办理退卡',
    en: 'The balance is large: this card is refunded at a Yikatong self-operated outlet',
  },
  'chip-unreadable': {
    zh: '卡片芯片无法读取,请到一卡通自营网点办理退卡,余额以系统记录为准',
    en: 'The chip cannot be read: this card is refunded at a Yikatong self-operated outlet, from the balance on record',
  },
  product: { zh: '此类卡片仅在一卡通自营网点退卡', en: 'Cards of this kind are refunded only at Yikatong self-operated outlets' },
  'card-state': {
    zh: '该卡已挂失或停用,请到一卡通自营网点办理',
    en: 'This card is reported lost or blocked: it is refunded at a Yikatong self-operated outlet',
  },
  debt: {
    zh: '卡内欠款超过押金,请到一卡通自营网点结清',
    en: 'The card owes more than its deposit: it is settled at a Yikatong self-operated outlet',
  },
};

/** Formats fen as yuan with two decimals, e.g. formatFen(2050) === '20.50'. */
export function formatFen(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Checks a rules document (as stored or as an operator sends it); returns the first problem, or null. */
export function rulesProblem(rules: RefundRules): string | null {
  const fen = (n: unknown) => Number.isInteger(n) && (n as number) >= 0;
  if (!Number.isInteger(rules.version) || rules.version < 1) return 'version';
  if (!fen(rules.damagedCardFeeFen)) return 'damagedCardFeeFen';
  if (!fen(rules.selfOperatedAboveFen)) return 'selfOperatedAboveFen';
  let last = -1;
  for (const [i, band] of rules.withdrawalFees.entries()) {
    if (!fen(band.feeFen) || !fen(band.permille) || band.permille > 1000) return `withdrawalFees[${i}]`;
    if (band.upToFen !== null && (!fen(band.upToFen) || band.upToFen <= last)) return `withdrawalFees[${i}].upToFen`;
    if (band.upToFen === null && i !== rules.withdrawalFees.length - 1) return `withdrawalFees[${i}].upToFen`;
    last = band.upToFen ?? last;
  }
  return null;
}
