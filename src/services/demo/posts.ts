// The demo's staff posts and refund rules: refund rules v1, the station staff account's post, and the outlet account's outlet
// (self-operated, so every refund the rules allow can be tried; the tests set an ordinary outlet too).
import type { StaffPost } from '../../store/store.ts';
import type { Context } from '../context.ts';
import { assignPost, publishRefundRules } from '../desk/refunds.ts';
import { DEMO_REFUND_RULES } from './refund-rules.ts';

/** Posts by demo username. The outlet code is an outlet id of the outlet finder (docs/service-desk.md). */
export const DEMO_POSTS: Record<string, Omit<StaffPost, 'staffId'>> = {
  staff: { kind: 'station', code: 'L1-XIDAN', name: { zh: '1号线西单站', en: 'Line 1 · Xidan' }, selfOperated: false },
  outlet: { kind: 'outlet', code: 'BJ-DZM', name: { zh: '东直门自营服务网点', en: 'Dongzhimen self-operated outlet' }, selfOperated: true },
};

export async function seedPostsAndRefundRules(ctx: Context): Promise<void> {
  if (!(await ctx.store.refunds.rules())) await publishRefundRules(ctx, DEMO_REFUND_RULES, 'seed');
  for (const [username, post] of Object.entries(DEMO_POSTS)) {
    const member = await ctx.store.staff.find({ username });
    if (member && !(await ctx.store.staff.postOf(member.id))) await assignPost(ctx, { staffId: member.id, ...post }, 'seed');
  }
}
