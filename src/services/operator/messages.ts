// What operators see of the outbox on /ops: how many messages are in each state, the ones given up — failed
// after their last try, or expired unsent — with the reason, and a retry that puts a failed one back in the
// queue with every try ahead of it. Recipients only ever masked; the retry is audited like every staff action.
import { YktError } from '../../domain/errors.ts';
import type { QueuedMessage } from '../../store/store.ts';
import type { Context } from '../context.ts';
import { sendNow } from '../messages/outbox.ts';

/** A queued message as /ops shows it: no content, the recipient masked. */
export function messageView(m: QueuedMessage) {
  return {
    id: m.id,
    kind: m.kind,
    to: m.toMasked,
    status: m.status,
    attempts: m.attempts,
    reason: m.lastError,
    createdAt: new Date(m.createdAt).toISOString(),
  };
}
export type MessageView = ReturnType<typeof messageView>;

/**
 * The counts by status and the latest messages given up, newest first.
 * @example const { counts, failures } = await outboxReport(ctx) // counts.pending, failures[0].reason
 */
export async function outboxReport(ctx: Context, limit = 100) {
  return { counts: await ctx.store.outbox.counts(), failures: (await ctx.store.outbox.failures(limit)).map(messageView) };
}

/** An operator's retry of a failed message: queued again and tried at once; answers it as it then stands. */
export async function retryMessage(ctx: Context, id: number, actor: string): Promise<MessageView> {
  const now = ctx.clock();
  await ctx.store.transaction(async (tx) => {
    const message = await tx.outbox.get(id);
    if (!message) throw new YktError('MESSAGE_NOT_FOUND');
    if (!(await tx.outbox.requeue(id, now))) throw new YktError('MESSAGE_NOT_FAILED', { status: message.status });
    await tx.audit.append({ at: now, actor, action: 'message.retried', subject: `message:${id}`, data: { kind: message.kind, reason: message.lastError } });
  });
  await sendNow(ctx, [id]);
  return messageView((await ctx.store.outbox.get(id))!);
}
