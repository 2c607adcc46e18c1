// The liveness and store check behind /healthz: a cheap read that fails when the store is unreachable.
import type { Context } from '../context.ts';

/**
 * Reads the current agreement (one small indexed row) and names the store kind in use.
 * @example await storeCheck(ctx) // → { ok: true, store: 'sqlite' }
 */
export async function storeCheck(ctx: Context): Promise<{ ok: true; store: 'sqlite' | 'postgres' }> {
  await ctx.store.agreements.current();
  return { ok: true, store: ctx.store.kind };
}
