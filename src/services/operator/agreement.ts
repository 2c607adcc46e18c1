// The User Service Agreement: versioned zh and en text. Publishing a new version means every holder
// accepts it again before their next upgrade (DESIGN §4 rule 2).
import { YktError } from '../../domain/errors.ts';
import { UniqueViolation, type Agreement } from '../../store/store.ts';
import type { Context } from '../context.ts';

export async function currentAgreement(ctx: Context): Promise<Agreement> {
  const agreement = await ctx.store.agreements.current();
  if (!agreement) throw new YktError('AGREEMENT_MISSING');
  return agreement;
}

/**
 * Publishes a new version; it must be above every earlier one.
 * @example await publishAgreement(ctx, { version: 2, zh, en }, 'cli')
 */
export async function publishAgreement(ctx: Context, text: { version: number; zh: string; en: string }, actor: string): Promise<Agreement> {
  const agreement = { ...text, publishedAt: ctx.clock() };
  try {
    await ctx.store.transaction(async (tx) => {
      const current = await tx.agreements.current();
      if (current && current.version >= text.version) throw new YktError('AGREEMENT_VERSION_TAKEN', { current: current.version });
      await tx.agreements.insert(agreement);
      await tx.audit.append({ at: agreement.publishedAt, actor, action: 'agreement.published', subject: `agreement:${text.version}`, data: {} });
    });
  } catch (error) {
    throw error instanceof UniqueViolation ? new YktError('AGREEMENT_VERSION_TAKEN') : error;
  }
  return agreement;
}
