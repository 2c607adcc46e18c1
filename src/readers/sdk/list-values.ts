// A list entry's value: the facts the entry policy needs about one bound card, in a u32 — its class (the
// code colour, no record, or a card state) in the low 4 bits and the latest negative test, in minutes since
// 2020-01-01T00:00Z, in the upper 28 (0 = none on record). The policy itself travels in the list header, so a
// policy change rewrites no entry. Shared by the builder and the reader, and by docs/reader-list-format.md §2.
import { Decision } from '../../domain/decisions.ts';
import { CODE_COLOURS, type CodeColour } from '../../domain/health.ts';
import type { CompiledPolicy } from './list-policy.ts';

/** Classes 0..3 are the code colours in CODE_COLOURS order (green, popup, yellow, red). */
export const CLASS_NO_RECORD = 4;
export const CLASS_CARD_LOST = 5;
export const CLASS_CARD_BLOCKED = 6;
export const CLASS_CARD_REFUNDED = 7;
/** Classes 8..15 are reserved; a reader refuses a file carrying one. */
const FIRST_RESERVED_CLASS = 8;

/** Test times count in whole minutes from here (2020-01-01T00:00:00Z). */
export const FACTS_EPOCH_MS = Date.UTC(2020, 0, 1);
const MINUTE_MS = 60_000;
const MAX_MINUTES = 0x0fff_ffff;

export type ListCardState = 'active' | 'lost' | 'blocked' | 'refunded';

/** What the list needs of a bound card's health record. */
export interface ListHealthFacts {
  colour: CodeColour;
  /** The latest negative test's sampling time, ms; null when none is on record. */
  testedAt: number | null;
  /** When the record was produced, ms: a test time after it is a feed error and counts from here. */
  recordedAt: number;
}

/**
 * The value a list carries for a bound card. The test time is rounded DOWN to the minute (a list never lets
 * anyone through later than the policy says); a test before 2020 counts as 2020-01-01 00:01, long expired.
 *
 * @example
 * listValue('lost', null) === CLASS_CARD_LOST
 * listValue('active', { colour: 'red', testedAt: null, recordedAt: t }) === 3
 * listValue('active', { colour: 'green', testedAt: Date.UTC(2020, 0, 1, 0, 2), recordedAt: Date.UTC(2020, 0, 2) }) === (2 << 4) | 0
 */
export function listValue(state: ListCardState, health: ListHealthFacts | null): number {
  switch (state) {
    case 'lost':
      return CLASS_CARD_LOST;
    case 'blocked':
      return CLASS_CARD_BLOCKED;
    case 'refunded':
      return CLASS_CARD_REFUNDED;
    case 'active': {
      if (health === null) return CLASS_NO_RECORD;
      const colourClass = CODE_COLOURS.indexOf(health.colour);
      if (health.testedAt === null) return colourClass;
      const tested = Math.min(health.testedAt, health.recordedAt);
      const minutes = Math.min(MAX_MINUTES, Math.max(1, Math.floor((tested - FACTS_EPOCH_MS) / MINUTE_MS)));
      return ((minutes << 4) | colourClass) >>> 0;
    }
  }
}

/** False for a reserved class, or a card state or "no record" with test bits set. */
export function isValidValue(v: number): boolean {
  const cls = v & 15;
  if (cls < CLASS_NO_RECORD) return true;
  return cls < FIRST_RESERVED_CLASS && v >>> 4 === 0;
}

/**
 * Until when a card passes under a (known) policy, ms; 0 = not at all. For reminders and screens; a tap
 * uses decideValue, which gives the same answer.
 */
export function passUntilOf(v: number, policy: CompiledPolicy): number {
  const cls = v & 15;
  if (cls >= CLASS_NO_RECORD || ((policy.passColourMask >>> cls) & 1) === 0) return 0;
  if (!policy.needsTest) return Number.MAX_SAFE_INTEGER;
  const minutes = v >>> 4;
  return minutes === 0 ? 0 : FACTS_EPOCH_MS + minutes * MINUTE_MS + policy.maxTestAgeMs;
}

/**
 * The decision for a card found in a fresh, verified list under a policy the reader knows. Called on the hot
 * path: no allocation. A passing colour with no test on record is TEST_EXPIRED ("get tested"), not ABNORMAL
 * ("your code is not green"), which would be untrue.
 */
export function decideValue(v: number, nowMs: number, policy: CompiledPolicy): Decision {
  const cls = v & 15;
  if (cls < CLASS_NO_RECORD) {
    if (((policy.passColourMask >>> cls) & 1) === 0) return Decision.ABNORMAL;
    if (!policy.needsTest) return Decision.PASS;
    const minutes = v >>> 4;
    return minutes !== 0 && nowMs < FACTS_EPOCH_MS + minutes * MINUTE_MS + policy.maxTestAgeMs ? Decision.PASS : Decision.TEST_EXPIRED;
  }
  if (cls === CLASS_NO_RECORD) return Decision.ABNORMAL;
  if (cls === CLASS_CARD_LOST) return Decision.CARD_LOST;
  if (cls === CLASS_CARD_BLOCKED) return Decision.CARD_BLOCKED;
  // CLASS_CARD_REFUNDED; reserved classes never get past the loader.
  return Decision.CARD_REFUNDED;
}
