// The conformance protocol between the runner and a reader under test: one JSON line per case on the
// reader's stdin, one JSON line back on its stdout. docs/reader-conformance.md is the normative text. The
// lines are flat on purpose (strings hold no escapes: hex, digits, paths), so a reader in C parses them by hand.

/** What the runner sends for one case. The reader starts from nothing for every line. */
export interface CaseRequest {
  case: string;
  /** The reader's clock for every tap of the case, ms since epoch. */
  now: number;
  /** Trusted root public keys, `"<root key id>:<64 hex digits>"`. */
  roots: string[];
  /** Hash keys held, `"<hash key id>:<32 hex digits>"`. */
  hashKeys: string[];
  /** Signing key ids the reader was told are revoked (its enrolment, its config). */
  revoked: number[];
  /** List files to load, in order, by absolute path: a snapshot or a delta (heartbeats are deltas) by their kind byte. */
  files: string[];
  /** Card numbers to decide, after every file. */
  cards: string[];
  /** Bench only: decide `cards` this many more times, timed, and answer nsPerTap. */
  repeat?: number;
}

export type LoadOutcome = 'accepted' | 'refused';

/** What the reader answers: one load outcome per file, one decision per card. */
export interface CaseAnswer {
  case: string;
  loads: LoadOutcome[];
  decisions: string[];
  /** Optional: why each file was refused (or ""), shown when a case fails. */
  reasons?: string[];
  /** Bench only: nanoseconds per decide(), measured by the reader around its own loop. */
  nsPerTap?: number;
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/** `"<id>:<hex>"` for each key, ascending by id. */
export function keyEntries(keys: ReadonlyMap<number, Uint8Array>): string[] {
  return [...keys].sort(([a], [b]) => a - b).map(([id, key]) => `${id}:${hex(key)}`);
}

/** Reads `"<id>:<hex>"` entries back into a map; throws on anything else. */
export function parseKeyEntries(entries: readonly string[]): Map<number, Uint8Array> {
  const keys = new Map<number, Uint8Array>();
  for (const entry of entries) {
    const m = /^(\d+):([0-9a-f]+)$/.exec(entry);
    if (m === null || m[2]!.length % 2 !== 0) throw new Error(`not a key entry: ${entry}`);
    keys.set(Number(m[1]), Uint8Array.from(Buffer.from(m[2]!, 'hex')));
  }
  return keys;
}

/** Strings the protocol carries must need no JSON escape, so that a reader may parse lines by hand. */
export function checkPlainString(s: string, what: string): void {
  if ([...s].some((ch) => ch === '"' || ch === '\\' || ch.charCodeAt(0) < 0x20)) throw new Error(`${what} must not contain quotes, backslashes or control characters: ${s}`);
}
