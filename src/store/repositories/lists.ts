// The reader list: the facts it is computed from, its state, its materialised entries, its signed files,
// and the lock that lets one node at a time build a version.
import type { BoundCardFacts, CardState, ListEntryEdit, ListFileKind, ListState } from '../rows.ts';
import { inChunks, QueryBase } from './query-base.ts';
import { QueryTemplate } from './query-template.ts';
import { healthRecordOf } from './health.ts';

// Every write to the holders' data asks for a list build, and a build reads and writes these few statements.
const theState = new QueryTemplate((db) => db.selectFrom('list_state').selectAll().where('id', '=', 1));
const putState = new QueryTemplate((db, s: ListState) => {
  const values = { version: s.version, policy_version: s.policyVersion, built_at: s.builtAt, hash_key_id: s.hashKeyId, sign_key_id: s.signKeyId };
  return db
    .insertInto('list_state')
    .values({ id: 1, ...values })
    .onConflict((oc) => oc.column('id').doUpdateSet(values));
});
const insertFile = new QueryTemplate((db, f: { kind: ListFileKind; fromVersion: number; version: number; bytes: Buffer; builtAt: number }) =>
  db
    .insertInto('list_file')
    .values({ kind: f.kind, from_version: f.fromVersion, version: f.version, bytes: f.bytes, built_at: f.builtAt })
    .onConflict((oc) => oc.columns(['kind', 'from_version', 'version']).doNothing()),
);
const fileBytes = new QueryTemplate((db, f: { kind: ListFileKind; fromVersion: number; version: number }) =>
  db.selectFrom('list_file').select('bytes').where('kind', '=', f.kind).where('from_version', '=', f.fromVersion).where('version', '=', f.version),
);
const latestSnapshot = new QueryTemplate((db) =>
  db.selectFrom('list_file').select((eb) => eb.fn.max('version').as('version')).where('kind', '=', 'snapshot'),
);
const fileVersions = new QueryTemplate((db, v: { kind: ListFileKind; sinceVersion: number }) =>
  db.selectFrom('list_file').select(['from_version', 'version']).where('kind', '=', v.kind).where('version', '>=', v.sinceVersion).orderBy('version'),
);

export class Lists extends QueryBase {
  /**
   * Capability: serialises reader list builds across nodes, so that one version is built once. Call it first
   * in the build's transaction; a no-op where the store already runs one write transaction at a time (SQLite).
   * @example await ctx.store.transaction(async (tx) => { await tx.lists.lockBuilds(); … });
   */
  async lockBuilds(): Promise<void> {
    await this.dialect.lockListBuilds?.(this.db);
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
      .select(['binding.card_id', 'binding.person_id', 'card.number', 'card.state'])
      .select(['health_record.record_id', 'health_record.colour', 'health_record.tested_at', 'health_record.recorded_at'])
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
      health: healthRecordOf(r),
    }));
  }

  async state(): Promise<ListState | undefined> {
    const [row] = await this.rows(theState, {});
    return (
      row && {
        version: Number(row.version),
        policyVersion: Number(row.policy_version),
        builtAt: Number(row.built_at),
        hashKeyId: Number(row.hash_key_id),
        signKeyId: Number(row.sign_key_id),
      }
    );
  }

  async setState(state: ListState): Promise<void> {
    await this.affected(putState, state);
  }

  /** Current list entries of the given cards (all cards when none given), by card id. */
  async entries(cardIds?: readonly number[]): Promise<Map<number, { number: string; value: number }>> {
    const query = this.db.selectFrom('list_entry').select(['card_id', 'number', 'value']);
    const entries = new Map<number, { number: string; value: number }>();
    // Row by row, not push(...rows): a whole list of millions would overflow the call stack.
    const take = (rows: Array<{ card_id: number | bigint | string; number: string; value: number | bigint | string }>) => {
      for (const r of rows) entries.set(Number(r.card_id), { number: r.number, value: Number(r.value) });
    };
    if (!cardIds) take(await query.execute());
    else for (const ids of inChunks(cardIds)) take(await query.where('card_id', 'in', ids).execute());
    return entries;
  }

  /** Sets list entries (null removes the card), through the adapter's bulk path where it has one. */
  async putEntries(entries: ReadonlyMap<number, ListEntryEdit>): Promise<void> {
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

  /** The current list as [card number, value], for a snapshot, through the adapter's bulk path where it has one. */
  async scanEntries(): Promise<Iterable<readonly [string, number]>> {
    if (this.dialect.scanListEntries) return this.dialect.scanListEntries();
    const rows = await this.db.selectFrom('list_entry').select(['number', 'value']).execute();
    return rows.map((r) => [r.number, Number(r.value)] as const);
  }

  /** Stores a signed file once: files are immutable by (kind, from, to), so a second store changes nothing. */
  async insertFile(file: { kind: ListFileKind; fromVersion: number; version: number; bytes: Uint8Array; builtAt: number }): Promise<void> {
    await this.affected(insertFile, { ...file, bytes: Buffer.from(file.bytes) });
  }

  async getFile(kind: ListFileKind, fromVersion: number, version: number): Promise<Uint8Array | undefined> {
    const [row] = await this.rows(fileBytes, { kind, fromVersion, version });
    return row && new Uint8Array(row.bytes);
  }

  async latestSnapshotVersion(): Promise<number | null> {
    const [row] = await this.rows(latestSnapshot, {});
    return row?.version === null || row?.version === undefined ? null : Number(row.version);
  }

  /**
   * Deletes the files no reader needs any more: snapshots older than the newest two, and deltas that start
   * before the older of those two (a reader that far behind loads the newest snapshot). Returns how many.
   */
  async pruneFiles(): Promise<number> {
    const older = await this.db
      .selectFrom('list_file')
      .select('version')
      .where('kind', '=', 'snapshot')
      .orderBy('version', 'desc')
      .limit(1)
      .offset(1)
      .executeTakeFirst();
    if (!older) return 0;
    const keepFrom = Number(older.version);
    const result = await this.db
      .deleteFrom('list_file')
      .where((eb) => eb.or([eb.and([eb('kind', '=', 'snapshot'), eb('version', '<', keepFrom)]), eb.and([eb('kind', '=', 'delta'), eb('from_version', '<', keepFrom)])]))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** Versions of stored files of a kind, ascending: [from, to] pairs. */
  async fileVersions(kind: ListFileKind, sinceVersion: number): Promise<Array<{ fromVersion: number; version: number }>> {
    const rows = await this.rows(fileVersions, { kind, sinceVersion });
    return rows.map((r) => ({ fromVersion: Number(r.from_version), version: Number(r.version) }));
  }
}
