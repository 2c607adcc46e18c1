// Health records in, from the authority's webhook or a file. Each record names a person by document;
// a record older than the one held changes nothing, so replays and out-of-order delivery are safe.
import { checkDocument } from '../../domain/documents.ts';
import type { ErrorCode } from '../../domain/errors.ts';
import { isCodeColour } from '../../domain/health.ts';
import type { Context } from '../context.ts';
import type { Repositories } from '../../store/store.ts';
import { CommitQueue } from './commit-queue.ts';

/** A record as the authority sends it. Times are ISO 8601 strings with a zone offset, or ms since the epoch. */
export interface HealthRecordInput {
  recordId?: unknown;
  document?: { type?: unknown; number?: unknown; state?: unknown };
  colour?: unknown;
  testedAt?: unknown;
  recordedAt?: unknown;
}

export interface HealthIngestSummary {
  stored: number;
  /** Replays and records older than the one held: accepted, and changed nothing. */
  superseded: number;
  rejected: Array<{ index: number; code: ErrorCode; field: string }>;
}

// An ISO 8601 date, or date-time with an optional offset. Without an offset Date.parse reads the time in the
// host's zone, so one record would mean instants 8 hours apart on a UTC host and on an Asia/Shanghai one:
// such times are refused with their own code rather than guessed.
const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** An instant from ms since the epoch (a number or a string of digits) or an ISO 8601 string with an offset. */
function instant(value: unknown): number | null | 'unzoned' {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? value : null;
  if (typeof value !== 'string') return null;
  if (/^\d+$/.test(value)) return Number(value) > 0 ? Number(value) : null;
  const iso = ISO.exec(value);
  const ms = Date.parse(value);
  if (!iso || !Number.isFinite(ms) || ms <= 0) return null;
  return iso[4] === undefined ? 'unzoned' : ms;
}

/** A time field's instant, or the refusal it earns. */
function timeField(value: unknown, field: string): number | { code: ErrorCode; field: string } {
  const ms = instant(value);
  if (ms === 'unzoned') return { code: 'HEALTH_TIME_ZONE_MISSING', field };
  return ms === null ? { code: 'HEALTH_RECORD_INVALID', field } : ms;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

type Parsed = { docKey: string; recordId: string; colour: string; testedAt: number | null; recordedAt: number };

function parse(ctx: Context, input: unknown): Parsed | { code: ErrorCode; field: string } {
  // The webhook's schema takes any JSON as a record, so a record may be null, a number or an array.
  if (!isObject(input)) return { code: 'HEALTH_RECORD_INVALID', field: 'record' };
  if (typeof input.recordId !== 'string' || input.recordId.length === 0 || input.recordId.length > 100) return { code: 'HEALTH_RECORD_INVALID', field: 'recordId' };
  const d = isObject(input.document) ? input.document : {};
  const verdict = checkDocument({ type: String(d.type ?? ''), number: String(d.number ?? ''), ...(d.state ? { state: String(d.state) } : {}) });
  if (!verdict.valid) return { code: verdict.code, field: 'document' };
  if (!isCodeColour(input.colour)) return { code: 'HEALTH_RECORD_INVALID', field: 'colour' };
  const recordedAt = timeField(input.recordedAt, 'recordedAt');
  if (typeof recordedAt !== 'number') return recordedAt;
  const untested = input.testedAt === null || input.testedAt === undefined || input.testedAt === '';
  const testedAt = untested ? null : timeField(input.testedAt, 'testedAt');
  if (testedAt !== null && typeof testedAt !== 'number') return testedAt;
  return { docKey: ctx.personalData.documentKey(verdict.document), recordId: input.recordId, colour: input.colour, testedAt, recordedAt };
}

/**
 * Stores a batch of records; every stored record of a person with upgraded cards puts those cards in the
 * change log, so readers get their new pass-until. Checking and hashing happen before the transaction, and
 * the batch is answered only once the transaction holding it has committed.
 * @example await ingestHealth(ctx, [{ recordId: 'r1', document: { type: 'passport', number: 'E12345678', state: 'GBR' }, colour: 'green', testedAt: '2022-06-06T08:00:00+08:00', recordedAt: '2022-06-06T09:00:00+08:00' }])
 */
export async function ingestHealth(ctx: Context, inputs: readonly unknown[], firstIndex = 0): Promise<HealthIngestSummary> {
  const summary: HealthIngestSummary = { stored: 0, superseded: 0, rejected: [] };
  const parsed: Parsed[] = [];
  inputs.forEach((input, i) => {
    const result = parse(ctx, input);
    if ('code' in result) summary.rejected.push({ index: firstIndex + i, ...result });
    else parsed.push(result);
  });
  if (parsed.length > 0) await groupsOf(ctx).add({ parsed, summary });
  return summary;
}

interface PendingBatch {
  parsed: Parsed[];
  summary: HealthIngestSummary;
}

// One group per context (a server's, or the CLI's): the store's one writer is what batches queue for.
// Group commit (CommitQueue): an authority sending several batches at once pays for one commit (and one list
// build after it), not one each; at most 8 batches (80,000 records at the route's limit) in one transaction.
const groups = new WeakMap<Context, CommitQueue<PendingBatch, void>>();
function groupsOf(ctx: Context): CommitQueue<PendingBatch, void> {
  let found = groups.get(ctx);
  if (!found) {
    found = new CommitQueue(ctx, async (tx, group) => {
      await storeGroup(ctx, tx, group);
      return group.map(() => undefined);
    }, (pending) => Math.min(8, pending.length));
    groups.set(ctx, found);
  }
  return found;
}

/** Stores a group of batches with one query per step for all of them: the upsert, who is bound, the change log. */
async function storeGroup(ctx: Context, tx: Repositories, group: readonly PendingBatch[]): Promise<void> {
  const now = ctx.clock();
  // Each person's newest record in the group is the one written; the upsert itself keeps a record held
  // that is as new or newer, and says which were stored.
  const winners = new Map<string, Parsed>();
  const repeated = new Set<string>();
  for (const { parsed } of group) {
    for (const record of parsed) {
      const earlier = winners.get(record.docKey);
      if (earlier === undefined) winners.set(record.docKey, record);
      else {
        repeated.add(record.docKey);
        if (record.recordedAt > earlier.recordedAt) winners.set(record.docKey, record);
      }
    }
  }
  // Counted batch after batch, record after record, as if stored one by one: a record counts as stored when
  // it is newer than both the one held and any earlier one for the same person. Only a person with several
  // records in the group needs the held time read first (rarely anyone: it costs a lookup per person).
  const newest = repeated.size === 0 ? new Map<string, number>() : await tx.health.recordedAt([...repeated]);
  const stored = new Set(await tx.health.put(winners, now));
  for (const { parsed, summary } of group) {
    for (const record of parsed) {
      if (!repeated.has(record.docKey)) {
        if (stored.has(record.docKey)) summary.stored++;
        else summary.superseded++;
      } else if (record.recordedAt <= (newest.get(record.docKey) ?? -Infinity)) summary.superseded++;
      else {
        summary.stored++;
        newest.set(record.docKey, record.recordedAt);
      }
    }
  }
  if (stored.size === 0) return;
  const bound = await tx.bindings.activeOfDocKeys([...stored]);
  await tx.changes.appendMany(bound.map((b) => ({ kind: 'health' as const, cardId: b.cardId, personId: b.personId })), now);
}
