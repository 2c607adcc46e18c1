// The outlet finder: outlets imported from a file (CSV or JSON) and searched by the public page. There are
// a few hundred outlets at most, so a search reads them all and filters in memory (domain/outlets.ts).
// No cache: several API nodes share one store, and an import on one must show on all at once.
import { parseOutlet, searchOutlets, DISTRICTS, type District, type Outlet, type OutletInput, type OutletQuery } from '../../domain/outlets.ts';
import type { Context } from '../context.ts';

export interface OutletImportSummary {
  inserted: number;
  updated: number;
  unchanged: number;
  removed: number;
  /** Rows refused, by index in the input (0-based) and the field at fault. */
  rejected: Array<{ index: number; field: string }>;
}

/**
 * Imports outlets: every row checked first; with any bad row nothing is stored (a half-loaded finder would
 * send people to outlets that a corrected file removes). Rows are upserted by id; `replace` removes the
 * outlets the file does not name.
 * @example await importOutlets(ctx, DEMO_OUTLETS, { replace: false })
 */
export async function importOutlets(ctx: Context, rows: readonly OutletInput[], options: { replace: boolean; actor: string }): Promise<OutletImportSummary> {
  const summary: OutletImportSummary = { inserted: 0, updated: 0, unchanged: 0, removed: 0, rejected: [] };
  const outlets: Outlet[] = [];
  const seen = new Set<string>();
  rows.forEach((row, index) => {
    const parsed = parseOutlet(row);
    if ('field' in parsed) summary.rejected.push({ index, field: parsed.field });
    else if (seen.has(parsed.outlet.id)) summary.rejected.push({ index, field: 'id' });
    else {
      seen.add(parsed.outlet.id);
      outlets.push(parsed.outlet);
    }
  });
  if (summary.rejected.length > 0) return summary;
  const now = ctx.clock();
  await ctx.store.transaction(async (tx) => {
    for (const outlet of outlets) summary[await tx.outlets.upsert(outlet, now)]++;
    if (options.replace) summary.removed = await tx.outlets.deleteExcept([...seen]);
    await tx.audit.append({ at: now, actor: options.actor, action: 'outlets.imported', subject: 'outlets', data: { ...summary, rejected: 0 } });
  });
  return summary;
}

/** The public search: matching outlets, and every district with how many outlets it has (for the filter). */
export async function findOutlets(ctx: Context, query: OutletQuery) {
  const all = await ctx.store.outlets.all();
  const counts = new Map<District, number>();
  for (const o of all) counts.set(o.district, (counts.get(o.district) ?? 0) + 1);
  const districts = (Object.keys(DISTRICTS) as District[]).filter((d) => counts.has(d)).map((code) => ({ code, ...DISTRICTS[code], count: counts.get(code)! }));
  return { outlets: searchOutlets(all, query), districts };
}
