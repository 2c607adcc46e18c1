// Tap records: uploaded by readers in idempotent batches (tap ids are stored once), annulled when the
// gate did not open, shown to their holder, and deleted after the retention period (DESIGN §4 rule 6).
import { DECISIONS } from '../../domain/decisions.ts';
import { YktError } from '../../domain/errors.ts';
import { cardKeyHex } from '../../readers/sdk/card-key.ts';
import { SipHash13 } from '../../readers/sdk/index.ts';
import type { Repositories, StoredTap, Terminal } from '../../store/store.ts';
import type { Context } from '../context.ts';
import { CommitQueue } from './commit-queue.ts';

export interface TapUpload {
  tapId: string;
  cardKey: string;
  decision: string;
  at: number;
  listVersion?: number | null;
  online?: boolean;
}

export interface TapBatchUpload {
  batchId: string;
  taps: TapUpload[];
  annulments: Array<{ tapId: string; at: number }>;
}

const TAP_ID = /^[0-9a-f]{32}$/;
const CARD_KEY = /^[0-9a-f]{16}$/;
const DAY_MS = 86_400_000;

function tapProblem(tap: TapUpload, now: number): string | null {
  if (!TAP_ID.test(tap.tapId)) return 'tapId';
  if (!CARD_KEY.test(tap.cardKey)) return 'cardKey';
  if (!(DECISIONS as readonly string[]).includes(tap.decision)) return 'decision';
  // Readers may upload a month late, but not from the future beyond clock skew.
  if (!Number.isFinite(tap.at) || tap.at < now - 31 * DAY_MS || tap.at > now + DAY_MS) return 'at';
  return null;
}

function checkBatch(batch: TapBatchUpload, now: number): void {
  const problems = batch.taps.flatMap((tap, index) => {
    const field = tapProblem(tap, now);
    return field ? [{ index, field }] : [];
  });
  const badAnnulment = batch.annulments.findIndex((a) => !TAP_ID.test(a.tapId));
  if (badAnnulment >= 0) problems.push({ index: badAnnulment, field: 'annulments.tapId' });
  if (problems.length > 0) throw new YktError('TAP_BATCH_INVALID', { problems: problems.slice(0, 20) });
}

async function storeBatch(tx: Repositories, terminal: Terminal, batch: TapBatchUpload, now: number): Promise<{ stored: number; duplicates: number }> {
  const stored = await tx.taps.insert(
    batch.taps.map((t) => ({
      tapId: t.tapId,
      terminalId: terminal.id,
      cardKey: t.cardKey,
      decision: t.decision,
      at: t.at,
      online: t.online ?? false,
      assisted: false,
      listVersion: t.listVersion ?? null,
      receivedAt: now,
    })),
  );
  await tx.taps.annul(batch.annulments.map((a) => a.tapId), terminal.id, now);
  return { stored, duplicates: batch.taps.length - stored };
}

interface Upload {
  terminal: Terminal;
  batch: TapBatchUpload;
}

/** At most this many taps and annulments share one transaction: a commit blocks the event loop for as long as its writes take. */
const GROUP_ROWS = 16_000;

/** How many of the pending uploads fit in one group of at most GROUP_ROWS taps and annulments (always at least one). */
function uploadsPerGroup(pending: readonly Upload[]): number {
  const rows = (u: Upload) => u.batch.taps.length + u.batch.annulments.length;
  let total = 0;
  let count = 0;
  while (count < pending.length && (count === 0 || total + rows(pending[count]!) <= GROUP_ROWS)) {
    total += rows(pending[count]!);
    count++;
  }
  return count;
}

/**
 * Stores tap uploads with group commit (CommitQueue), so thirty thousand readers uploading at once cost a
 * few commits, not one each. A batch with any bad tap is refused whole, before it joins a group, changing nothing.
 */
export class TapWriter {
  private readonly queue: CommitQueue<Upload, { stored: number; duplicates: number }>;

  constructor(private readonly ctx: Context) {
    this.queue = new CommitQueue(
      ctx,
      async (tx, group) => {
        const now = ctx.clock();
        const out = [];
        for (const { terminal, batch } of group) out.push(await storeBatch(tx, terminal, batch, now));
        return out;
      },
      uploadsPerGroup,
    );
  }

  write(terminal: Terminal, batch: TapBatchUpload): Promise<{ stored: number; duplicates: number }> {
    checkBatch(batch, this.ctx.clock());
    return this.queue.add({ terminal, batch });
  }

  /** Resolves once every batch written so far is committed (and answered): what shutdown waits for. */
  idle(): Promise<void> {
    return this.queue.idle();
  }
}

/** The card key (hex) a reader computes for a card number under one hash key. */
export function cardKeyOf(hashKey: Uint8Array, cardNumber: string): string {
  // One hash per key: the plain hasher, not a WebAssembly instance (and its memory) made for a single use.
  const hasher = new SipHash13(hashKey);
  hasher.hash(cardNumber);
  return cardKeyHex(hasher.out[0]!, hasher.out[1]!);
}

/**
 * The card keys readers computed for a card number in the taps still kept: under every hash key in force
 * since the retention period began (and the next one, for a list built by a node whose clock runs ahead).
 */
export function cardKeysOf(ctx: Context, cardNumber: string): string[] {
  const now = ctx.clock();
  const keys = ctx.keyRing.hashKeys.between(now - ctx.config.tapRetentionMs, now + ctx.keyRing.hashKeys.periodMs);
  return [...keys.values()].map((key) => cardKeyOf(key, cardNumber));
}


/** The person's taps while their cards were bound to them, newest first. */
export async function tapsOfPerson(ctx: Context, personId: number, limit = 100): Promise<Array<StoredTap & { cardNumber: string }>> {
  const bindings = await ctx.store.bindings.of(personId, { activeOnly: false });
  const periods = new Map<string, Array<{ from: number; to: number; cardNumber: string }>>();
  for (const b of bindings) {
    for (const key of cardKeysOf(ctx, b.cardNumber)) {
      const list = periods.get(key) ?? [];
      list.push({ from: b.createdAt, to: b.endedAt ?? Infinity, cardNumber: b.cardNumber });
      periods.set(key, list);
    }
  }
  const since = ctx.clock() - ctx.config.tapRetentionMs;
  const taps = await ctx.store.taps.ofCardKeys([...periods.keys()], since, limit * 2);
  return taps
    .flatMap((tap) => {
      const period = periods.get(tap.cardKey)?.find((p) => tap.at >= p.from && tap.at <= p.to);
      return period ? [{ ...tap, cardNumber: period.cardNumber }] : [];
    })
    .slice(0, limit);
}

/** Deletes tap records past the retention period; returns how many. */
export function purgeTaps(ctx: Context): Promise<number> {
  return ctx.store.taps.purgeBefore(ctx.clock() - ctx.config.tapRetentionMs);
}
