// Persons: one identity per document key (a keyed hash of the document), its sealed and masked document.
import type { Selectable } from 'kysely';
import type { Person } from '../rows.ts';
import type { PersonTable } from '../schema.ts';
import { numberOrNull, QueryBase } from './query-base.ts';

const toPerson = (row: Selectable<PersonTable>): Person => ({
  id: Number(row.id),
  docType: row.doc_type,
  docSealed: row.doc_sealed,
  docMasked: row.doc_masked,
  createdAt: Number(row.created_at),
  erasedAt: numberOrNull(row.erased_at),
});

export class People extends QueryBase {
  /**
   * The person holding this document key, if any.
   * @example const person = await ctx.store.people.findByDocKey(docKey(ctx.secrets, document));
   */
  async findByDocKey(docKey: string): Promise<Person | undefined> {
    const row = await this.db.selectFrom('person').selectAll().where('doc_key', '=', docKey).executeTakeFirst();
    return row && toPerson(row);
  }

  async get(id: number): Promise<Person | undefined> {
    const row = await this.db.selectFrom('person').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toPerson(row);
  }

  /** Inserts a person, or returns the one already holding this document key (two first sign-ins racing). */
  async ensure(p: { docType: string; docKey: string; docSealed: string; docMasked: string; at: number }): Promise<Person> {
    await this.db
      .insertInto('person')
      .values({ doc_type: p.docType, doc_key: p.docKey, doc_sealed: p.docSealed, doc_masked: p.docMasked, created_at: p.at })
      .onConflict((oc) => oc.column('doc_key').doNothing())
      .execute();
    const person = await this.findByDocKey(p.docKey);
    if (!person) throw new Error('person vanished after insert');
    return person;
  }

  /** Erases the document data; the row stays so that ended bindings and audit entries still point somewhere. */
  async erase(id: number, at: number): Promise<void> {
    // The person's sign-in codes carry the sealed document too: they go with it.
    await this.db
      .deleteFrom('login_code')
      .where('doc_key', '=', (eb) => eb.selectFrom('person').select('doc_key').where('id', '=', id))
      .execute();
    await this.db
      .updateTable('person')
      .set({ doc_sealed: null, doc_masked: null, doc_key: `erased:${id}`, erased_at: at })
      .where('id', '=', id)
      .execute();
  }
}
