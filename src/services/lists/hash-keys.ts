// The rotating hash key of reader lists (DESIGN §6: "a copied list reveals nothing once the key rotates").
// Card numbers become card keys under a SipHash key that changes every period on its own: each period's key
// is derived from one master key (YKT_LIST_HASH_KEY, or the data directory's), so every node computes the
// same keys with nothing to share but the master, and its id — the period's start in hours since the
// epoch — is in every list header. Readers are given the current and the next key only: a key that leaked
// stops working at the end of its period, and no old key is ever served again. The server computes old
// keys by id to link tap records to their cards, as long as taps are kept.
import { createHmac } from 'node:crypto';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export class HashKeySchedule {
  private readonly derived = new Map<number, Uint8Array>();
  readonly periodMs: number;

  /**
   * @example const hashKeys = new HashKeySchedule(master, 7); hashKeys.at(Date.now()) // { keyId: 494_088, key: <16 bytes> }
   */
  constructor(
    /** Given to a worker thread that makes list files (snapshot-thread.ts), never to a reader. */
    readonly master: Uint8Array,
    readonly periodDays: number,
  ) {
    if (!Number.isInteger(periodDays) || periodDays < 1) throw new RangeError('a hash key period is a whole number of days');
    this.periodMs = periodDays * DAY_MS;
  }

  /** The id of the key in force at `nowMs`: its period's start, in hours since the epoch. */
  idAt(nowMs: number): number {
    return (Math.floor(nowMs / this.periodMs) * this.periodMs) / HOUR_MS;
  }

  /** The key in force at `nowMs` and its id. */
  at(nowMs: number): { keyId: number; key: Uint8Array } {
    const keyId = this.idAt(nowMs);
    return { keyId, key: this.byId(keyId) };
  }

  /** The 16-byte key of an id: the first 16 bytes of HMAC-SHA256(master, "ykt list hash key <id>"). */
  byId(keyId: number): Uint8Array {
    let key = this.derived.get(keyId);
    if (key === undefined) {
      key = new Uint8Array(createHmac('sha256', this.master).update(`ykt list hash key ${keyId}`).digest().subarray(0, 16));
      this.derived.set(keyId, key);
    }
    return key;
  }

  /** What readers are given at `nowMs`: the current key and the next, never an older one. */
  served(nowMs: number): Map<number, Uint8Array> {
    return this.between(nowMs, nowMs + this.periodMs);
  }

  /** Every key in force at some instant from `fromMs` to `toMs`, by id, oldest first. */
  between(fromMs: number, toMs: number): Map<number, Uint8Array> {
    const keys = new Map<number, Uint8Array>();
    for (let at = Math.floor(fromMs / this.periodMs) * this.periodMs; at <= toMs; at += this.periodMs) keys.set(at / HOUR_MS, this.byId(at / HOUR_MS));
    return keys;
  }
}
