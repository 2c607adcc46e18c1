// What /readyz answers: whether this node can serve. A load balancer stops sending it requests while any
// check fails, without restarting it (that is /livez's call, and /livez never touches the store).
import type { Context } from '../context.ts';

export type ServingCheck = 'store' | 'migrations' | 'list';

export interface Readiness {
  ok: boolean;
  store: 'sqlite' | 'postgres';
  /** The checks that failed, with why; empty when ready. */
  notReady: Array<{ check: ServingCheck; problem: string }>;
}

/**
 * The store answers, every migration has run, and a reader list version is published.
 * @example await readiness(ctx, publisher.version) // → { ok: true, store: 'sqlite', notReady: [] }
 */
export async function readiness(ctx: Context, publishedVersion: number): Promise<Readiness> {
  const notReady: Readiness['notReady'] = [];
  try {
    const inspection = await ctx.store.inspect();
    const pending = inspection.migrations.filter((m) => !m.applied).map((m) => m.name);
    if (pending.length > 0) notReady.push({ check: 'migrations', problem: `not yet run: ${pending.join(', ')} (ykt db migrate)` });
  } catch (error) {
    notReady.push({ check: 'store', problem: `the store does not answer: ${(error as Error).message}` });
  }
  // The publisher's own version, not the store's: readers served by this node get what it has published.
  if (publishedVersion === 0) notReady.push({ check: 'list', problem: 'no reader list version published yet' });
  return { ok: notReady.length === 0, store: ctx.store.kind, notReady };
}
