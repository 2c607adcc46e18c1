// Health records as the health authority feeds them, one per document key: the newest record wins.
import type { StoredHealthRecord } from '../rows.ts';
import { numberOrNull, QueryBase } from './query-base.ts';

export class Health extends QueryBase {
  async get(docKey: string): Promise<StoredHealthRecord | undefined> {
    const row = await this.db.selectFrom('health_record').selectAll().where('doc_key', '=', docKey).executeTakeFirst();
    return row && { recordId: row.record_id, colour: row.colour, testedAt: numberOrNull(row.tested_at), recordedAt: Number(row.recorded_at) };
  }

  /**
   * Stores a record unless the one held is as new or newer: replays and late arrivals change nothing.
   * @returns whether the record was stored.
   * @example if (await tx.health.put(docKey, record, now)) await tx.changes.append('health', cardId, personId, now);
   */
  async put(docKey: string, record: StoredHealthRecord, receivedAt: number): Promise<boolean> {
    const values = {
      doc_key: docKey,
      record_id: record.recordId,
      colour: record.colour,
      tested_at: record.testedAt,
      recorded_at: record.recordedAt,
      received_at: receivedAt,
    };
    const result = await this.db
      .insertInto('health_record')
      .values(values)
      .onConflict((oc) =>
        oc
          .column('doc_key')
          .doUpdateSet({ record_id: values.record_id, colour: values.colour, tested_at: values.tested_at, recorded_at: values.recorded_at, received_at: receivedAt })
          .where('health_record.recorded_at', '<', values.recorded_at),
      )
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }
}
