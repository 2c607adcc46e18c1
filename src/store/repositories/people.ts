// Persons: one identity per document key (a keyed hash of the document), its sealed and masked document, and
// the contact (phone or e-mail) it proved, sealed and masked the same way.
import type { Selectable } from 'kysely';
import type { Person, StoredHealthRecord, VerifiedContact } from '../rows.ts';
import type { PersonTable } from '../schema.ts';
import { healthRecordOf } from './health.ts';
import { numberOrNull, QueryBase } from './query-base.ts';
import { QueryTemplate } from './query-template.ts';

const toPerson = (row: Selectable<PersonTable>): Person => ({
  id: Number(row.id),
  docType: row.doc_type,
  docSealed: row.doc_sealed,
  docMasked: row.doc_masked,
  createdAt: Number(row.created_at),
  erasedAt: numberOrNull(row.erased_at),
  contactSealed: row.contact_sealed,
  contactMasked: row.contact_masked,
  contactVerifiedAt: numberOrNull(row.contact_verified_at),
  lang: row.lang,
  remindersOffAt: numberOrNull(row.reminders_off_at),
});

const personById = new QueryTemplate((db, v: { id: number }) => db.selectFrom('person').selectAll().where('id', '=', v.id));

// The person's row and the health record filed under its document key, in one statement: every holder page and
// upgrade answer shows the cards' live status, which needs both.
const personWithHealth = new QueryTemplate((db, v: { id: number }) =>
  db
    .selectFrom('person')
    .leftJoin('health_record', 'health_record.doc_key', 'person.doc_key')
    .selectAll('person')
    // No person column shares these names.
    .select(['health_record.record_id', 'health_record.colour', 'health_record.tested_at', 'health_record.recorded_at'])
    .where('person.id', '=', v.id),
);

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
    const [row] = await this.rows(personById, { id });
    return row && toPerson(row);
  }

  /**
   * The person and the health record filed under their document (found by the document key on their row:
   * nothing to decrypt; none for an erased person), in one read.
   * @example const { person, health } = (await ctx.store.people.withHealth(session.personId))!;
   */
  async withHealth(id: number): Promise<{ person: Person; health: StoredHealthRecord | null } | undefined> {
    const [row] = await this.rows(personWithHealth, { id });
    return row && { person: toPerson(row), health: healthRecordOf(row) };
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

  /**
   * Sets a person's verified contact if it is still `previous` (the sealed contact the caller read, or null
   * for none); false when another request changed it first, so two racing changes cannot both win.
   * @example await tx.people.setContact(person.id, { sealed, masked: '+852 ****1234', at: now }, person.contactSealed)
   */
  async setContact(id: number, contact: VerifiedContact, previous: string | null): Promise<boolean> {
    const result = await this.db
      .updateTable('person')
      .set({ contact_sealed: contact.sealed, contact_masked: contact.masked, contact_verified_at: contact.at })
      .where('id', '=', id)
      .where('erased_at', 'is', null)
      .where('contact_sealed', previous === null ? 'is' : '=', previous)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /**
   * Sets what a person chose about their notices: the language they are written in, and reminders on or off
   * (turning them off keeps the first instant they were turned off).
   * @example await ctx.store.people.setPreferences(person.id, { lang: 'en', reminders: false }, now)
   */
  async setPreferences(id: number, preferences: { lang?: 'zh' | 'en'; reminders?: boolean }, at: number): Promise<void> {
    const { lang, reminders } = preferences;
    if (lang === undefined && reminders === undefined) return;
    await this.db
      .updateTable('person')
      .set((eb) => ({
        ...(lang === undefined ? {} : { lang }),
        ...(reminders === undefined ? {} : { reminders_off_at: reminders ? null : eb.fn.coalesce('reminders_off_at', eb.val(at)) }),
      }))
      .where('id', '=', id)
      .where('erased_at', 'is', null)
      .execute();
  }

  /**
   * Erases everything personal held about a person: the document and contact, the health record filed
   * under the document, the sign-in codes and the sessions (their sign-in history), and the messages of their
   * tickets, whose subject, contact, card and person are cleared. The row stays, anonymous, so that ended
   * bindings, agreement acceptances and audit entries still point somewhere.
   */
  async erase(id: number, at: number): Promise<void> {
    const docKey = this.db.selectFrom('person').select('doc_key').where('id', '=', id);
    // Contact-change codes name the person rather than the document.
    await this.db
      .deleteFrom('login_code')
      .where((eb) => eb.or([eb('doc_key', '=', docKey), eb('person_id', '=', id)]))
      .execute();
    await this.db.deleteFrom('health_record').where('doc_key', '=', docKey).execute();
    await this.db.deleteFrom('session').where('person_id', '=', id).execute();
    // Tickets stay, emptied and anonymous, so that the desk sees the case ended (services/desk closes them).
    const tickets = this.db.selectFrom('ticket').select('id').where('person_id', '=', id);
    await this.db.deleteFrom('ticket_message').where('ticket_id', 'in', tickets).execute();
    await this.db
      .updateTable('ticket')
      .set({ subject: '', person_id: null, card_id: null, contact_email: null, contact_phone: null })
      .where('person_id', '=', id)
      .execute();
    await this.db
      .updateTable('person')
      .set({ doc_sealed: null, doc_masked: null, doc_key: `erased:${id}`, erased_at: at, contact_sealed: null, contact_masked: null, contact_verified_at: null })
      .where('id', '=', id)
      .execute();
  }
}
