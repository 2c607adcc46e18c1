// The terminal registry: enrolment tokens, and the readers enrolled with them.
import type { Selectable } from 'kysely';
import type { Enrolment, Terminal, TerminalKind } from '../rows.ts';
import type { TerminalTable } from '../schema.ts';
import { numberOrNull, QueryBase } from './query-base.ts';

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

export class Terminals extends QueryBase {
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

  async insert(t: Terminal): Promise<void> {
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

  /**
   * The terminal with this id, revoked or not.
   * @example const terminal = await ctx.store.terminals.get(terminalId);
   */
  async get(id: string): Promise<Terminal | undefined> {
    const row = await this.db.selectFrom('terminal').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toTerminal(row);
  }

  /** Every terminal, in enrolment order. */
  async all(): Promise<Terminal[]> {
    return (await this.db.selectFrom('terminal').selectAll().orderBy('enrolled_at').execute()).map(toTerminal);
  }

  /** Revokes a terminal once; false when it was already revoked or never enrolled. */
  async revoke(id: string, at: number): Promise<boolean> {
    const result = await this.db.updateTable('terminal').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Records what a terminal reported on sync: its list version, its software, when. */
  async report(id: string, report: { listVersion: number | null; softwareVersion: string | null; at: number }): Promise<void> {
    await this.db
      .updateTable('terminal')
      .set({ list_version: report.listVersion, software_version: report.softwareVersion, last_sync_at: report.at })
      .where('id', '=', id)
      .execute();
  }

  /**
   * Records that every terminal in `ids` was sent heartbeat `listVersion` at `at` down its push stream: one
   * statement for all of them (a heartbeat reaches thousands of streams at once), their software left as it was.
   * @example await store.terminals.streamedSync(['T1A2B3C', 'T4D5E6F'], 42, Date.now());
   */
  async streamedSync(ids: readonly string[], listVersion: number, at: number): Promise<void> {
    if (ids.length === 0) return;
    await this.db.updateTable('terminal').set({ list_version: listVersion, last_sync_at: at }).where('id', 'in', ids).execute();
  }
}
