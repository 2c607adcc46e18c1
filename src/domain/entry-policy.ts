// The entry policy is data, not code: which colours pass and how fresh a negative test must be. An operator
// publishes a new version; it travels in the reader list's signed header, and readers apply it to each card's
// facts (readers/sdk/list-values.ts): no card's entry is recomputed.
import type { CodeColour } from './health.ts';

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
