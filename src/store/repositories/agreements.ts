// The user service agreement, by version, and each person's acceptances of it (DESIGN §4 rule 2).
import type { Agreement } from '../rows.ts';
import { QueryBase } from './query-base.ts';
import { QueryTemplate } from './query-template.ts';

const insertAcceptance = new QueryTemplate((db, v: { personId: number; version: number; at: number }) =>
  db.insertInto('acceptance').values({ person_id: v.personId, agreement_version: v.version, accepted_at: v.at }),
);

export class Agreements extends QueryBase {
  /** The highest published version: the one an upgrade needs accepted. */
  async current(): Promise<Agreement | undefined> {
    const row = await this.db.selectFrom('agreement').selectAll().orderBy('version', 'desc').limit(1).executeTakeFirst();
    return row && { version: Number(row.version), zh: row.zh, en: row.en, publishedAt: Number(row.published_at) };
  }

  /** @throws UniqueViolation when the version is already published. */
  async insert(a: Agreement): Promise<void> {
    await this.unique(() =>
      this.db.insertInto('agreement').values({ version: a.version, zh: a.zh, en: a.en, published_at: a.publishedAt }).execute(),
    );
  }

  /**
   * Stores that a person accepted a version (an upgrade stores it in its own transaction).
   * @example await tx.agreements.accept(person.id, agreement.version, now);
   */
  async accept(personId: number, version: number, at: number): Promise<void> {
    await this.affected(insertAcceptance, { personId, version, at });
  }

  /** A person's acceptances, oldest first. */
  async acceptancesOf(personId: number): Promise<Array<{ version: number; acceptedAt: number }>> {
    const rows = await this.db.selectFrom('acceptance').select(['agreement_version', 'accepted_at']).where('person_id', '=', personId).orderBy('id').execute();
    return rows.map((r) => ({ version: Number(r.agreement_version), acceptedAt: Number(r.accepted_at) }));
  }
}
