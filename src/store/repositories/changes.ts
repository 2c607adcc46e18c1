// The change log: every state change that affects readers, numbered by one global sequence, written in
// the transaction that makes the change. The reader list builder reads it in order.
import type { Change, ChangeKind } from '../rows.ts';
import { numberOrNull, QueryBase } from './query-base.ts';

export class Changes extends QueryBase {
  /**
   * Appends a change (cardId and personId null where it concerns every card, as a policy does).
   * @example await tx.changes.append('binding.created', card.id, person.id, now);
   */
  async append(kind: ChangeKind, cardId: number | null, personId: number | null, at: number): Promise<void> {
    await this.db.insertInto('change_log').values({ kind, card_id: cardId, person_id: personId, at }).execute();
  }

  /**
   * Up to `limit` changes after a sequence number, in order.
   * @example const changes = await tx.changes.after(state.seq, 10_000);
   */
  async after(seq: number, limit: number): Promise<Change[]> {
    const rows = await this.db.selectFrom('change_log').selectAll().where('seq', '>', seq).orderBy('seq').limit(limit).execute();
    return rows.map((r) => ({
      seq: Number(r.seq),
      at: Number(r.at),
      kind: r.kind as ChangeKind,
      cardId: numberOrNull(r.card_id),
      personId: numberOrNull(r.person_id),
    }));
  }
}
