// Yikatong cards: numbers, media, products and states. Pure rules, no I/O.
import type { ErrorCode } from './errors.ts';

export const MEDIA = ['physical', 'nfc'] as const;
export type Medium = (typeof MEDIA)[number];

export const CARD_STATES = ['active', 'lost', 'refunded', 'blocked'] as const;
export type CardState = (typeof CARD_STATES)[number];

/** Card products as the issuer names them; the key is what files and the API carry. */
export const PRODUCTS = {
  ordinary: { zh: '普通卡', en: 'Ordinary card' },
  student: { zh: '学生卡', en: 'Student card' },
  concession: { zh: '老年优待卡', en: 'Senior concession card' },
  't-union': { zh: '交通联合卡', en: 'China T-Union card' },
  commemorative: { zh: '纪念卡', en: 'Commemorative card' },
  'mobile-nfc': { zh: '手机一卡通', en: 'Phone NFC card' },
} as const;
export type Product = keyof typeof PRODUCTS;

/**
 * Digits only: spaces and dashes go, full-width digits become ASCII, as people copy numbers off a card.
 * @example normalizeCardNumber('1000 7510 0000 0001') === '1000751000000001'
 */
export function normalizeCardNumber(raw: string): string {
  return raw.replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[\s\u3000-]/g, '');
}

/** The refusal for a normalised card number, or null when it is well formed (16–20 digits). */
export function checkCardNumber(number: string): ErrorCode | null {
  return /^\d{16,20}$/.test(number) ? null : 'CARD_NUMBER_FORMAT';
}

/** Shows the first four and last four digits only, e.g. '1000********0001'. */
export function maskCardNumber(number: string): string {
  return number.slice(0, 4) + '*'.repeat(Math.max(number.length - 8, 0)) + number.slice(-4);
}

/** The refusal an upgrade gets for a card in this state; null for an active card. */
export function cardStateRefusal(state: CardState): ErrorCode | null {
  switch (state) {
    case 'active':
      return null;
    case 'lost':
      return 'CARD_LOST';
    case 'refunded':
      return 'CARD_REFUNDED';
    case 'blocked':
      return 'CARD_BLOCKED';
  }
}

/** A card as the issuer's master-data file gives it, checked. */
export interface CardRecord {
  number: string;
  medium: Medium;
  product: Product;
  state: CardState;
  depositFen: number;
  balanceFen: number;
}

const isOneOf = <T extends string>(values: readonly T[], value: string): value is T => (values as readonly string[]).includes(value);

const fen = (value: string | undefined): number | null => (value !== undefined && /^-?\d{1,9}$/.test(value.trim()) ? Number(value) : null);

/**
 * Reads one row of a card file (columns number, medium, product, state, deposit_fen, balance_fen).
 * @example parseCardRecord({ number: '1000751000000001', medium: 'physical', product: 'ordinary', state: 'active', deposit_fen: '2000', balance_fen: '0' })
 */
export function parseCardRecord(row: Record<string, string | undefined>): { record: CardRecord } | { code: ErrorCode; field: string } {
  const number = normalizeCardNumber(row.number ?? '');
  if (checkCardNumber(number)) return { code: 'CARD_NUMBER_FORMAT', field: 'number' };
  const medium = (row.medium ?? '').trim().toLowerCase();
  if (!isOneOf(MEDIA, medium)) return { code: 'CARD_FIELD_INVALID', field: 'medium' };
  const product = (row.product ?? '').trim().toLowerCase();
  if (!isOneOf(Object.keys(PRODUCTS) as Product[], product)) return { code: 'CARD_FIELD_INVALID', field: 'product' };
  const state = (row.state ?? 'active').trim().toLowerCase();
  if (!isOneOf(CARD_STATES, state)) return { code: 'CARD_FIELD_INVALID', field: 'state' };
  const depositFen = fen(row.deposit_fen);
  if (depositFen === null || depositFen < 0) return { code: 'CARD_FIELD_INVALID', field: 'deposit_fen' };
  const balanceFen = fen(row.balance_fen);
  if (balanceFen === null) return { code: 'CARD_FIELD_INVALID', field: 'balance_fen' };
  return { record: { number, medium, product, state, depositFen, balanceFen } };
}
