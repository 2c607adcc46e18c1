// Staff accounts (station staff, agents, outlet clerks, operators), their sessions, and the post each works at.
import { sql, type Selectable } from 'kysely';
import type { StaffMember, StaffPost, StaffRole, StaffSession } from '../rows.ts';
import type { StaffTable } from '../schema.ts';
import type { StaffPostTable } from '../schema-refunds.ts';
import { numberOrNull, QueryBase } from './query-base.ts';

const toStaff = (row: Selectable<StaffTable>): StaffMember => ({
  id: Number(row.id),
  username: row.username,
  displayName: row.display_name,
  role: row.role as StaffRole,
  passwordHash: row.password_hash,
  createdAt: Number(row.created_at),
  disabledAt: numberOrNull(row.disabled_at),
});

const toPost = (row: Selectable<StaffPostTable>): StaffPost => ({
  staffId: Number(row.staff_id),
  kind: row.kind as StaffPost['kind'],
  code: row.code,
  name: { zh: row.name_zh, en: row.name_en },
  selfOperated: Number(row.self_operated) === 1,
});

export class Staff extends QueryBase {
  /** @throws UniqueViolation when the username is taken. */
  async insert(s: Omit<StaffMember, 'id' | 'disabledAt'>): Promise<StaffMember> {
    return this.unique(async () =>
      toStaff(
        await this.db
          .insertInto('staff')
          .values({ username: s.username, display_name: s.displayName, role: s.role, password_hash: s.passwordHash, created_at: s.createdAt })
          .returningAll()
          .executeTakeFirstOrThrow(),
      ),
    );
  }

  /**
   * A staff member by username or id, disabled or not.
   * @example const member = await ctx.store.staff.find({ username: 'desk01' });
   */
  async find(by: { username: string } | { id: number }): Promise<StaffMember | undefined> {
    const query = this.db.selectFrom('staff').selectAll();
    const row = await ('id' in by ? query.where('id', '=', by.id) : query.where('username', '=', by.username)).executeTakeFirst();
    return row && toStaff(row);
  }

  /** Every account, by id. */
  async all(): Promise<StaffMember[]> {
    return (await this.db.selectFrom('staff').selectAll().orderBy('id').execute()).map(toStaff);
  }

  /** Replaces a member's password hash (a new password, or the same one under stronger parameters). */
  async setPassword(id: number, passwordHash: string): Promise<void> {
    await this.db.updateTable('staff').set({ password_hash: passwordHash }).where('id', '=', id).execute();
  }

  /** Disables an account from an instant, or enables it again with null; false when there is no such id. */
  async setDisabled(id: number, at: number | null): Promise<boolean> {
    const result = await this.db.updateTable('staff').set({ disabled_at: at }).where('id', '=', id).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async insertSession(s: StaffSession): Promise<void> {
    await this.db
      .insertInto('staff_session')
      .values({ id: s.id, staff_id: s.staffId, created_at: s.createdAt, expires_at: s.expiresAt, revoked_at: s.revokedAt })
      .execute();
  }

  async getSession(id: string): Promise<StaffSession | undefined> {
    const row = await this.db.selectFrom('staff_session').selectAll().where('id', '=', id).executeTakeFirst();
    return row && { id: row.id, staffId: Number(row.staff_id), createdAt: Number(row.created_at), expiresAt: Number(row.expires_at), revokedAt: numberOrNull(row.revoked_at) };
  }

  /** Revokes one session, or every session of a member; an earlier revocation keeps its time. */
  async revokeSessions(filter: { id: string } | { staffId: number }, at: number): Promise<void> {
    let query = this.db.updateTable('staff_session').set({ revoked_at: at }).where('revoked_at', 'is', null);
    query = 'id' in filter ? query.where('id', '=', filter.id) : query.where('staff_id', '=', filter.staffId);
    await query.execute();
  }

  /** Deletes the sessions that expired before an instant; returns how many. */
  async purgeSessions(expiredBefore: number): Promise<number> {
    const result = await this.db.deleteFrom('staff_session').where('expires_at', '<', expiredBefore).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /**
   * Counts one sign-in attempt at a username in one atomic statement and returns the attempts in the
   * current window, this one included; a window that started before `windowStart` starts again at `now`.
   * Callers count before they verify, so of any number of parallel attempts only the first few see a
   * count within their limit (every node shares the row).
   * @example if ((await ctx.store.staff.countAttempt('desk01', now, now - WINDOW_MS)) > LIMIT) throw locked;
   */
  async countAttempt(username: string, now: number, windowStart: number): Promise<number> {
    const stale = sql<boolean>`staff_attempt.window_start < ${windowStart}`;
    const row = await this.db
      .insertInto('staff_attempt')
      .values({ username, window_start: now, attempts: 1 })
      .onConflict((oc) =>
        oc.column('username').doUpdateSet((eb) => ({
          attempts: eb.case().when(stale).then(1).else(eb('staff_attempt.attempts', '+', 1)).end(),
          window_start: eb.case().when(stale).then(now).else(eb.ref('staff_attempt.window_start')).end(),
        })),
      )
      .returning('attempts')
      .executeTakeFirstOrThrow();
    return Number(row.attempts);
  }

  /** Forgets a username's attempts (a successful sign-in, a new password). */
  async clearAttempts(username: string): Promise<void> {
    await this.db.deleteFrom('staff_attempt').where('username', '=', username).execute();
  }

  /** Deletes the attempt windows that started before an instant; returns how many. */
  async purgeAttempts(startedBefore: number): Promise<number> {
    const result = await this.db.deleteFrom('staff_attempt').where('window_start', '<', startedBefore).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** Where a staff member works: a station, or an outlet (self-operated or not). */
  async postOf(staffId: number): Promise<StaffPost | undefined> {
    const row = await this.db.selectFrom('counter_post').selectAll().where('staff_id', '=', staffId).executeTakeFirst();
    return row && toPost(row);
  }

  /** Sets (or moves) a staff member's post. */
  async putPost(post: StaffPost): Promise<void> {
    const values = { kind: post.kind, code: post.code, name_zh: post.name.zh, name_en: post.name.en, self_operated: post.selfOperated ? 1 : 0 };
    await this.db
      .insertInto('counter_post')
      .values({ staff_id: post.staffId, ...values })
      .onConflict((oc) => oc.column('staff_id').doUpdateSet(values))
      .execute();
  }
}
