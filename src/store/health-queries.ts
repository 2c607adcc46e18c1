// Queries behind health status: the authority's records, the facts each reader list value is computed
// from, and the published entry policies.
import type { EntryPolicy } from '../domain/entry-policy.ts';
import type { CodeColour } from '../domain/health.ts';
import { CounterQueries } from './counter-queries.ts';
import { inChunks, numberOrNull } from './query-base.ts';
import type { BoundCardFacts, CardState, StoredHealthRecord } from './store.ts';

export class HealthQueries extends CounterQueries {
  // Health records

  async getHealthRecord(docKey: string): Promise<StoredHealthRecord | undefined> {
    const row = await this.db.selectFrom('health_record').selectAll().where('doc_key', '=', docKey).executeTakeFirst();
    return row && { recordId: row.record_id, colour: row.colour, testedAt: numberOrNull(row.tested_at), recordedAt: Number(row.recorded_at) };
  }

  /**
   * Stores a record unless the one held is as new or newer: replays and late arrivals change nothing.
   * @returns whether the record was stored.
   */
  async putHealthRecord(docKey: string, record: StoredHealthRecord, receivedAt: number): Promise<boolean> {
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

  /** The cards actively bound to whoever holds this document key. */
  async boundCardsOfDocKey(docKey: string): Promise<Array<{ cardId: number; personId: number }>> {
    const rows = await this.db
      .selectFrom('binding')
      .innerJoin('person', 'person.id', 'binding.person_id')
      .select(['binding.card_id', 'binding.person_id'])
      .where('person.doc_key', '=', docKey)
      .where('binding.ended_at', 'is', null)
      .execute();
    return rows.map((r) => ({ cardId: Number(r.card_id), personId: Number(r.person_id) }));
  }

  /**
   * Facts for the reader list: the actively bound cards among those given, or one page of all of them in
   * card id order (so that a whole-list rebuild reads in pages and lets other work run between them).
   */
  async boundCardFacts(select: { cardIds: readonly number[] } | { afterCardId: number; limit: number }): Promise<BoundCardFacts[]> {
    const query = this.db
      .selectFrom('binding')
      .innerJoin('card', 'card.id', 'binding.card_id')
      .innerJoin('person', 'person.id', 'binding.person_id')
      .leftJoin('health_record', 'health_record.doc_key', 'person.doc_key')
      .select([
        'binding.card_id',
        'binding.person_id',
        'card.number',
        'card.state',
        'health_record.record_id',
        'health_record.colour',
        'health_record.tested_at',
        'health_record.recorded_at',
      ])
      .where('binding.ended_at', 'is', null);
    const rows = [];
    if ('cardIds' in select) {
      for (const ids of inChunks(select.cardIds)) rows.push(...(await query.where('binding.card_id', 'in', ids).execute()));
    } else {
      rows.push(...(await query.where('binding.card_id', '>', select.afterCardId).orderBy('binding.card_id').limit(select.limit).execute()));
    }
    return rows.map((r) => ({
      cardId: Number(r.card_id),
      cardNumber: r.number,
      cardState: r.state as CardState,
      personId: Number(r.person_id),
      health:
        r.record_id === null || r.colour === null || r.recorded_at === null
          ? null
          : { recordId: r.record_id, colour: r.colour, testedAt: numberOrNull(r.tested_at), recordedAt: Number(r.recorded_at) },
    }));
  }

  // Entry policies

  async insertPolicy(policy: EntryPolicy, publishedAt: number, publishedBy: string): Promise<void> {
    await this.unique(() =>
      this.db
        .insertInto('entry_policy')
        .values({
          version: policy.version,
          pass_colours: JSON.stringify(policy.passColours),
          max_test_age_ms: policy.maxTestAgeMs,
          max_list_age_ms: policy.maxListAgeMs,
          effective_at: policy.effectiveAt,
          published_at: publishedAt,
          published_by: publishedBy,
        })
        .execute(),
    );
  }

  async policies(): Promise<EntryPolicy[]> {
    const rows = await this.db.selectFrom('entry_policy').selectAll().orderBy('version').execute();
    return rows.map((r) => ({
      version: Number(r.version),
      passColours: JSON.parse(r.pass_colours) as CodeColour[],
      maxTestAgeMs: numberOrNull(r.max_test_age_ms),
      maxListAgeMs: Number(r.max_list_age_ms),
      effectiveAt: Number(r.effective_at),
    }));
  }
}
