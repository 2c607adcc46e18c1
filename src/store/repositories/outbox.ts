// The outbox: messages owed to people, queued in the transaction that causes them and sent afterwards.
// A node claims a message for a while (its lease) before it sends it, so that two nodes never send one
// message at once; a claim that ran out (its node died mid-send) makes the message due again.
import type { ExpressionBuilder, Kysely, Selectable, Updateable } from 'kysely';
import type { NewQueuedMessage, OutboxStatus, QueuedMessage } from '../rows.ts';
import type { Database } from '../schema.ts';
import type { OutboxTable } from '../schema-messages.ts';
import { numberOrNull, QueryBase } from './query-base.ts';

const toQueued = (row: Selectable<OutboxTable>): QueuedMessage => ({
  id: Number(row.id),
  key: row.dedupe_key,
  kind: row.kind,
  sealed: row.message_sealed,
  toMasked: row.to_masked,
  status: row.status as OutboxStatus,
  attempts: Number(row.attempts),
  createdAt: Number(row.created_at),
  nextAttemptAt: Number(row.next_attempt_at),
  expiresAt: numberOrNull(row.expires_at),
  claimedUntil: numberOrNull(row.claimed_until),
  lastError: row.last_error,
  sentAt: numberOrNull(row.sent_at),
});

/** Pending and claimed by nobody, or by a node whose claim ran out. */
const unclaimed = (now: number) => (eb: ExpressionBuilder<Database, 'outbox'>) =>
  eb.and([eb('status', '=', 'pending'), eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', now)])]);

/** Ends a pending message's claim with the given changes; false when it was no longer pending. */
async function settle(db: Kysely<Database>, id: number, changes: Updateable<OutboxTable>): Promise<boolean> {
  const result = await db.updateTable('outbox').set({ ...changes, claimed_until: null }).where('id', '=', id).where('status', '=', 'pending').executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export class Outbox extends QueryBase {
  /**
   * Queues a message, due at once; answers its id, or undefined when its key was queued before (then
   * nothing changes). Inside a transaction: the message exists exactly when the change that caused it does.
   */
  async enqueue(message: NewQueuedMessage): Promise<number | undefined> {
    const row = await this.db
      .insertInto('outbox')
      .values({
        dedupe_key: message.key,
        kind: message.kind,
        message_sealed: message.sealed,
        to_masked: message.toMasked,
        status: 'pending',
        created_at: message.createdAt,
        next_attempt_at: message.createdAt,
        expires_at: message.expiresAt,
      })
      // DO NOTHING rather than a unique error: on PostgreSQL an error would abort the caller's transaction.
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .returning('id')
      .executeTakeFirst();
    return row ? Number(row.id) : undefined;
  }

  async get(id: number): Promise<QueuedMessage | undefined> {
    const row = await this.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toQueued(row);
  }

  /**
   * Claims up to `limit` due messages until `now + leaseMs`, counting a try for each, oldest due first.
   * One statement: nodes claiming at once get different messages (on PostgreSQL each skips the rows
   * another is claiming).
   */
  async claimDue(now: number, limit: number, leaseMs: number): Promise<QueuedMessage[]> {
    const rows = await this.db
      // Materialized: PostgreSQL may scan an IN subquery again for each row updated, and a second scan
      // skips the rows this very statement claimed, then picks others past the limit.
      .with((cte) => cte('due').materialized(), (db) =>
        db
          .selectFrom('outbox')
          .select('id')
          .where(unclaimed(now))
          .where('next_attempt_at', '<=', now)
          .orderBy('next_attempt_at')
          .limit(limit)
          .$if(this.dialect.skipLocked, (q) => q.forUpdate().skipLocked()),
      )
      .updateTable('outbox')
      .set((eb) => ({ claimed_until: now + leaseMs, attempts: eb('attempts', '+', 1) }))
      .where('id', 'in', (eb) => eb.selectFrom('due').select('due.id'))
      .where(unclaimed(now))
      .returningAll()
      .execute();
    return rows.map(toQueued).sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || a.id - b.id);
  }

  /** Claims one message, due or not, for a try now (right after it was queued, or an operator's retry); undefined when it is not pending or another node holds it. */
  async claim(id: number, now: number, leaseMs: number): Promise<QueuedMessage | undefined> {
    const row = await this.db
      .updateTable('outbox')
      .set((eb) => ({ claimed_until: now + leaseMs, attempts: eb('attempts', '+', 1) }))
      .where('id', '=', id)
      .where(unclaimed(now))
      .returningAll()
      .executeTakeFirst();
    return row && toQueued(row);
  }

  /** Marks a pending message sent and forgets its content; false when it was no longer pending. */
  async markSent(id: number, at: number): Promise<boolean> {
    return settle(this.db, id, { status: 'sent', sent_at: at, message_sealed: null, last_error: null });
  }

  /** Releases a pending message for another try at `nextAttemptAt`, noting why this one failed. */
  async reschedule(id: number, nextAttemptAt: number, error: string): Promise<boolean> {
    return settle(this.db, id, { next_attempt_at: nextAttemptAt, last_error: error });
  }

  /** Gives a pending message up after its last try; it keeps its content, so that an operator can requeue it. */
  async markFailed(id: number, error: string): Promise<boolean> {
    return settle(this.db, id, { status: 'failed', last_error: error });
  }

  /** Gives a pending message up as no longer worth sending (a code past its validity), and forgets its content. */
  async markExpired(id: number, error: string | null): Promise<boolean> {
    return settle(this.db, id, { status: 'expired', message_sealed: null, last_error: error });
  }

  /** An operator's retry: a failed message is pending again, due now, with every try ahead of it; false when it had not failed. */
  async requeue(id: number, now: number): Promise<boolean> {
    const result = await this.db
      .updateTable('outbox')
      .set({ status: 'pending', attempts: 0, next_attempt_at: now, claimed_until: null })
      .where('id', '=', id)
      .where('status', '=', 'failed')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** The messages given up (failed or expired), newest first: what /ops shows. */
  async failures(limit: number): Promise<QueuedMessage[]> {
    const rows = await this.db.selectFrom('outbox').selectAll().where('status', 'in', ['failed', 'expired']).orderBy('id', 'desc').limit(limit).execute();
    return rows.map(toQueued);
  }

  /** How many messages are in each status, zeros included. */
  async counts(): Promise<Record<OutboxStatus, number>> {
    const rows = await this.db.selectFrom('outbox').select((eb) => ['status', eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
    const counts: Record<OutboxStatus, number> = { pending: 0, sent: 0, failed: 0, expired: 0 };
    for (const row of rows) counts[row.status as OutboxStatus] = Number(row.n);
    return counts;
  }

  /** Deletes the messages sent or expired that were queued before an instant; returns how many. Failed ones wait for an operator. */
  async purgeBefore(createdBefore: number): Promise<number> {
    const result = await this.db.deleteFrom('outbox').where('status', 'in', ['sent', 'expired']).where('created_at', '<', createdBefore).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
