// The operator's what-if: how every bound card would be decided under a proposed entry policy, against the
// policy in force, before it ships. It computes exactly what the list builder would put in the list, and
// decides it as a reader would, so the counts match what readers then show.
import { DECISIONS, type Decision } from '../../domain/decisions.ts';
import type { EntryPolicy } from '../../domain/entry-policy.ts';
import { decideValue } from '../../readers/sdk/list-values.ts';
import { compilePolicy } from '../../readers/sdk/list-policy.ts';
import type { Context } from '../context.ts';
import { compiledPolicyInForce } from './entry-policy.ts';
import { cardValue, everyBoundCard } from '../lists/builder.ts';

export interface WhatIf {
  at: number;
  boundCards: number;
  current: Record<Decision, number>;
  proposed: Record<Decision, number>;
  /** Cards whose decision would change, by (from → to). */
  moves: Array<{ from: Decision; to: Decision; cards: number }>;
}

const zeroCounts = () => Object.fromEntries(DECISIONS.map((d) => [d, 0])) as Record<Decision, number>;

/** @example const w = await whatIf(ctx, { ...PRESETS.h48, version: 3, effectiveAt: now }, now) */
export async function whatIf(ctx: Context, proposed: EntryPolicy, at: number): Promise<WhatIf> {
  const current = await compiledPolicyInForce(ctx.store, at);
  const next = compilePolicy(proposed);
  const result: WhatIf = { at, boundCards: 0, current: zeroCounts(), proposed: zeroCounts(), moves: [] };
  const moves = new Map<string, number>();
  for await (const facts of everyBoundCard(ctx.store)) {
    const value = cardValue(facts);
    const before = decideValue(value, at, current);
    const after = decideValue(value, at, next);
    result.boundCards++;
    result.current[before]++;
    result.proposed[after]++;
    if (before !== after) moves.set(`${before}>${after}`, (moves.get(`${before}>${after}`) ?? 0) + 1);
  }
  result.moves = [...moves].map(([key, cards]) => {
    const [from, to] = key.split('>') as [Decision, Decision];
    return { from, to, cards };
  });
  return result;
}
