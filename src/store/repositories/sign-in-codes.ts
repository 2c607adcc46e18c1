// One-time sign-in codes: sent to a contact the person verified, tried a few times, used once.
import type { Channel, CodePurpose, LoginCode } from '../rows.ts';
import { numberOrNull, QueryBase } from './query-base.ts';

export class SignInCodes extends QueryBase {
  async insert(code: LoginCode): Promise<void> {
    await this.db
      .insertInto('login_code')
      .values({
        id: code.id,
        doc_key: code.docKey,
        doc_sealed: code.docSealed,
        code_hash: code.codeHash,
        channel: code.channel,
        created_at: code.createdAt,
        expires_at: code.expiresAt,
        attempts: code.attempts,
        used_at: code.usedAt,
        purpose: code.purpose,
        contact_sealed: code.contactSealed,
        person_id: code.personId,
      })
      .execute();
  }

  async get(id: string): Promise<LoginCode | undefined> {
    const row = await this.db.selectFrom('login_code').selectAll().where('id', '=', id).executeTakeFirst();
    return (
      row && {
        id: row.id,
        docKey: row.doc_key,
        docSealed: row.doc_sealed,
        codeHash: row.code_hash,
        channel: row.channel as Channel,
        createdAt: Number(row.created_at),
        expiresAt: Number(row.expires_at),
        attempts: Number(row.attempts),
        usedAt: numberOrNull(row.used_at),
        purpose: row.purpose as CodePurpose,
        contactSealed: row.contact_sealed,
        personId: numberOrNull(row.person_id),
      }
    );
  }

  /** How many codes a document was sent since an instant (the rate limit on sending). */
  async countSince(docKey: string, since: number): Promise<number> {
    const row = await this.db
      .selectFrom('login_code')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('doc_key', '=', docKey)
      .where('created_at', '>=', since)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /**
   * Counts one attempt at a code in one atomic statement and returns the attempts so far, this one
   * included (0 for no such code). Callers count before they compare, so parallel guesses at one code
   * cannot all pass the limit.
   */
  async countAttempt(id: string): Promise<number> {
    const row = await this.db
      .updateTable('login_code')
      .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
      .where('id', '=', id)
      .returning('attempts')
      .executeTakeFirst();
    return Number(row?.attempts ?? 0);
  }

  /**
   * The wrong attempts at a document's codes sent since an instant (the daily cap). Every attempt is
   * counted before it is compared, and a used code had exactly one right attempt, so the wrong ones are
   * all attempts less the used codes.
   */
  async failuresSince(docKey: string, since: number): Promise<number> {
    const row = await this.db
      .selectFrom('login_code')
      .select((eb) => [eb.fn.coalesce(eb.fn.sum<number>('attempts'), eb.lit(0)).as('attempts'), eb.fn.count<number>('used_at').as('used')])
      .where('doc_key', '=', docKey)
      .where('created_at', '>=', since)
      .executeTakeFirstOrThrow();
    return Number(row.attempts) - Number(row.used);
  }

  /** Deletes the codes sent before an instant (long expired: a code lives minutes); returns how many. */
  async purgeBefore(createdBefore: number): Promise<number> {
    const result = await this.db.deleteFrom('login_code').where('created_at', '<', createdBefore).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** Marks a code used; false when another request used it first, so one code signs in once. */
  async use(id: string, at: number): Promise<boolean> {
    const result = await this.db.updateTable('login_code').set({ used_at: at }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}
