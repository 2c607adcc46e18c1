// The change log: every state change that affects readers, numbered by one global sequence, written in
// the transaction that makes the change. The reader list builder reads it in order.
import type { Change, ChangeKind } from '../rows.ts';
import { inChunks, numberOrNull, QueryBase } from './query-base.ts';
import { QueryTemplate } from './query-template.ts';

const appendChange = new QueryTemplate((db, c: { kind: ChangeKind; cardId: number | null; personId: number | null; at: number }) =>
  db.insertInto('change_log').values({ kind: c.kind, card_id: c.cardId, person_id: c.personId, at: c.at }),
);
const changesAfter = new QueryTemplate((db, v: { seq: number; limit: number }) =>
  db.selectFrom('change_log').selectAll().where('seq', '>', v.seq).orderBy('seq').limit(v.limit),
);

export class Changes extends QueryBase {
  /**
   * Appends a change (cardId and personId null where it concerns every card, as a policy does).
   * @example await tx.changes.append('binding.created', card.id, person.id, now);
   */
  async append(kind: ChangeKind, cardId: number | null, personId: number | null, at: number): Promise<void> {
    await this.affected(appendChange, { kind, cardId, personId, at });
  }

  /**
   * Appends many changes at one instant, in their order, a few statements for the lot (a health batch
   * makes one for every card of every bound person in it).
   * @example await tx.changes.appendMany(bound.map((b) => ({ kind: 'health', cardId: b.cardId, personId: b.personId })), now);
   */
  async appendMany(changes: ReadonlyArray<{ kind: ChangeKind; cardId: number | null; personId: number | null }>, at: number): Promise<void> {
    // 4 parameters a row.
    for (const chunk of inChunks(changes, 2_000)) {
      await this.db
        .insertInto('change_log')
        .values(chunk.map((c) => ({ kind: c.kind, card_id: c.cardId, person_id: c.personId, at })))
        .execute();
    }
  }

  /**
   * Up to `limit` changes after a sequence number, in order.
   * @example const changes = await tx.changes.after(state.seq, 10_000);
   */
  async after(seq: number, limit: number): Promise<Change[]> {
    const rows = await this.rows(changesAfter, { seq, limit });
    return rows.map((r) => ({
      seq: Number(r.seq),
      at: Number(r.at),
      kind: r.kind as ChangeKind,
      cardId: numberOrNull(r.card_id),
      personId: numberOrNull(r.person_id),
    }));
  }
}
