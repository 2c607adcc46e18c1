// Tap records decided offline, queued on the reader and uploaded in idempotent batches.
//
// A record carries the card key (SipHash-1-3 of the card number under the hash key, as hex, with
// the hash key id), never the card number: the reader then holds no card numbers at rest, and the
// server, which has the hash keys and the bound cards, links a key back to its card and holder.
import type { Decision } from '../../domain/decisions.ts';
import type { ReaderList } from './reader-list.ts';

export interface TapRecord {
  /** 128 random bits as 32 hex digits; the server stores each tap id once. */
  tapId: string;
  cardKey: string;
  hashKeyId: number;
  terminal: string;
  decision: Decision;
  /** Reader clock, ms since epoch. */
  at: number;
  listVersion: number;
  /** Decided while the reader held a live push connection and a current list (ReaderSync.live). */
  online: boolean;
  /** The gate reported it did not open (set before upload; afterwards an Annulment is sent). */
  annulled: boolean;
}

export interface Annulment {
  tapId: string;
  at: number;
}

/** What `upload` receives. Retried unchanged (same batchId, same content) until it succeeds. */
export interface TapBatch {
  batchId: string;
  terminal: string;
  taps: TapRecord[];
  annulments: Annulment[];
}

export interface TapQueueOptions {
  terminal: string;
  /** Resolves once the server has stored the batch durably; rejects (or throws) otherwise. */
  upload: (batch: TapBatch) => Promise<void>;
  /** Taps per batch; default 500. */
  maxBatch?: number;
  /** Random hex of `bytes` bytes; default WebCrypto getRandomValues. */
  randomHex?: (bytes: number) => string;
}

/** Everything needed to rebuild the queue after a restart (JSON-serialisable). */
export interface TapQueueState {
  inflight: TapBatch | null;
  taps: TapRecord[];
  annulments: Annulment[];
}

export interface DrainResult {
  uploaded: number;
  pending: number;
  error?: unknown;
}

export class TapQueue {
  private inflight: TapBatch | null;
  private taps: TapRecord[];
  private annulments: Annulment[];
  private draining: Promise<DrainResult> | null = null;
  private readonly maxBatch: number;
  private readonly randomHex: (bytes: number) => string;
  private liveAt: (at: number) => boolean = () => false;

  constructor(private readonly options: TapQueueOptions, state?: TapQueueState) {
    this.inflight = state?.inflight ?? null;
    this.taps = state?.taps.slice() ?? [];
    this.annulments = state?.annulments.slice() ?? [];
    this.maxBatch = options.maxBatch ?? 500;
    this.randomHex = options.randomHex ?? webRandomHex;
  }

  /** Taps and annulments not yet acknowledged by the server. */
  get pending(): number {
    return this.taps.length + this.annulments.length + (this.inflight ? this.inflight.taps.length + this.inflight.annulments.length : 0);
  }

  /** Where taps learn whether they were decided online; ReaderSync connects itself here. Until then, none is. */
  followConnection(liveAt: (at: number) => boolean): void {
    this.liveAt = liveAt;
  }

  record(tap: { cardKey: string; hashKeyId: number; decision: Decision; at: number; listVersion: number }): TapRecord {
    const record: TapRecord = { tapId: this.randomHex(16), terminal: this.options.terminal, online: this.liveAt(tap.at), annulled: false, ...tap };
    this.taps.push(record);
    return record;
  }

  /**
   * Records the tap a gate just decided, keyed by the list's hash key.
   *
   * @example
   * const decision = list.decide(card, now);
   * const { tapId } = queue.recordTap(list, card, decision, now);
   * // later, if the gate stayed shut: queue.annul(tapId, Date.now())
   */
  recordTap(list: ReaderList, cardNumber: string, decision: Decision, at: number): TapRecord {
    const key = list.cardKey(cardNumber) ?? { cardKey: '', hashKeyId: 0 };
    return this.record({ ...key, decision, at, listVersion: list.version });
  }

  /** Marks a tap as not having opened the gate. Idempotent; safe whether or not it was uploaded. */
  annul(tapId: string, at: number): void {
    const tap = this.taps.find((t) => t.tapId === tapId);
    if (tap !== undefined) tap.annulled = true;
    else if (!this.annulments.some((a) => a.tapId === tapId)) this.annulments.push({ tapId, at });
  }

  /** Uploads everything pending, batch by batch; stops at the first failure and keeps that batch for a retry. */
  drain(): Promise<DrainResult> {
    this.draining ??= this.drainAll().finally(() => (this.draining = null));
    return this.draining;
  }

  state(): TapQueueState {
    return structuredClone({ inflight: this.inflight, taps: this.taps, annulments: this.annulments });
  }

  private async drainAll(): Promise<DrainResult> {
    let uploaded = 0;
    for (;;) {
      const batch = this.inflight ?? this.nextBatch();
      if (batch === null) return { uploaded, pending: this.pending };
      this.inflight = batch;
      try {
        await this.options.upload(batch);
      } catch (error) {
        return { uploaded, pending: this.pending, error };
      }
      this.inflight = null;
      uploaded += batch.taps.length + batch.annulments.length;
    }
  }

  private nextBatch(): TapBatch | null {
    if (this.taps.length === 0 && this.annulments.length === 0) return null;
    const taps = this.taps.splice(0, this.maxBatch);
    const annulments = this.annulments.splice(0, this.maxBatch);
    return { batchId: this.randomHex(16), terminal: this.options.terminal, taps, annulments };
  }
}

function webRandomHex(bytes: number): string {
  const b = globalThis.crypto.getRandomValues(new Uint8Array(bytes));
  let s = '';
  for (let i = 0; i < b.length; i++) s += b[i]!.toString(16).padStart(2, '0');
  return s;
}
