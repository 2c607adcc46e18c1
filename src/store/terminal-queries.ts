// Queries of the terminal registry: enrolment tokens and readers.
import type { Selectable } from 'kysely';
import { HealthQueries } from './health-queries.ts';
import { numberOrNull } from './query-base.ts';
import type { TerminalTable } from './schema.ts';
import type { Enrolment, Terminal, TerminalKind } from './store.ts';

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

export class TerminalQueries extends HealthQueries {
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
}
