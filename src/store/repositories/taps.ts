// Tap records uploaded by readers (idempotent by tap id), and the per-minute figures drawn from them.
import { sql, type Selectable } from 'kysely';
import type { NewTap, StoredTap } from '../rows.ts';
import type { TapTable } from '../schema.ts';
import { numberOrNull, QueryBase } from './query-base.ts';

const toTap = (row: Selectable<TapTable>): StoredTap => ({
  tapId: row.tap_id,
  terminalId: row.terminal_id,
  cardKey: row.card_key,
  decision: row.decision,
  at: Number(row.at),
  online: Number(row.online) === 1,
  assisted: Number(row.assisted) === 1,
  listVersion: numberOrNull(row.list_version),
  annulledAt: numberOrNull(row.annulled_at),
  receivedAt: Number(row.received_at),
});

export class Taps extends QueryBase {
  /**
   * Inserts taps, skipping tap ids already stored (uploads are retried), through the adapter's bulk path
   * where it has one. Returns how many were new.
   * @example const stored = await tx.taps.insert(batch.map((t) => ({ ...t, terminalId, receivedAt: now })));
   */
  async insert(taps: readonly NewTap[]): Promise<number> {
    if (taps.length === 0) return 0;
    if (this.dialect.insertTaps) return this.dialect.insertTaps(taps);
    const result = await this.db
      .insertInto('tap')
      .values(
        taps.map((t) => ({
          tap_id: t.tapId,
          terminal_id: t.terminalId,
          card_key: t.cardKey,
          decision: t.decision,
          at: t.at,
          online: t.online ? 1 : 0,
          assisted: t.assisted ? 1 : 0,
          list_version: t.listVersion,
          received_at: t.receivedAt,
        })),
      )
      .onConflict((oc) => oc.column('tap_id').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0);
  }

  /** Annuls a terminal's own taps (a reader withdrawing a record); others' taps and earlier annulments stay. */
  async annul(tapIds: readonly string[], terminalId: string, at: number): Promise<void> {
    if (tapIds.length === 0) return;
    await this.db
      .updateTable('tap')
      .set({ annulled_at: at })
      .where('tap_id', 'in', tapIds)
      .where('terminal_id', '=', terminalId)
      .where('annulled_at', 'is', null)
      .execute();
  }

  /** The newest taps of these card keys since an instant. */
  async ofCardKeys(cardKeys: readonly string[], since: number, limit: number): Promise<StoredTap[]> {
    if (cardKeys.length === 0) return [];
    const rows = await this.db
      .selectFrom('tap')
      .selectAll()
      .where('card_key', 'in', cardKeys)
      .where('at', '>=', since)
      .orderBy('at', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toTap);
  }

  /** Deletes taps older than the retention period allows; returns how many. */
  async purgeBefore(at: number): Promise<number> {
    const result = await this.db.deleteFrom('tap').where('at', '<', at).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** Tap counts per whole minute (ms since epoch / 60 000) and decision, since an instant. */
  async perMinute(since: number): Promise<Array<{ minute: number; decision: string; taps: number }>> {
    const minute = sql<number>`at / 60000`;
    const rows = await this.db
      .selectFrom('tap')
      .select([minute.as('minute'), 'decision', (eb) => eb.fn.countAll<number>().as('taps')])
      .where('at', '>=', since)
      .groupBy([minute, 'decision'])
      .orderBy(minute)
      .execute();
    return rows.map((r) => ({ minute: Number(r.minute), decision: r.decision, taps: Number(r.taps) }));
  }
}
