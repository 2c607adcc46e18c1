// Queries of the reader list: its state, its materialised entries and its signed files.
import { inChunks, type ListEntryEdit } from './query-base.ts';
import type { ListFileKind, ListState } from './store.ts';
import { TapQueries } from './tap-queries.ts';

export class ListQueries extends TapQueries {
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
    const query = this.db.selectFrom('list_entry').select(['card_id', 'number', 'value']);
    const rows = [];
    if (!cardIds) rows.push(...(await query.execute()));
    else for (const ids of inChunks(cardIds)) rows.push(...(await query.where('card_id', 'in', ids).execute()));
    return new Map(rows.map((r) => [Number(r.card_id), { number: r.number, value: Number(r.value) }]));
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
