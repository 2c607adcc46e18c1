// Entry policies: data, not code. Published by version; the one in force is chosen by the services.
import type { EntryPolicy } from '../../domain/entry-policy.ts';
import type { CodeColour } from '../../domain/health.ts';
import { numberOrNull, QueryBase } from './query-base.ts';
import { QueryTemplate } from './query-template.ts';

const everyPolicy = new QueryTemplate((db) => db.selectFrom('entry_policy').selectAll().orderBy('version'));

export class Policies extends QueryBase {
  /** @throws UniqueViolation when the version is already published. */
  async insert(policy: EntryPolicy, publishedAt: number, publishedBy: string): Promise<void> {
    await this.unique(() =>
      this.db
        .insertInto('entry_policy')
        .values({
          version: policy.version,
          pass_colours: JSON.stringify(policy.passColours),
          max_test_age_ms: policy.maxTestAgeMs,
          max_list_age_ms: policy.maxListAgeMs,
          effective_at: policy.effectiveAt,
          published_at: publishedAt,
          published_by: publishedBy,
        })
        .execute(),
    );
  }

  /** Every published policy, by version. */
  async all(): Promise<EntryPolicy[]> {
    const rows = await this.rows(everyPolicy, {});
    return rows.map((r) => ({
      version: Number(r.version),
      passColours: JSON.parse(r.pass_colours) as CodeColour[],
      maxTestAgeMs: numberOrNull(r.max_test_age_ms),
      maxListAgeMs: Number(r.max_list_age_ms),
      effectiveAt: Number(r.effective_at),
    }));
  }
}
