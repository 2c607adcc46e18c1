// The entry policy is data, not code: which colours pass and how fresh a negative test must be.
// An operator publishes a new version; every bound card's pass-until is recomputed from it.
import type { CodeColour, HealthRecord } from './health.ts';

const HOUR_MS = 3_600_000;

export interface EntryPolicy {
  /** Increases with each published policy. */
  version: number;
  /** Colours that may pass at all. */
  passColours: readonly CodeColour[];
  /** How long a negative test counts, from sampling; null = no test needed, the colour alone decides. */
  maxTestAgeMs: number | null;
  /** Readers refuse to PASS anyone on a list older than this (they answer LIST_STALE). */
  maxListAgeMs: number;
  /** When this policy takes effect, ms since epoch. */
  effectiveAt: number;
}

/** The default: green code and a negative test sampled within 72 hours (Beijing, June 2022). */
export const DEFAULT_POLICY: EntryPolicy = {
  version: 1,
  passColours: ['green'],
  maxTestAgeMs: 72 * HOUR_MS,
  // Long enough for a bus out of coverage for a shift; the list builder sends heartbeats far more often.
  maxListAgeMs: 12 * HOUR_MS,
  effectiveAt: 0,
};

/** Published presets an operator starts from; each is a complete policy apart from version and effectiveAt. */
export const PRESETS = {
  h72: DEFAULT_POLICY,
  h48: { ...DEFAULT_POLICY, maxTestAgeMs: 48 * HOUR_MS },
  d7: { ...DEFAULT_POLICY, maxTestAgeMs: 7 * 24 * HOUR_MS },
} as const satisfies Record<string, EntryPolicy>;

export type PresetName = keyof typeof PRESETS;

/**
 * The largest pass-until a reader list can carry (2106-02-07, u32 seconds); "no test needed" maps to it.
 */
export const PASS_FOREVER_MS = 0xffff_ffff * 1000;

/**
 * A passing colour with no negative test on record. It lies in the past, so readers say TEST_EXPIRED
 * ("get tested") rather than ABNORMAL ("your code is not green"), which would be untrue.
 */
export const NEVER_TESTED_MS = 1;

/**
 * The instant until which a holder passes under `policy`; 0 = does not pass.
 * Readers compare it with their own clock, so a test that expires needs no new message.
 *
 * @example
 * passUntil({ colour: 'green', testedAt: t, recordedAt: t }, PRESETS.h72) === t + 72 * 3_600_000
 * passUntil({ colour: 'red', testedAt: t, recordedAt: t }, PRESETS.h72) === 0
 */
export function passUntil(record: HealthRecord | null, policy: EntryPolicy): number {
  if (record === null || !policy.passColours.includes(record.colour)) return 0;
  if (policy.maxTestAgeMs === null) return PASS_FOREVER_MS;
  if (record.testedAt === null) return NEVER_TESTED_MS;
  // A test cannot be sampled after the record that reports it; a future testedAt is a feed error and
  // must not stretch pass-until, so it counts from recordedAt instead.
  const tested = Math.min(record.testedAt, record.recordedAt);
  return Math.max(NEVER_TESTED_MS, Math.min(PASS_FOREVER_MS, tested + policy.maxTestAgeMs));
}

/** The policy in force at `at`: the latest by effectiveAt (then version) among those already effective. */
export function policyAt(policies: readonly EntryPolicy[], at: number): EntryPolicy | null {
  let best: EntryPolicy | null = null;
  for (const p of policies) {
    if (p.effectiveAt > at) continue;
    if (best === null || p.effectiveAt > best.effectiveAt || (p.effectiveAt === best.effectiveAt && p.version > best.version)) {
      best = p;
    }
  }
  return best;
}
