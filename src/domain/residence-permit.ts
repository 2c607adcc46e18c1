// The Residence Permit for Hong Kong, Macao and Taiwan Residents uses the mainland ID number layout
// (GB 11643-1999): a 6-digit address code, an 8-digit birth date, a 3-digit sequence and a check character.
// Its address code is 810000 (Hong Kong), 820000 (Macao) or 830000 (Taiwan).
import type { ErrorCode } from './errors.ts';

const FORMAT = /^\d{17}[\dX]$/;
const REGIONS: ReadonlySet<string> = new Set(['810000', '820000', '830000']);
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARACTERS = '10X98765432';
// Birth dates are calendar dates in Beijing; China keeps UTC+8 all year, so a fixed offset is exact.
const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;
const EARLIEST_BIRTH_YEAR = 1900;

/**
 * The ISO 7064 MOD 11-2 check character for the first 17 digits of a residence permit number.
 * @example residenceCheckCharacter('81000019900101123') // → the 18th character of a valid number
 * @throws RangeError when `first17` is not exactly 17 digits (a programming error, not user input)
 */
export function residenceCheckCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('residenceCheckCharacter needs exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARACTERS[sum % 11]!;
}

/**
 * Checks an already normalised residence permit number, in the order format, region, birth date, check
 * character, and returns the first failure, or undefined when the number is valid.
 * @example residencePermitProblem('110000199001011234', new Date()) === 'DOC_RESIDENCE_REGION'
 */
export function residencePermitProblem(number: string, now: Date): ErrorCode | undefined {
  if (!FORMAT.test(number)) return 'DOC_RESIDENCE_FORMAT';
  if (!REGIONS.has(number.slice(0, 6))) return 'DOC_RESIDENCE_REGION';
  if (!isPlausibleBirthDate(number.slice(6, 14), now)) return 'DOC_RESIDENCE_BIRTH_DATE';
  if (residenceCheckCharacter(number.slice(0, 17)) !== number[17]) return 'DOC_RESIDENCE_CHECK';
  return undefined;
}

// A real calendar date (so 19990230 and 20010229 fail), from 1900 on, and not after today in Beijing.
function isPlausibleBirthDate(yyyymmdd: string, now: Date): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  if (year < EARLIEST_BIRTH_YEAR || month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the next month is the last day of this one; Date.UTC handles leap years for us.
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return false;
  const todayInBeijing = new Date(now.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10).replaceAll('-', '');
  return yyyymmdd <= todayInBeijing;
}
