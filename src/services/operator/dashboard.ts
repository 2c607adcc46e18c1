// The operators' live figures: taps per minute by decision, bindings over time, and each reader's list
// lag. The /ops dashboard draws them and /metrics exports them to Prometheus.
import { DECISIONS, type Decision } from '../../domain/decisions.ts';
import type { ReaderHealthThresholds } from '../../config.ts';
import type { Terminal } from '../../store/store.ts';
import type { Context } from '../context.ts';
import { policyInForce } from './entry-policy.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export interface TerminalHealth {
  id: string;
  kind: string;
  line: string;
  station: string;
  listVersion: number | null;
  /** Versions behind the current list; null when the reader never synced. */
  lag: number | null;
  lastSyncAt: number | null;
  softwareVersion: string | null;
  revoked: boolean;
  /** Not synced within the policy's maximum list age: its taps fall to LIST_STALE. */
  stale: boolean;
  /** Runs older software than the newest any reader reports. */
  outdated: boolean;
  /** No sync (request, or heartbeat on its push stream) for YKT_READER_SILENT_MINUTES. */
  silent: boolean;
  /** More than YKT_READER_BEHIND_VERSIONS versions behind, or behind with a list not renewed for YKT_READER_BEHIND_MINUTES. */
  behind: boolean;
}

export interface Dashboard {
  at: number;
  listVersion: number;
  tapsPerMinute: Array<{ minute: number; counts: Record<Decision, number> }>;
  lastHour: Record<Decision, number>;
  bindings: { physical: number; nfc: number; perHour: Array<{ hour: number; active: number }> };
  terminals: TerminalHealth[];
  /** When a reader is flagged, so that /ops can say it beside the flags: stale from the policy, the rest from config. */
  readerThresholds: { staleMs: number; silentMs: number; behindVersions: number; behindMs: number };
}

const compareVersions = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

function terminalHealth(terminals: Terminal[], listVersion: number, maxListAgeMs: number, thresholds: ReaderHealthThresholds, now: number): TerminalHealth[] {
  const newest = terminals.map((t) => t.softwareVersion).filter((v): v is string => v !== null).sort(compareVersions).at(-1);
  return terminals.map((t) => {
    const lag = t.listVersion === null ? null : Math.max(0, listVersion - t.listVersion);
    // A reader's list is renewed each time it syncs, so a reader still behind has held its list at least this long.
    const sinceSync = t.lastSyncAt === null ? Infinity : now - t.lastSyncAt;
    const active = t.revokedAt === null;
    return {
      id: t.id,
      kind: t.kind,
      line: t.line,
      station: t.station,
      listVersion: t.listVersion,
      lag,
      lastSyncAt: t.lastSyncAt,
      softwareVersion: t.softwareVersion,
      revoked: !active,
      stale: active && sinceSync > maxListAgeMs,
      outdated: newest !== undefined && t.softwareVersion !== null && compareVersions(t.softwareVersion, newest) < 0,
      silent: active && sinceSync > thresholds.silentMs,
      behind: active && lag !== null && (lag > thresholds.behindVersions || (lag > 0 && sinceSync > thresholds.behindMs)),
    };
  });
}

/** @example const figures = await dashboard(ctx, publisher.version) */
export async function dashboard(ctx: Context, listVersion: number, windowMinutes = 60): Promise<Dashboard> {
  const now = ctx.clock();
  const zero = () => Object.fromEntries(DECISIONS.map((d) => [d, 0])) as Record<Decision, number>;
  const minutes = new Map<number, Record<Decision, number>>();
  const lastHour = zero();
  for (const row of await ctx.store.taps.perMinute(now - windowMinutes * MINUTE)) {
    if (!(DECISIONS as readonly string[]).includes(row.decision)) continue;
    const counts = minutes.get(row.minute) ?? minutes.set(row.minute, zero()).get(row.minute)!;
    counts[row.decision as Decision] += row.taps;
    if (row.minute * MINUTE >= now - HOUR) lastHour[row.decision as Decision] += row.taps;
  }
  const counts = await ctx.store.bindings.activeCounts();
  // Walk back from the active count now through each hour's made and ended bindings.
  const hours = await ctx.store.bindings.perHour(now - 48 * HOUR);
  let active = counts.physical + counts.nfc;
  const perHour: Array<{ hour: number; active: number }> = [];
  for (let hour = Math.floor(now / HOUR); hour >= Math.floor(now / HOUR) - 47; hour--) {
    perHour.unshift({ hour, active });
    const h = hours.find((x) => x.hour === hour);
    if (h) active += h.ended - h.made;
  }
  const policy = await policyInForce(ctx.store, now);
  return {
    at: now,
    listVersion,
    tapsPerMinute: [...minutes].sort((a, b) => a[0] - b[0]).map(([minute, c]) => ({ minute, counts: c })),
    lastHour,
    bindings: { ...counts, perHour },
    terminals: terminalHealth(await ctx.store.terminals.all(), listVersion, policy.maxListAgeMs, ctx.config.readerHealth, now),
    readerThresholds: { staleMs: policy.maxListAgeMs, ...ctx.config.readerHealth },
  };
}

/** Totals of the shared store, for /metrics: the same figures whichever node reads them. */
export async function storeTotals(ctx: Context): Promise<{ cards: number; bindings: { physical: number; nfc: number } }> {
  return { cards: await ctx.store.cards.count(), bindings: await ctx.store.bindings.activeCounts() };
}
