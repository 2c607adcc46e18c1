// Staff accounts (station staff, agents, outlet clerks, operators), their sessions, and the post each works at.
import type { Selectable } from 'kysely';
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

  /** Revokes a session once; an earlier revocation keeps its time. */
  async revokeSession(id: string, at: number): Promise<void> {
    await this.db.updateTable('staff_session').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
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
