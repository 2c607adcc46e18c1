// Health records as the health authority feeds them, one per document key: the newest record wins.
import type { Selectable } from 'kysely';
import type { StoredHealthRecord } from '../rows.ts';
import type { HealthRecordTable } from '../schema.ts';
import { inChunks, numberOrNull, QueryBase } from './query-base.ts';

type RecordColumns = Pick<Selectable<HealthRecordTable>, 'record_id' | 'colour' | 'tested_at' | 'recorded_at'>;

/**
 * The record in a row's health_record columns; null where they are null (a left join that found none held).
 * @example const health = healthRecordOf(row); // { recordId: 'r1', colour: 'green', testedAt: 1654473600000, recordedAt: 1654477200000 }
 */
export function healthRecordOf(row: { [K in keyof RecordColumns]: RecordColumns[K] | null }): StoredHealthRecord | null {
  if (row.record_id === null || row.colour === null || row.recorded_at === null) return null;
  return { recordId: row.record_id, colour: row.colour, testedAt: numberOrNull(row.tested_at), recordedAt: Number(row.recorded_at) };
}

export class Health extends QueryBase {
  async get(docKey: string): Promise<StoredHealthRecord | undefined> {
    const row = await this.db.selectFrom('health_record').selectAll().where('doc_key', '=', docKey).executeTakeFirst();
    return (row && healthRecordOf(row)) ?? undefined;
  }

  /**
   * When the record held for each of these document keys was recorded; keys with none held are absent.
   * A batch of the feed asks once for all its keys, in chunks the engines' parameter limits allow.
   * @example const held = await tx.health.recordedAt(['key-a', 'key-b']); held.get('key-a') // 1654477200000
   */
  async recordedAt(docKeys: readonly string[]): Promise<Map<string, number>> {
    const held = new Map<string, number>();
    for (const chunk of inChunks(docKeys)) {
      const rows = await this.db.selectFrom('health_record').select(['doc_key', 'recorded_at']).where('doc_key', 'in', chunk).execute();
      for (const row of rows) held.set(row.doc_key, Number(row.recorded_at));
    }
    return held;
  }

  /**
   * Stores records, one per document key, each unless the one held is as new or newer: replays and late
   * arrivals change nothing, even when another transaction stored a newer one since the caller looked.
   * @returns the document keys whose record was stored.
   * @example for (const docKey of await tx.health.put(new Map([[docKey, record]]), now)) …
   */
  async put(records: ReadonlyMap<string, StoredHealthRecord>, receivedAt: number): Promise<string[]> {
    if (this.dialect.putHealthRecords) return this.dialect.putHealthRecords(records, receivedAt);
    const stored: string[] = [];
    // 6 parameters a row: 1,000 rows stay well under SQLite's 32,766 and PostgreSQL's 65,535. Rows go in
    // key order, so that two nodes writing the same people lock their rows in one order and never deadlock.
    const sorted = [...records].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const chunk of inChunks(sorted, 1_000)) {
      const rows = await this.db
        .insertInto('health_record')
        .values(
          chunk.map(([docKey, r]) => ({
            doc_key: docKey,
            record_id: r.recordId,
            colour: r.colour,
            tested_at: r.testedAt,
            recorded_at: r.recordedAt,
            received_at: receivedAt,
          })),
        )
        .onConflict((oc) =>
          oc
            .column('doc_key')
            .doUpdateSet((eb) => ({
              record_id: eb.ref('excluded.record_id'),
              colour: eb.ref('excluded.colour'),
              tested_at: eb.ref('excluded.tested_at'),
              recorded_at: eb.ref('excluded.recorded_at'),
              received_at: eb.ref('excluded.received_at'),
            }))
            .whereRef('health_record.recorded_at', '<', 'excluded.recorded_at'),
        )
        // A row the WHERE kept from updating is not returned: exactly the stored ones come back.
        .returning('doc_key')
        .execute();
      for (const row of rows) stored.push(row.doc_key);
    }
    return stored;
  }
}
