// The entry policy as a reader list carries it: a 32-byte record in the signed header (the policy in force
// and the next one with its start), so that publishing a policy is one small signed update and the reader
// applies the policy to each card's facts itself. docs/reader-list-format.md §3 is the normative layout.
import { CODE_COLOURS } from '../../domain/health.ts';
import type { EntryPolicy } from '../../domain/entry-policy.ts';

export const POLICY_RECORD_BYTES = 32;
/** The only rule this reader applies: pass colours plus the age of the latest negative test. */
export const RULE_COLOUR_AND_TEST = 1;
/** `maxTestAgeMinutes` when the colour alone decides (no test needed). */
export const NO_TEST_NEEDED = 0xffff_ffff;

/** One policy record, as read from a header (no interpretation yet). */
export interface ListPolicy {
  version: number;
  /** 1 = colour and test age; 0 only in the "next policy" slot, meaning none. */
  rule: number;
  /** Bit i set: colour i of CODE_COLOURS (green, popup, yellow, red) may pass. */
  passColourMask: number;
  maxTestAgeMinutes: number;
  maxListAgeS: number;
  effectiveAtMs: number;
  /** The record's reserved bytes were all zero. */
  reservedZero: boolean;
}

/**
 * The record for an entry policy. Ages are rounded DOWN (to the minute, the second): a list never lets
 * anyone through later than the policy says.
 * @example listPolicy(DEFAULT_POLICY).maxTestAgeMinutes === 4320
 */
export function listPolicy(p: EntryPolicy): ListPolicy {
  let mask = 0;
  CODE_COLOURS.forEach((colour, i) => {
    if (p.passColours.includes(colour)) mask |= 1 << i;
  });
  return {
    version: p.version,
    rule: RULE_COLOUR_AND_TEST,
    passColourMask: mask,
    maxTestAgeMinutes: p.maxTestAgeMs === null ? NO_TEST_NEEDED : Math.min(NO_TEST_NEEDED - 1, Math.floor(p.maxTestAgeMs / 60_000)),
    maxListAgeS: Math.floor(p.maxListAgeMs / 1000),
    effectiveAtMs: Math.max(0, p.effectiveAt),
    reservedZero: true,
  };
}

/** An entry policy made ready to decide with, as a reader holding it in its list header would. */
export function compilePolicy(p: EntryPolicy): CompiledPolicy {
  return new CompiledPolicy(listPolicy(p));
}

export const NO_POLICY: ListPolicy = { version: 0, rule: 0, passColourMask: 0, maxTestAgeMinutes: 0, maxListAgeS: 0, effectiveAtMs: 0, reservedZero: true };

export function writePolicy(view: DataView, at: number, p: ListPolicy): void {
  view.setUint32(at, p.version, true);
  view.setUint8(at + 4, p.rule);
  view.setUint8(at + 5, p.passColourMask);
  view.setUint32(at + 8, p.maxTestAgeMinutes, true);
  view.setUint32(at + 12, p.maxListAgeS, true);
  view.setUint32(at + 16, p.effectiveAtMs % 0x1_0000_0000, true);
  view.setUint32(at + 20, Math.floor(p.effectiveAtMs / 0x1_0000_0000), true);
}

/** Reads a record; null when its start time does not fit a safe integer. */
export function readPolicy(view: DataView, at: number): ListPolicy | null {
  const hi = view.getUint32(at + 20, true);
  if (hi > 0x1fffff) return null;
  let reservedZero = view.getUint16(at + 6, true) === 0;
  for (let i = 24; i < POLICY_RECORD_BYTES; i++) reservedZero &&= view.getUint8(at + i) === 0;
  return {
    version: view.getUint32(at, true),
    rule: view.getUint8(at + 4),
    passColourMask: view.getUint8(at + 5),
    maxTestAgeMinutes: view.getUint32(at + 8, true),
    maxListAgeS: view.getUint32(at + 12, true),
    effectiveAtMs: hi * 0x1_0000_0000 + view.getUint32(at + 16, true),
    reservedZero,
  };
}

export function isNoPolicy(p: ListPolicy): boolean {
  return p.version === 0 && p.rule === 0 && p.passColourMask === 0 && p.maxTestAgeMinutes === 0 && p.maxListAgeS === 0 && p.effectiveAtMs === 0 && p.reservedZero;
}

/**
 * A policy made ready for the hot path. `known` is false for a rule (or colour bits, or reserved bytes)
 * this reader does not understand: it then answers manual check (LIST_STALE) to every tap, never PASS.
 */
export class CompiledPolicy {
  readonly known: boolean;
  readonly passColourMask: number;
  readonly needsTest: boolean;
  readonly maxTestAgeMs: number;
  readonly maxListAgeMs: number;
  readonly effectiveAtMs: number;
  readonly version: number;

  constructor(p: ListPolicy) {
    this.known = p.rule === RULE_COLOUR_AND_TEST && (p.passColourMask & ~0x0f) === 0 && p.reservedZero;
    this.passColourMask = this.known ? p.passColourMask : 0;
    this.needsTest = p.maxTestAgeMinutes !== NO_TEST_NEEDED;
    this.maxTestAgeMs = this.needsTest ? p.maxTestAgeMinutes * 60_000 : 0;
    this.maxListAgeMs = p.maxListAgeS * 1000;
    this.effectiveAtMs = p.effectiveAtMs;
    this.version = p.version;
  }
}
