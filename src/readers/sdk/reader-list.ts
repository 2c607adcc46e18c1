// The reader's local list: loads and verifies snapshots, applies deltas, and decides taps offline.
// The sync layer fetches bytes and calls loadSnapshot/applyDelta; the gate calls decide().
import { Decision } from '../../domain/decisions.ts';
import { Kind, readHeader, type ListHeader } from './list-format.ts';
import { ABSENT, type KeyTable } from './key-table.ts';
import { Overlay, REMOVED } from './overlay.ts';
import { mergeOverlay } from './merge.ts';
import { snapshotTable } from './snapshot.ts';
import { readDeltaChanges } from './delta.ts';
import { decideValue } from './list-values.ts';
import { SipHash13 } from './siphash.ts';
import { ListVerifier } from './verify.ts';
import { cardKeyHex } from './card-key.ts';

export interface ReaderListOptions {
  /** Ed25519 public keys (32 raw bytes) by signing key id; more than one while keys rotate. */
  publicKeys: ReadonlyMap<number, Uint8Array>;
  /** 16-byte hash keys by hash key id, provisioned with the reader. */
  hashKeys: ReadonlyMap<number, Uint8Array>;
  /** How far the reader's clock may run behind the list's creation time; default 5 minutes. */
  clockSkewMs?: number;
  /** Merge delta changes into the table once this many are pending; default max(4096, size / 64). */
  compactAt?: number;
}

export type LoadResult = { ok: true; version: number } | { ok: false; reason: string };

/**
 * @example
 * const list = new ReaderList({ publicKeys: new Map([[1, pub]]), hashKeys: new Map([[1, hashKey]]) });
 * await list.loadSnapshot(bytes);            // { ok: true, version: 42 }
 * await list.applyDelta(deltaBytes);         // only the delta whose `from` is 42
 * list.decide('6214831234567890123', Date.now()); // Decision.PASS, …
 */
export class ReaderList {
  private readonly verifier: ListVerifier;
  private readonly hashers = new Map<number, SipHash13>();
  private readonly clockSkewMs: number;
  private readonly compactAt: number | undefined;
  private table: KeyTable | null = null;
  private readonly overlay = new Overlay();
  private hasher: SipHash13 | null = null;
  private header: ListHeader | null = null;
  private createdAtMs = 0;
  private maxListAgeMs = 0;
  private readonly hashKeys: Map<number, Uint8Array>;

  constructor(options: ReaderListOptions) {
    this.verifier = new ListVerifier(options.publicKeys);
    this.hashKeys = new Map(options.hashKeys);
    this.clockSkewMs = options.clockSkewMs ?? 5 * 60_000;
    this.compactAt = options.compactAt;
  }

  /**
   * Trusts keys the server has rotated in (GET /terminal/config). Keys already held are never replaced:
   * a key id always means the one key the reader first learnt for it.
   */
  trustKeys(keys: { publicKeys: ReadonlyMap<number, Uint8Array>; hashKeys: ReadonlyMap<number, Uint8Array> }): void {
    for (const [id, raw] of keys.publicKeys) this.verifier.trust(id, raw);
    for (const [id, key] of keys.hashKeys) if (!this.hashKeys.has(id)) this.hashKeys.set(id, key);
  }

  /** The version of the list held; 0 when none. */
  get version(): number {
    return this.header?.version ?? 0;
  }

  get hashKeyId(): number | null {
    return this.header?.hashKeyId ?? null;
  }

  get policyVersion(): number | null {
    return this.header?.policyVersion ?? null;
  }

  /** Bound cards in the list (deltas included). */
  get size(): number {
    if (this.table === null) return 0;
    let n = this.table.size;
    const table = this.table;
    this.overlay.forEach((hi, lo, v) => {
      const inBase = table.find(hi, lo) !== ABSENT;
      if (v === REMOVED && inBase) n--;
      if (v !== REMOVED && !inBase) n++;
    });
    return n;
  }

  /** ms since the list was current (its latest snapshot, delta or heartbeat); Infinity without a list. */
  listAge(nowMs: number): number {
    return this.table === null ? Infinity : nowMs - this.createdAtMs;
  }

  /** Whether a verified list is held and is within its maximum age at `nowMs` (decide()'s own test). */
  isCurrent(nowMs: number): boolean {
    const age = nowMs - this.createdAtMs;
    return this.table !== null && age <= this.maxListAgeMs && age >= -this.clockSkewMs;
  }

  /** Bytes of list data held in memory. */
  memoryBytes(): number {
    return (this.table?.bytes ?? 0) + this.overlay.bytes;
  }

  /**
   * Verifies and loads a snapshot, replacing the current list. Refuses anything that is not a
   * complete, correctly signed, well-ordered snapshot under a known key, and any older version.
   */
  async loadSnapshot(input: Uint8Array): Promise<LoadResult> {
    // Our own copy: nobody can change it after verification, and it is aligned for typed views.
    const bytes = input.slice();
    const h = readHeader(bytes);
    if (typeof h === 'string') return refuse(h);
    if (h.kind !== Kind.SNAPSHOT) return refuse('not a snapshot');
    const hashKey = this.hashKeys.get(h.hashKeyId);
    if (hashKey === undefined) return refuse('unknown hash key');
    if (!this.verifier.knows(h.signKeyId)) return refuse('unknown signing key');
    if (!(await this.verifier.verify(bytes, h.signKeyId))) return refuse('bad signature');
    const table = snapshotTable(bytes, h.count);
    const problem = table.check();
    if (problem !== null) return refuse(problem);
    // Checked after the await: another load may have finished meanwhile. Never go back in time.
    if (this.header !== null && h.version < this.header.version) return refuse('older than the current list');
    this.table = table;
    this.overlay.clear();
    this.header = h;
    this.hasher = this.hasherFor(h.hashKeyId, hashKey);
    this.createdAtMs = h.createdAtMs;
    this.maxListAgeMs = h.maxListAgeMs;
    return { ok: true, version: h.version };
  }

  /**
   * Verifies and applies a delta. Only a delta whose `from` equals the current version applies; a
   * heartbeat (from = to, no changes) only renews the list's age.
   */
  async applyDelta(input: Uint8Array): Promise<LoadResult> {
    const bytes = input.slice();
    const h = readHeader(bytes);
    if (typeof h === 'string') return refuse(h);
    if (h.kind !== Kind.DELTA) return refuse('not a delta');
    if (this.header === null) return refuse('no snapshot loaded');
    if (h.fromVersion !== this.header.version) return refuse('delta does not start at the current version');
    if (h.hashKeyId !== this.header.hashKeyId) return refuse('hash key differs from the current list');
    if (!this.verifier.knows(h.signKeyId)) return refuse('unknown signing key');
    if (!(await this.verifier.verify(bytes, h.signKeyId))) return refuse('bad signature');
    const changes = readDeltaChanges(bytes, h.count, h.removals);
    if (typeof changes === 'string') return refuse(changes);
    // Checked again after the await: a snapshot or another delta may have landed meanwhile.
    if (this.header === null || h.fromVersion !== this.header.version) return refuse('delta does not start at the current version');
    if (h.hashKeyId !== this.header.hashKeyId) return refuse('hash key differs from the current list');
    for (let i = 0; i < h.removals; i++) this.overlay.remove(changes.rmHi[i]!, changes.rmLo[i]!);
    for (let i = 0; i < h.count; i++) this.overlay.set(changes.upHi[i]!, changes.upLo[i]!, changes.upVal[i]!);
    this.header = { ...this.header, version: h.version, createdAtMs: h.createdAtMs, maxListAgeMs: h.maxListAgeMs, policyVersion: h.policyVersion, signKeyId: h.signKeyId };
    // The delta's own time, even if earlier than ours: a list can only look older, never fresher.
    this.createdAtMs = h.createdAtMs;
    this.maxListAgeMs = h.maxListAgeMs;
    const table = this.table!;
    if (this.overlay.size >= (this.compactAt ?? Math.max(4096, table.size >>> 6))) {
      this.table = mergeOverlay(table, this.overlay);
      this.overlay.clear();
    }
    return { ok: true, version: h.version };
  }

  /**
   * The decision for one tap: no I/O, no allocation. Never PASS without a verified list, on a list
   * older than its maximum age, or when the reader's clock is behind the list by more than the skew.
   */
  decide(cardNumber: string, nowMs: number): Decision {
    const table = this.table;
    const hasher = this.hasher;
    if (table === null || hasher === null) return Decision.LIST_STALE;
    const age = nowMs - this.createdAtMs;
    // Written so that NaN falls to LIST_STALE.
    if (!(age <= this.maxListAgeMs && age >= -this.clockSkewMs)) return Decision.LIST_STALE;
    hasher.hash(cardNumber);
    const hi = hasher.out[0]!;
    const lo = hasher.out[1]!;
    let v = ABSENT;
    if (this.overlay.size !== 0) {
      v = this.overlay.get(hi, lo);
      if (v === REMOVED) return Decision.NOT_UPGRADED;
    }
    if (v === ABSENT) v = table.find(hi, lo);
    if (v === ABSENT) return Decision.NOT_UPGRADED;
    return decideValue(v, nowMs);
  }

  /** The card key a tap record carries: hex of the keyed hash under the current (or newest) hash key. */
  cardKey(cardNumber: string): { cardKey: string; hashKeyId: number } | null {
    const id = this.header?.hashKeyId ?? Math.max(-1, ...this.hashKeys.keys());
    const key = this.hashKeys.get(id);
    if (key === undefined) return null;
    const hasher = this.hasherFor(id, key);
    hasher.hash(cardNumber);
    return { cardKey: cardKeyHex(hasher.out[0]!, hasher.out[1]!), hashKeyId: id };
  }

  /** Every entry as [card key hex, value], ascending by key: for tests, digests and diagnostics. */
  entries(): Array<[string, number]> {
    const map = new Map<string, number>();
    this.table?.forEach((hi, lo, v) => map.set(cardKeyHex(hi, lo), v));
    this.overlay.forEach((hi, lo, v) => (v === REMOVED ? map.delete(cardKeyHex(hi, lo)) : map.set(cardKeyHex(hi, lo), v)));
    return [...map].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }

  /** Forgets the list (e.g. when the operator resets the reader); decide() answers LIST_STALE. */
  reset(): void {
    this.table = null;
    this.overlay.clear();
    this.header = null;
    this.hasher = null;
  }

  private hasherFor(id: number, key: Uint8Array): SipHash13 {
    let h = this.hashers.get(id);
    if (h === undefined) this.hashers.set(id, (h = new SipHash13(key)));
    return h;
  }
}

function refuse(reason: string): LoadResult {
  return { ok: false, reason };
}
