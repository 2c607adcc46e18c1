// A list entry's value: pass-until in seconds since epoch (u32), with the smallest values reserved
// for states that are not times. Shared by the builder and the reader, and by docs/reader-list-format.md.
import { Decision } from '../../domain/decisions.ts';

/** Bound, but the code does not pass under the policy (pass-until 0). */
export const VALUE_ABNORMAL = 0;
export const VALUE_CARD_LOST = 1;
export const VALUE_CARD_BLOCKED = 2;
export const VALUE_CARD_REFUNDED = 3;
/** Values below this are reserved; 4..15 are invalid in format version 1 and a reader refuses them. */
export const FIRST_TIME_VALUE = 16;
export const MAX_VALUE = 0xffff_ffff;

export type ListCardState = 'active' | 'lost' | 'blocked' | 'refunded';

/**
 * The value a list carries for a card. Pass-until is rounded DOWN to the second, so a list never
 * lets anyone through later than the policy says; an instant in the past stays in the past.
 *
 * @example
 * listValue('active', 0) === VALUE_ABNORMAL
 * listValue('active', Date.parse('2022-06-08T08:00:00Z')) === 1654675200
 * listValue('lost', 1654675200000) === VALUE_CARD_LOST
 */
export function listValue(state: ListCardState, passUntilMs: number): number {
  switch (state) {
    case 'lost':
      return VALUE_CARD_LOST;
    case 'blocked':
      return VALUE_CARD_BLOCKED;
    case 'refunded':
      return VALUE_CARD_REFUNDED;
    case 'active':
      if (!(passUntilMs > 0)) return VALUE_ABNORMAL;
      return Math.min(MAX_VALUE, Math.max(FIRST_TIME_VALUE, Math.floor(passUntilMs / 1000)));
  }
}

export function isValidValue(v: number): boolean {
  return v <= VALUE_CARD_REFUNDED || (v >= FIRST_TIME_VALUE && v <= MAX_VALUE);
}

/** The decision for a card found in a fresh, verified list. Called on the hot path: no allocation. */
export function decideValue(v: number, nowMs: number): Decision {
  if (v >= FIRST_TIME_VALUE) return nowMs < v * 1000 ? Decision.PASS : Decision.TEST_EXPIRED;
  if (v === VALUE_ABNORMAL) return Decision.ABNORMAL;
  if (v === VALUE_CARD_LOST) return Decision.CARD_LOST;
  if (v === VALUE_CARD_BLOCKED) return Decision.CARD_BLOCKED;
  // VALUE_CARD_REFUNDED; 4..15 never get past the loader.
  return Decision.CARD_REFUNDED;
}
