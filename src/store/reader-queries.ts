// Queries behind the taps: health records, entry policies, terminals, tap records and reader lists.
import { sql, type Selectable } from 'kysely';
import type { EntryPolicy } from '../domain/entry-policy.ts';
import type { CodeColour } from '../domain/health.ts';
import { numberOrNull, type ListEntryEdit, type NewTap } from './query-base.ts';
import type { TapTable, TerminalTable } from './schema.ts';
import { CounterQueries } from './counter-queries.ts';
import type {
  BoundCardFacts,
  CardState,
  Enrolment,
  ListFileKind,
  ListState,
  StoredHealthRecord,
  StoredTap,
  Terminal,
  TerminalKind,
} from './store.ts';

const toTerminal = (row: Selectable<TerminalTable>): Terminal => ({
  id: row.id,
  kind: row.kind as TerminalKind,
  line: row.line,
  station: row.station,
  secretHash: row.secret_hash,
  enrolledAt: Number(row.enrolled_at),
  revokedAt: numberOrNull(row.revoked_at),
  listVersion: numberOrNull(row.list_version),
  lastSyncAt: numberOrNull(row.last_sync_at),
  softwareVersion: row.software_version,
});

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

export class ReaderQueries extends CounterQueries {
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

  /** Facts for the reader list: every actively bound card, or only those given. */
  async boundCardFacts(cardIds?: readonly number[]): Promise<BoundCardFacts[]> {
    if (cardIds && cardIds.length === 0) return [];
    let query = this.db
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
    if (cardIds) query = query.where('binding.card_id', 'in', cardIds);
    const rows = await query.execute();
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

  // Terminals

  async insertEnrolment(e: Enrolment): Promise<void> {
    await this.db
      .insertInto('terminal_enrolment')
      .values({
        token_hash: e.tokenHash,
        kind: e.kind,
        line: e.line,
        station: e.station,
        created_at: e.createdAt,
        expires_at: e.expiresAt,
        used_at: null,
        terminal_id: null,
      })
      .execute();
  }

  /** Uses an unused, unexpired enrolment token once; undefined when there is none. */
  async useEnrolment(tokenHash: string, terminalId: string, at: number): Promise<Enrolment | undefined> {
    const result = await this.db
      .updateTable('terminal_enrolment')
      .set({ used_at: at, terminal_id: terminalId })
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', at)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return undefined;
    const row = await this.db.selectFrom('terminal_enrolment').selectAll().where('token_hash', '=', tokenHash).executeTakeFirstOrThrow();
    return {
      tokenHash: row.token_hash,
      kind: row.kind as TerminalKind,
      line: row.line,
      station: row.station,
      createdAt: Number(row.created_at),
      expiresAt: Number(row.expires_at),
      usedAt: numberOrNull(row.used_at),
      terminalId: row.terminal_id,
    };
  }

  async insertTerminal(t: Terminal): Promise<void> {
    await this.db
      .insertInto('terminal')
      .values({
        id: t.id,
        kind: t.kind,
        line: t.line,
        station: t.station,
        secret_hash: t.secretHash,
        enrolled_at: t.enrolledAt,
        revoked_at: t.revokedAt,
        list_version: t.listVersion,
        last_sync_at: t.lastSyncAt,
        software_version: t.softwareVersion,
      })
      .execute();
  }

  async getTerminal(id: string): Promise<Terminal | undefined> {
    const row = await this.db.selectFrom('terminal').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toTerminal(row);
  }

  async listTerminals(): Promise<Terminal[]> {
    return (await this.db.selectFrom('terminal').selectAll().orderBy('enrolled_at').execute()).map(toTerminal);
  }

  async revokeTerminal(id: string, at: number): Promise<boolean> {
    const result = await this.db.updateTable('terminal').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async reportTerminal(id: string, report: { listVersion: number | null; softwareVersion: string | null; at: number }): Promise<void> {
    await this.db
      .updateTable('terminal')
      .set({ list_version: report.listVersion, software_version: report.softwareVersion, last_sync_at: report.at })
      .where('id', '=', id)
      .execute();
  }

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

  // Reader lists

  async listState(): Promise<ListState | undefined> {
    const row = await this.db.selectFrom('list_state').selectAll().where('id', '=', 1).executeTakeFirst();
    return row && { version: Number(row.version), policyVersion: Number(row.policy_version), builtAt: Number(row.built_at) };
  }

  async setListState(state: ListState): Promise<void> {
    const values = { id: 1, version: state.version, policy_version: state.policyVersion, built_at: state.builtAt };
    await this.db
      .insertInto('list_state')
      .values(values)
      .onConflict((oc) => oc.column('id').doUpdateSet({ version: state.version, policy_version: state.policyVersion, built_at: state.builtAt }))
      .execute();
  }

  /** Current list entries of the given cards (all cards when none given), by card id. */
  async listEntries(cardIds?: readonly number[]): Promise<Map<number, { number: string; value: number }>> {
    if (cardIds && cardIds.length === 0) return new Map();
    let query = this.db.selectFrom('list_entry').select(['card_id', 'number', 'value']);
    if (cardIds) query = query.where('card_id', 'in', cardIds);
    return new Map((await query.execute()).map((r) => [Number(r.card_id), { number: r.number, value: Number(r.value) }]));
  }

  /** Sets list entries (null removes the card), through the adapter's bulk path where it has one. */
  async putListEntries(entries: ReadonlyMap<number, ListEntryEdit>): Promise<void> {
    if (this.dialect.putListEntries) return this.dialect.putListEntries(entries);
    const upserts: Array<{ card_id: number; number: string; value: number }> = [];
    const removals: number[] = [];
    for (const [cardId, entry] of entries) {
      if (entry === null) removals.push(cardId);
      else upserts.push({ card_id: cardId, number: entry.number, value: entry.value });
    }
    for (let i = 0; i < upserts.length; i += 500) {
      await this.db
        .insertInto('list_entry')
        .values(upserts.slice(i, i + 500))
        .onConflict((oc) => oc.column('card_id').doUpdateSet((eb) => ({ value: eb.ref('excluded.value'), number: eb.ref('excluded.number') })))
        .execute();
    }
    for (let i = 0; i < removals.length; i += 500) {
      await this.db.deleteFrom('list_entry').where('card_id', 'in', removals.slice(i, i + 500)).execute();
    }
  }

  /** The current list as [card number, value], for a snapshot. */
  async scanListEntries(): Promise<Iterable<readonly [string, number]>> {
    if (this.dialect.scanListEntries) return this.dialect.scanListEntries();
    const rows = await this.db.selectFrom('list_entry').select(['number', 'value']).execute();
    return rows.map((r) => [r.number, Number(r.value)] as const);
  }

  async cardNumbers(cardIds: readonly number[]): Promise<Map<number, string>> {
    if (cardIds.length === 0) return new Map();
    const rows = await this.db.selectFrom('card').select(['id', 'number']).where('id', 'in', cardIds).execute();
    return new Map(rows.map((r) => [Number(r.id), r.number]));
  }

  async insertListFile(file: { kind: ListFileKind; fromVersion: number; version: number; bytes: Uint8Array; builtAt: number }): Promise<void> {
    await this.db
      .insertInto('list_file')
      .values({ kind: file.kind, from_version: file.fromVersion, version: file.version, bytes: Buffer.from(file.bytes), built_at: file.builtAt })
      .onConflict((oc) => oc.columns(['kind', 'from_version', 'version']).doNothing())
      .execute();
  }

  async getListFile(kind: ListFileKind, fromVersion: number, version: number): Promise<Uint8Array | undefined> {
    const row = await this.db
      .selectFrom('list_file')
      .select('bytes')
      .where('kind', '=', kind)
      .where('from_version', '=', fromVersion)
      .where('version', '=', version)
      .executeTakeFirst();
    return row && new Uint8Array(row.bytes);
  }

  async latestSnapshotVersion(): Promise<number | null> {
    const row = await this.db
      .selectFrom('list_file')
      .select((eb) => eb.fn.max('version').as('version'))
      .where('kind', '=', 'snapshot')
      .executeTakeFirst();
    return row?.version === null || row?.version === undefined ? null : Number(row.version);
  }

  /** Versions of stored files of a kind, ascending: [from, to] pairs. */
  async listFileVersions(kind: ListFileKind, sinceVersion: number): Promise<Array<{ fromVersion: number; version: number }>> {
    const rows = await this.db
      .selectFrom('list_file')
      .select(['from_version', 'version'])
      .where('kind', '=', kind)
      .where('version', '>=', sinceVersion)
      .orderBy('version')
      .execute();
    return rows.map((r) => ({ fromVersion: Number(r.from_version), version: Number(r.version) }));
  }
}
