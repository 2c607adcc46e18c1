// The append-only audit log of staff actions (DESIGN §4 rule 7); the database refuses UPDATE and DELETE.
import type { AuditEntry } from '../rows.ts';
import { QueryBase } from './query-base.ts';

export class Audit extends QueryBase {
  /**
   * Appends an entry; call it in the transaction of the action it records.
   * @example await tx.audit.append({ at: now, actor: `staff:${staff.id}`, action: 'card.override', subject: `person:${id}`, data: {} });
   */
  async append(entry: AuditEntry): Promise<void> {
    await this.db
      .insertInto('audit_log')
      .values({ at: entry.at, actor: entry.actor, action: entry.action, subject: entry.subject, data: JSON.stringify(entry.data) })
      .execute();
  }

  /** The entries about one subject, oldest first. */
  async of(subject: string): Promise<AuditEntry[]> {
    const rows = await this.db.selectFrom('audit_log').selectAll().where('subject', '=', subject).orderBy('id').execute();
    return rows.map((r) => ({ at: Number(r.at), actor: r.actor, action: r.action, subject: r.subject, data: JSON.parse(r.data) }));
  }
}
