// Document validation: which identity documents a person may use, how their numbers are written, and which
// channel serves each. Pure rules: no I/O, so the applet, the app, the API and the CLI all agree.
import type { ErrorCode } from './errors.ts';
import type { HolderChannel } from './channels.ts';
import { isIcaoStateCode } from './icao-states.ts';
import { residenceCheckCharacter, residencePermitProblem } from './residence-permit.ts';

export { residenceCheckCharacter };

export const DOCUMENT_TYPES = ['hk-macao-permit', 'taiwan-permit', 'passport', 'residence-permit'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** A checked document, normalised. `state` (the ICAO issuing state) is present for passports only. */
export interface TravelDocument {
  type: DocumentType;
  number: string;
  state?: string;
}

export type DocumentVerdict = { valid: true; document: TravelDocument } | { valid: false; code: ErrorCode };

export const DOCUMENT_LABELS: Record<DocumentType, { zh: string; en: string }> = {
  'hk-macao-permit': { zh: '港澳居民来往内地通行证', en: 'Mainland Travel Permit for Hong Kong and Macao Residents' },
  'taiwan-permit': { zh: '台湾居民来往大陆通行证', en: 'Mainland Travel Permit for Taiwan Residents' },
  passport: { zh: '护照', en: 'Passport' },
  'residence-permit': { zh: '港澳台居民居住证', en: 'Residence Permit for Hong Kong, Macao and Taiwan Residents' },
};

// The reissue count is appended to the 8 digits on reissued HK/Macao permits, giving 10.
const HK_MACAO_NUMBER = /^[HM](\d{8}|\d{10})$/;
// Older Taiwan permits carried 10 digits; people still hold them.
const TAIWAN_NUMBER = /^(\d{8}|\d{10})$/;
// ICAO 9303: up to 9 characters from A–Z and 0–9 (the MRZ filler '<' is not part of the number).
const PASSPORT_NUMBER = /^[A-Z0-9]{1,9}$/;

/**
 * Whether a string names a supported document type.
 * @example isDocumentType('passport') === true; isDocumentType('id-card') === false
 */
export function isDocumentType(type: string): type is DocumentType {
  return (DOCUMENT_TYPES as readonly string[]).includes(type);
}

/**
 * Puts a typed document number or state code into its one canonical form: full-width characters (as
 * Chinese input methods produce) become ASCII, letters become upper case, and all spaces go.
 * @example normalizeDocumentText(' ｈ１２３４ ５６７８ ') === 'H12345678'
 */
export function normalizeDocumentText(raw: string): string {
  const halfWidth = raw
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ');
  // Removing every whitespace character also trims; people paste numbers with spaces and line breaks.
  return halfWidth.replace(/\s+/g, '').toUpperCase();
}

/**
 * Checks a document as a person typed it and returns either the normalised document or the first refusal.
 * `now` bounds the birth date in a residence permit number (it may not be in the future).
 * @example checkDocument({ type: 'passport', number: 'e1234567', state: 'gbr' })
 *   // → { valid: true, document: { type: 'passport', number: 'E1234567', state: 'GBR' } }
 * @example checkDocument({ type: 'hk-macao-permit', number: 'X12345678' })
 *   // → { valid: false, code: 'DOC_HK_MACAO_FORMAT' }
 */
export function checkDocument(
  input: { type: string; number: string; state?: string },
  now: Date = new Date(),
): DocumentVerdict {
  const type = input.type.trim();
  if (!isDocumentType(type)) return { valid: false, code: 'DOC_TYPE_UNKNOWN' };
  const number = normalizeDocumentText(input.number);
  const problem = numberProblem(type, number, now);
  if (problem !== undefined) return { valid: false, code: problem };
  // Only a passport needs its issuing state to tell two holders apart; for the others it is dropped.
  if (type !== 'passport') return { valid: true, document: { type, number } };
  const state = normalizeDocumentText(input.state ?? '');
  if (state === '') return { valid: false, code: 'DOC_PASSPORT_STATE_MISSING' };
  if (!isIcaoStateCode(state)) return { valid: false, code: 'DOC_PASSPORT_STATE_UNKNOWN' };
  return { valid: true, document: { type, number, state } };
}

function numberProblem(type: DocumentType, number: string, now: Date): ErrorCode | undefined {
  switch (type) {
    case 'hk-macao-permit':
      return HK_MACAO_NUMBER.test(number) ? undefined : 'DOC_HK_MACAO_FORMAT';
    case 'taiwan-permit':
      return TAIWAN_NUMBER.test(number) ? undefined : 'DOC_TAIWAN_FORMAT';
    case 'passport':
      return PASSPORT_NUMBER.test(number) ? undefined : 'DOC_PASSPORT_FORMAT';
    case 'residence-permit':
      return residencePermitProblem(number, now);
  }
}

/**
 * Where a person holding this document upgrades a card: residence permit holders in the Beijing Yikatong
 * app, everyone else in the Health Kit applet.
 * @example channelFor('residence-permit') === 'app'; channelFor('passport') === 'kit'
 */
export function channelFor(type: DocumentType): HolderChannel {
  switch (type) {
    case 'residence-permit':
      return 'app';
    case 'hk-macao-permit':
    case 'taiwan-permit':
    case 'passport':
      return 'kit';
  }
}

/**
 * A document number fit to show or log: the first 2 and last 2 characters stay, stars replace the rest
 * (at least one). Numbers of 4 characters or fewer keep only their last character.
 * @example maskDocumentNumber('H12345678') === 'H1*****78'; maskDocumentNumber('A123') === '***3'
 */
export function maskDocumentNumber(number: string): string {
  const chars = [...number];
  if (chars.length > 4) return chars.slice(0, 2).join('') + '*'.repeat(chars.length - 4) + chars.slice(-2).join('');
  // Keeping the last character of a one-character number would show it in clear, so it becomes one star.
  if (chars.length <= 1) return '*'.repeat(chars.length);
  return '*'.repeat(chars.length - 1) + chars[chars.length - 1];
}
