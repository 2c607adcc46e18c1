// Card master data in: rows are checked, then inserted or updated in batches. Running the same file again
// changes nothing. A card whose state changes lands in the change log, since readers act on it.
import type { CardRecord } from '../../domain/cards.ts';
import { parseCardRecord } from '../../domain/cards.ts';
import type { ErrorCode } from '../../domain/errors.ts';
import type { Context } from '../context.ts';

export interface ImportSummary {
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: Array<{ row: number; code: ErrorCode; field: string }>;
}

const BATCH = 1000;

async function applyBatch(ctx: Context, batch: CardRecord[], summary: ImportSummary): Promise<void> {
  await ctx.store.transaction(async (tx) => {
    const now = ctx.clock();
    for (const record of batch) {
      const existing = await tx.cards.findByNumber(record.number);
      if (!existing) {
        await tx.cards.insert({ ...record, updatedAt: now });
        summary.inserted++;
        continue;
      }
      const same =
        existing.medium === record.medium &&
        existing.product === record.product &&
        existing.state === record.state &&
        existing.depositFen === record.depositFen &&
        existing.balanceFen === record.balanceFen;
      if (same) {
        summary.unchanged++;
        continue;
      }
      await tx.cards.update(existing.id, { ...record, updatedAt: now });
      if (existing.state !== record.state) await tx.changes.append('card.state', existing.id, null, now);
      summary.updated++;
    }
  });
}

/**
 * Imports card rows (objects keyed by column name), calling onRow after each row for progress.
 * @example await importCards(ctx, csvRecords, () => bar.increment())
 */
export async function importCards(
  ctx: Context,
  rows: AsyncIterable<Record<string, string>>,
  onRow: () => void = () => {},
): Promise<ImportSummary> {
  const summary: ImportSummary = { inserted: 0, updated: 0, unchanged: 0, rejected: [] };
  let batch: CardRecord[] = [];
  let line = 1; // the header is line 1
  for await (const row of rows) {
    line++;
    const parsed = parseCardRecord(row);
    if ('code' in parsed) summary.rejected.push({ row: line, code: parsed.code, field: parsed.field });
    else batch.push(parsed.record);
    if (batch.length >= BATCH) {
      await applyBatch(ctx, batch, summary);
      batch = [];
    }
    onRow();
  }
  if (batch.length > 0) await applyBatch(ctx, batch, summary);
  return summary;
}
