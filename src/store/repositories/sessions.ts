// Holders' sessions: what a signed-in person's token stands for, until it expires or is revoked.
import type { Selectable } from 'kysely';
import type { Channel, Session } from '../rows.ts';
import type { SessionTable } from '../schema.ts';
import { numberOrNull, QueryBase } from './query-base.ts';
import { QueryTemplate } from './query-template.ts';

const toSession = (row: Selectable<SessionTable>): Session => ({
  id: row.id,
  personId: Number(row.person_id),
  channel: row.channel as Channel,
  createdAt: Number(row.created_at),
  expiresAt: Number(row.expires_at),
  revokedAt: numberOrNull(row.revoked_at),
});

const sessionById = new QueryTemplate((db, v: { id: string }) => db.selectFrom('session').selectAll().where('id', '=', v.id));

export class Sessions extends QueryBase {
  async insert(s: Session): Promise<void> {
    await this.db
      .insertInto('session')
      .values({ id: s.id, person_id: s.personId, channel: s.channel, created_at: s.createdAt, expires_at: s.expiresAt, revoked_at: s.revokedAt })
      .execute();
  }

  /**
   * The session behind a token's id, revoked or not: the caller judges expiry and revocation.
   * @example const session = await ctx.store.sessions.get(sessionId);
   */
  async get(id: string): Promise<Session | undefined> {
    const [row] = await this.rows(sessionById, { id });
    return row && toSession(row);
  }

  /**
   * A person's sessions, newest first: their sign-in history, as far back as housekeeping keeps it.
   * @example const signIns = await ctx.store.sessions.ofPerson(personId);
   */
  async ofPerson(personId: number): Promise<Session[]> {
    const rows = await this.db.selectFrom('session').selectAll().where('person_id', '=', personId).orderBy('created_at', 'desc').orderBy('id').execute();
    return rows.map(toSession);
  }

  /** Revokes one session, or every session of a person; an earlier revocation keeps its time. */
  async revoke(filter: { id: string } | { personId: number }, at: number): Promise<void> {
    let query = this.db.updateTable('session').set({ revoked_at: at }).where('revoked_at', 'is', null);
    query = 'id' in filter ? query.where('id', '=', filter.id) : query.where('person_id', '=', filter.personId);
    await query.execute();
  }

  /** Deletes the sessions that expired before an instant; returns how many. */
  async purgeExpired(before: number): Promise<number> {
    const result = await this.db.deleteFrom('session').where('expires_at', '<', before).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
