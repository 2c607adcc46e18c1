// Entry policies are data: an operator publishes a version, it takes effect at its time, and the
// reader list follows: its signed header carries the policy in force and the next one, and readers apply
// them to each card's facts, so publishing rewrites no list entry.
import { DEFAULT_POLICY, policyAt, type EntryPolicy } from '../../domain/entry-policy.ts';
import { YktError } from '../../domain/errors.ts';
import { isCodeColour } from '../../domain/health.ts';
import { type Repositories, UniqueViolation } from '../../store/store.ts';
import type { Context } from '../context.ts';
import { compilePolicy, type CompiledPolicy } from '../../readers/sdk/list-policy.ts';

const MINUTE = 60_000;

/** The policy in force now: the latest effective published one, or the 72-hour default. */
export async function policyInForce(store: Repositories, now: number): Promise<EntryPolicy> {
  return policyAt(await store.policies.all(), now) ?? DEFAULT_POLICY;
}

/** The policy in force now, ready to decide list entries with (server-side screens and scans). */
export async function compiledPolicyInForce(store: Repositories, now: number): Promise<CompiledPolicy> {
  return compilePolicy(await policyInForce(store, now));
}

/** The policy in force now and the next one to take effect (null when none is published for later). */
export async function policyAndNext(store: Repositories, now: number): Promise<{ inForce: EntryPolicy; next: EntryPolicy | null }> {
  const all = await store.policies.all();
  const firstStart = Math.min(...all.filter((p) => p.effectiveAt > now).map((p) => p.effectiveAt));
  return { inForce: policyAt(all, now) ?? DEFAULT_POLICY, next: Number.isFinite(firstStart) ? policyAt(all, firstStart) : null };
}

/**
 * Every published policy version and the one in force at `now`, for the operator's policy page.
 * @example const { inForce, published } = await entryPolicies(ctx, ctx.clock())
 */
export async function entryPolicies(ctx: Context, now: number): Promise<{ inForce: EntryPolicy; published: EntryPolicy[] }> {
  return { inForce: await policyInForce(ctx.store, now), published: await ctx.store.policies.all() };
}

/** What is wrong with a proposed policy, if anything (field name), before it is stored. */
export function policyProblem(p: EntryPolicy): string | null {
  if (!Number.isInteger(p.version) || p.version < 1) return 'version';
  if (p.passColours.length === 0 || !p.passColours.every(isCodeColour)) return 'passColours';
  if (p.maxTestAgeMs !== null && !(p.maxTestAgeMs >= 60 * MINUTE && p.maxTestAgeMs <= 30 * 24 * 60 * MINUTE)) return 'maxTestAgeMs';
  if (!(p.maxListAgeMs >= MINUTE && p.maxListAgeMs <= 7 * 24 * 60 * MINUTE)) return 'maxListAgeMs';
  if (!Number.isFinite(p.effectiveAt) || p.effectiveAt < 0) return 'effectiveAt';
  return null;
}

/** The longest reason an operator may give for publishing a policy. */
export const POLICY_REASON_MAX = 500;

/**
 * Publishes a policy version above every earlier one. The change log gets a 'policy' entry so that the
 * list builder signs a new version carrying it (no entry changes), and the audit log says who did it and
 * why: a policy can stop thousands of cards passing, so the operator must say the reason.
 * @example await publishPolicy(ctx, { ...PRESETS.h48, version: 2, effectiveAt: Date.now() }, 'operator:3', 'Health commission notice 12')
 */
export async function publishPolicy(ctx: Context, policy: EntryPolicy, actor: string, reason: string): Promise<EntryPolicy> {
  const problem = policyProblem(policy);
  if (problem) throw new YktError('POLICY_INVALID', { field: problem });
  const why = reason.trim();
  if (!why) throw new YktError('POLICY_REASON_REQUIRED');
  if (why.length > POLICY_REASON_MAX) throw new YktError('POLICY_INVALID', { field: 'reason' });
  const now = ctx.clock();
  try {
    await ctx.store.transaction(async (tx) => {
      const versions = (await tx.policies.all()).map((p) => p.version);
      if (versions.some((v) => v >= policy.version)) throw new YktError('POLICY_VERSION_TAKEN', { current: Math.max(...versions) });
      await tx.policies.insert(policy, now, actor);
      await tx.changes.append('policy', null, null, now);
      await tx.audit.append({ at: now, actor, action: 'policy.published', subject: `policy:${policy.version}`, data: { ...policy, reason: why } });
    });
  } catch (error) {
    throw error instanceof UniqueViolation ? new YktError('POLICY_VERSION_TAKEN') : error;
  }
  return policy;
}
