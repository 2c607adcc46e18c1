// Health records in, from the authority's webhook or a file. Each record names a person by document;
// a record older than the one held changes nothing, so replays and out-of-order delivery are safe.
import { checkDocument } from '../../domain/documents.ts';
import type { ErrorCode } from '../../domain/errors.ts';
import { isCodeColour } from '../../domain/health.ts';
import type { Context } from '../context.ts';

/** A record as the authority sends it. Times are ISO 8601 strings or ms since the epoch. */
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

const instant = (value: unknown): number | null => {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value;
  if (typeof value === 'string' && value !== '') {
    const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
    return Number.isFinite(ms) && ms > 0 ? ms : null;
  }
  return null;
};

type Parsed = { docKey: string; recordId: string; colour: string; testedAt: number | null; recordedAt: number };

function parse(ctx: Context, input: HealthRecordInput): Parsed | { code: ErrorCode; field: string } {
  if (typeof input.recordId !== 'string' || input.recordId.length === 0 || input.recordId.length > 100) return { code: 'HEALTH_RECORD_INVALID', field: 'recordId' };
  const d = input.document ?? {};
  const verdict = checkDocument({ type: String(d.type ?? ''), number: String(d.number ?? ''), ...(d.state ? { state: String(d.state) } : {}) });
  if (!verdict.valid) return { code: verdict.code, field: 'document' };
  if (!isCodeColour(input.colour)) return { code: 'HEALTH_RECORD_INVALID', field: 'colour' };
  const recordedAt = instant(input.recordedAt);
  if (recordedAt === null) return { code: 'HEALTH_RECORD_INVALID', field: 'recordedAt' };
  const testedAt = input.testedAt === null || input.testedAt === undefined || input.testedAt === '' ? null : instant(input.testedAt);
  if (testedAt === null && input.testedAt !== null && input.testedAt !== undefined && input.testedAt !== '') return { code: 'HEALTH_RECORD_INVALID', field: 'testedAt' };
  return { docKey: ctx.personalData.documentKey(verdict.document), recordId: input.recordId, colour: input.colour, testedAt, recordedAt };
}

/**
 * Stores a batch of records in one transaction; every stored record of a person with upgraded cards puts
 * those cards in the change log, so readers get their new pass-until.
 * @example await ingestHealth(ctx, [{ recordId: 'r1', document: { type: 'passport', number: 'E12345678', state: 'GBR' }, colour: 'green', testedAt: '2022-06-06T08:00:00+08:00', recordedAt: '2022-06-06T09:00:00+08:00' }])
 */
export async function ingestHealth(ctx: Context, inputs: readonly HealthRecordInput[], firstIndex = 0): Promise<HealthIngestSummary> {
  const summary: HealthIngestSummary = { stored: 0, superseded: 0, rejected: [] };
  const parsed: Parsed[] = [];
  inputs.forEach((input, i) => {
    const result = parse(ctx, input);
    if ('code' in result) summary.rejected.push({ index: firstIndex + i, ...result });
    else parsed.push(result);
  });
  await ctx.store.transaction(async (tx) => {
    const now = ctx.clock();
    for (const record of parsed) {
      if (!(await tx.health.put(record.docKey, record, now))) {
        summary.superseded++;
        continue;
      }
      summary.stored++;
      for (const bound of await tx.bindings.activeOfDocKey(record.docKey)) await tx.changes.append('health', bound.cardId, bound.personId, now);
    }
  });
  return summary;
}
