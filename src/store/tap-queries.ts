// Queries of tap records, and the figures the dashboard and /metrics draw from taps and bindings.
import { sql, type Selectable } from 'kysely';
import { numberOrNull, type NewTap } from './query-base.ts';
import type { TapTable } from './schema.ts';
import type { StoredTap } from './store.ts';
import { TerminalQueries } from './terminal-queries.ts';

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

export class TapQueries extends TerminalQueries {
  // Tap records

  /** Inserts taps, skipping tap ids already stored (uploads are retried). Returns how many were new. */
  async insertTaps(taps: readonly NewTap[]): Promise<number> {
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

  async annulTaps(tapIds: readonly string[], terminalId: string, at: number): Promise<void> {
    if (tapIds.length === 0) return;
    await this.db
      .updateTable('tap')
      .set({ annulled_at: at })
      .where('tap_id', 'in', tapIds)
      .where('terminal_id', '=', terminalId)
      .where('annulled_at', 'is', null)
      .execute();
  }

  async tapsOfCardKeys(cardKeys: readonly string[], since: number, limit: number): Promise<StoredTap[]> {
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

  async purgeTapsBefore(at: number): Promise<number> {
    const result = await this.db.deleteFrom('tap').where('at', '<', at).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  // Figures for the dashboard and /metrics

  /** Tap counts per whole minute (ms since epoch / 60 000) and decision, since an instant. */
  async tapsPerMinute(since: number): Promise<Array<{ minute: number; decision: string; taps: number }>> {
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

  async activeBindingCounts(): Promise<{ physical: number; nfc: number }> {
    const rows = await this.db
      .selectFrom('binding')
      .select(['medium', (eb) => eb.fn.countAll<number>().as('n')])
      .where('ended_at', 'is', null)
      .groupBy('medium')
      .execute();
    const count = (medium: string) => Number(rows.find((r) => r.medium === medium)?.n ?? 0);
    return { physical: count('physical'), nfc: count('nfc') };
  }

  /** Bindings made and ended per hour (ms since epoch / 3 600 000) since an instant. */
  async bindingsPerHour(since: number): Promise<Array<{ hour: number; made: number; ended: number }>> {
    const made = await this.db
      .selectFrom('binding')
      .select([sql<number>`created_at / 3600000`.as('hour'), (eb) => eb.fn.countAll<number>().as('n')])
      .where('created_at', '>=', since)
      .groupBy(sql`created_at / 3600000`)
      .execute();
    const ended = await this.db
      .selectFrom('binding')
      .select([sql<number>`ended_at / 3600000`.as('hour'), (eb) => eb.fn.countAll<number>().as('n')])
      .where('ended_at', '>=', since)
      .groupBy(sql`ended_at / 3600000`)
      .execute();
    const hours = new Map<number, { hour: number; made: number; ended: number }>();
    const at = (hour: number) => hours.get(hour) ?? hours.set(hour, { hour, made: 0, ended: 0 }).get(hour)!;
    for (const r of made) at(Number(r.hour)).made += Number(r.n);
    for (const r of ended) at(Number(r.hour)).ended += Number(r.n);
    return [...hours.values()].sort((a, b) => a.hour - b.hour);
  }
}
