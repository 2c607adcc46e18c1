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
import { CompiledPolicy } from './list-policy.ts';
import { readCertificate } from './certificate.ts';
import { cardHasher, type CardHasher } from './siphash-wasm.ts';
import { ListVerifier } from './verify.ts';
import { cardKeyHex } from './card-key.ts';

export interface ReaderListOptions {
  /** The operator's root public keys (32 raw bytes) by root key id, provisioned at enrolment: the only keys trusted outright. */
  rootKeys: ReadonlyMap<number, Uint8Array>;
  /** 16-byte hash keys by hash key id, provisioned with the reader. */
  hashKeys: ReadonlyMap<number, Uint8Array>;
  /** Signing key ids known to be revoked (from the reader's config); lists add more. */
  revokedKeyIds?: Iterable<number>;
  /** How far the reader's clock may run behind the list's creation time; default 5 minutes. */
  clockSkewMs?: number;
  /** Merge delta changes into the table once this many are pending; default max(4096, size / 64). */
  compactAt?: number;
}

export type LoadResult = { ok: true; version: number } | { ok: false; reason: string };

/**
 * @example
 * const list = new ReaderList({ rootKeys: new Map([[1, rootPub]]), hashKeys: new Map([[1, hashKey]]) });
 * await list.loadSnapshot(bytes);            // { ok: true, version: 42 }
 * await list.applyDelta(deltaBytes);         // only the delta whose `from` is 42
 * list.decide('6214831234567890123', Date.now()); // Decision.PASS, …
 */
export class ReaderList {
  private readonly verifier: ListVerifier;
  private readonly hashers = new Map<number, CardHasher>();
  private readonly clockSkewMs: number;
  private readonly compactAt: number | undefined;
  private table: KeyTable | null = null;
  private readonly overlay = new Overlay();
  private hasher: CardHasher | null = null;
  private header: ListHeader | null = null;
  private createdAtMs = 0;
  /** The policy in force when the list was made, and the next one from its start (null: none). */
  private policy: CompiledPolicy | null = null;
  private next: CompiledPolicy | null = null;
  private readonly hashKeys: Map<number, Uint8Array>;
  /** Signing keys of the snapshot and deltas the list is made of: if one is revoked, the list is dropped. */
  private readonly signers = new Set<number>();

  constructor(options: ReaderListOptions) {
    this.verifier = new ListVerifier(options.rootKeys);
    this.verifier.revoke(options.revokedKeyIds ?? []);
    this.hashKeys = new Map(options.hashKeys);
    this.clockSkewMs = options.clockSkewMs ?? 5 * 60_000;
    this.compactAt = options.compactAt;
  }

  /**
   * Takes hash keys the server has rotated in and signing key ids it revoked (GET /terminal/config). A hash
   * key already held is never replaced: a key id always means the one key the reader first learnt for it.
   * Signing keys never come from here: only through a root's certificate in a list file.
   */
  trustKeys(keys: { hashKeys: ReadonlyMap<number, Uint8Array>; revokedKeyIds?: Iterable<number> }): void {
    for (const [id, key] of keys.hashKeys) if (!this.hashKeys.has(id)) this.hashKeys.set(id, key);
    const revoked = [...(keys.revokedKeyIds ?? [])];
    this.verifier.revoke(revoked);
    // A list partly signed by a key now revoked is not kept: the next sync loads a snapshot.
    if (revoked.some((id) => this.signers.has(id))) this.reset();
  }

  /** The version of the list held; 0 when none. */
  get version(): number {
    return this.header?.version ?? 0;
  }

  get hashKeyId(): number | null {
    return this.header?.hashKeyId ?? null;
  }

  /** The version of the entry policy in force at `nowMs` by the list's header; null without a list. */
  policyVersion(nowMs: number): number | null {
    return this.policyAt(nowMs)?.version ?? null;
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
    const policy = this.policyAt(nowMs);
    const age = nowMs - this.createdAtMs;
    return this.table !== null && policy !== null && policy.known && age <= policy.maxListAgeMs && age >= -this.clockSkewMs;
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
    const problem = await this.checkSignature(bytes, h);
    if (problem !== null) return refuse(problem);
    const table = snapshotTable(bytes, h.headerBytes, h.count);
    const unsound = table.check();
    if (unsound !== null) return refuse(unsound);
    // Checked after the await: another load may have finished meanwhile. Never go back in time.
    if (this.header !== null && h.version < this.header.version) return refuse('older than the current list');
    this.table = table;
    this.overlay.clear();
    this.signers.clear();
    this.hasher = this.hasherFor(h.hashKeyId, hashKey);
    this.adopt(h);
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
    const problem = await this.checkSignature(bytes, h);
    if (problem !== null) return refuse(problem);
    const changes = readDeltaChanges(bytes, h.headerBytes, h.count, h.removals);
    if (typeof changes === 'string') return refuse(changes);
    // Checked again after the await: a snapshot or another delta may have landed meanwhile.
    if (this.header === null || h.fromVersion !== this.header.version) return refuse('delta does not start at the current version');
    if (h.hashKeyId !== this.header.hashKeyId) return refuse('hash key differs from the current list');
    if (h.revokedKeyIds.some((id) => this.signers.has(id))) {
      // Part of what the reader holds was signed by a key now revoked: start again from a snapshot. The
      // file is genuine, so its revocations hold: a snapshot by the same key must not come back in next.
      this.verifier.revoke(h.revokedKeyIds);
      this.reset();
      return refuse('the current list was signed by a revoked key');
    }
    for (let i = 0; i < h.removals; i++) this.overlay.remove(changes.rmHi[i]!, changes.rmLo[i]!);
    for (let i = 0; i < h.count; i++) this.overlay.set(changes.upHi[i]!, changes.upLo[i]!, changes.upVal[i]!);
    // The delta's own time, even if earlier than ours: a list can only look older, never fresher.
    this.adopt({ ...h, kind: this.header.kind, fromVersion: this.header.fromVersion });
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
    const next = this.next;
    const policy = next !== null && nowMs >= next.effectiveAtMs ? next : this.policy!;
    // A policy this reader cannot apply: manual check, never PASS.
    if (!policy.known) return Decision.LIST_STALE;
    const age = nowMs - this.createdAtMs;
    // Written so that NaN falls to LIST_STALE.
    if (!(age <= policy.maxListAgeMs && age >= -this.clockSkewMs)) return Decision.LIST_STALE;
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
    return decideValue(v, nowMs, policy);
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
    this.policy = null;
    this.next = null;
    this.signers.clear();
  }

  /** The policy that applies at `nowMs`: the next one once it has started; null without a list. */
  policyAt(nowMs: number): CompiledPolicy | null {
    return this.next !== null && nowMs >= this.next.effectiveAtMs ? this.next : this.policy;
  }

  /** Null when the file's signature, its certificate and the root check out and its key is not revoked. */
  private async checkSignature(bytes: Uint8Array<ArrayBuffer>, h: ListHeader): Promise<string | null> {
    const certificate = readCertificate(h.certificate);
    if (typeof certificate === 'string') return certificate;
    if (certificate.signingKeyId !== h.signKeyId) return 'certificate is for another signing key';
    return this.verifier.check(bytes, certificate, h.revokedKeyIds);
  }

  /** Takes a verified header's time, policies and revoked keys as the list's own. */
  private adopt(h: ListHeader): void {
    this.header = h;
    this.signers.add(h.signKeyId);
    this.createdAtMs = h.createdAtMs;
    this.policy = new CompiledPolicy(h.policy);
    this.next = h.nextPolicy.rule === 0 ? null : new CompiledPolicy(h.nextPolicy);
    this.verifier.revoke(h.revokedKeyIds);
  }

  private hasherFor(id: number, key: Uint8Array): CardHasher {
    let h = this.hashers.get(id);
    if (h === undefined) this.hashers.set(id, (h = cardHasher(key)));
    return h;
  }
}

function refuse(reason: string): LoadResult {
  return { ok: false, reason };
}
