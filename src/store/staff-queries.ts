// Staff accounts and their sessions.
import type { Selectable } from 'kysely';
import { numberOrNull, QueryBase } from './query-base.ts';
import type { StaffTable } from './schema.ts';
import type { StaffMember, StaffRole, StaffSession } from './store.ts';

const toStaff = (row: Selectable<StaffTable>): StaffMember => ({
  id: Number(row.id),
  username: row.username,
  displayName: row.display_name,
  role: row.role as StaffRole,
  passwordHash: row.password_hash,
  createdAt: Number(row.created_at),
  disabledAt: numberOrNull(row.disabled_at),
});

export class StaffQueries extends QueryBase {
  /** @throws UniqueViolation when the username is taken. */
  async insertStaff(s: Omit<StaffMember, 'id' | 'disabledAt'>): Promise<StaffMember> {
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

  async findStaff(by: { username: string } | { id: number }): Promise<StaffMember | undefined> {
    const query = this.db.selectFrom('staff').selectAll();
    const row = await ('id' in by ? query.where('id', '=', by.id) : query.where('username', '=', by.username)).executeTakeFirst();
    return row && toStaff(row);
  }

  async listStaff(): Promise<StaffMember[]> {
    return (await this.db.selectFrom('staff').selectAll().orderBy('id').execute()).map(toStaff);
  }

  async insertStaffSession(s: StaffSession): Promise<void> {
    await this.db
      .insertInto('staff_session')
      .values({ id: s.id, staff_id: s.staffId, created_at: s.createdAt, expires_at: s.expiresAt, revoked_at: s.revokedAt })
      .execute();
  }

  async getStaffSession(id: string): Promise<StaffSession | undefined> {
    const row = await this.db.selectFrom('staff_session').selectAll().where('id', '=', id).executeTakeFirst();
    return (
      row && {
        id: row.id,
        staffId: Number(row.staff_id),
        createdAt: Number(row.created_at),
        expiresAt: Number(row.expires_at),
        revokedAt: numberOrNull(row.revoked_at),
      }
    );
  }

  async revokeStaffSession(id: string, at: number): Promise<void> {
    await this.db.updateTable('staff_session').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
  }
}
