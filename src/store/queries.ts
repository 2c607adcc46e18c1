// Every query the services make, written once in Kysely so that both adapters run the same SQL shape.
import { sql, type Selectable } from 'kysely';
import { numberOrNull } from './query-base.ts';
import { COUNTER_TABLES } from './counter-queries.ts';
import { ListQueries } from './list-queries.ts';
import { SERVICE_TABLES } from './service-queries.ts';
import type { BindingTable, CardTable, Database } from './schema.ts';
import {
  type Agreement,
  type AuditEntry,
  type Binding,
  type BindingWithCard,
  type Card,
  type CardState,
  type Change,
  type ChangeKind,
  type Channel,
  type LoginCode,
  type Medium,
  type NewCard,
  type Person,
  type Session,
} from './store.ts';

export type { Dialect } from './query-base.ts';

const toCard = (row: Selectable<CardTable>): Card => ({
  id: Number(row.id),
  number: row.number,
  medium: row.medium as Medium,
  product: row.product,
  state: row.state as CardState,
  depositFen: Number(row.deposit_fen),
  balanceFen: Number(row.balance_fen),
  updatedAt: Number(row.updated_at),
});

const toBinding = (row: Selectable<BindingTable>): Binding => ({
  id: Number(row.id),
  cardId: Number(row.card_id),
  personId: Number(row.person_id),
  medium: row.medium as Medium,
  channel: row.channel as Channel,
  agreementVersion: Number(row.agreement_version),
  createdAt: Number(row.created_at),
  endedAt: row.ended_at === null ? null : Number(row.ended_at),
  endReason: row.end_reason,
});

/** The core queries; the reader and staff ones come from the classes it extends. */
export class Queries extends ListQueries {
  // Persons

  async findPersonByDocKey(docKey: string): Promise<Person | undefined> {
    const row = await this.db.selectFrom('person').selectAll().where('doc_key', '=', docKey).executeTakeFirst();
    return row && this.toPerson(row);
  }

  async getPerson(id: number): Promise<Person | undefined> {
    const row = await this.db.selectFrom('person').selectAll().where('id', '=', id).executeTakeFirst();
    return row && this.toPerson(row);
  }

  /** Inserts a person, or returns the one already holding this document key (two first sign-ins racing). */
  async ensurePerson(p: { docType: string; docKey: string; docSealed: string; docMasked: string; at: number }): Promise<Person> {
    await this.db
      .insertInto('person')
      .values({ doc_type: p.docType, doc_key: p.docKey, doc_sealed: p.docSealed, doc_masked: p.docMasked, created_at: p.at })
      .onConflict((oc) => oc.column('doc_key').doNothing())
      .execute();
    const person = await this.findPersonByDocKey(p.docKey);
    if (!person) throw new Error('person vanished after insert');
    return person;
  }

  /** Erases the document data; the row stays so that ended bindings and audit entries still point somewhere. */
  async erasePerson(id: number, at: number): Promise<void> {
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

  private toPerson(row: Selectable<Database['person']>): Person {
    return {
      id: Number(row.id),
      docType: row.doc_type,
      docSealed: row.doc_sealed,
      docMasked: row.doc_masked,
      createdAt: Number(row.created_at),
      erasedAt: row.erased_at === null ? null : Number(row.erased_at),
    };
  }

  // Cards

  async findCardByNumber(number: string): Promise<Card | undefined> {
    const row = await this.db.selectFrom('card').selectAll().where('number', '=', number).executeTakeFirst();
    return row && toCard(row);
  }

  async getCard(id: number): Promise<Card | undefined> {
    const row = await this.db.selectFrom('card').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toCard(row);
  }

  async insertCard(card: NewCard): Promise<Card> {
    const row = await this.db
      .insertInto('card')
      .values({
        number: card.number,
        medium: card.medium,
        product: card.product,
        state: card.state,
        deposit_fen: card.depositFen,
        balance_fen: card.balanceFen,
        updated_at: card.updatedAt,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toCard(row);
  }

  async updateCard(id: number, fields: Omit<NewCard, 'number'>): Promise<void> {
    await this.db
      .updateTable('card')
      .set({
        medium: fields.medium,
        product: fields.product,
        state: fields.state,
        deposit_fen: fields.depositFen,
        balance_fen: fields.balanceFen,
        updated_at: fields.updatedAt,
      })
      .where('id', '=', id)
      .execute();
  }

  async countCards(): Promise<number> {
    const row = await this.db.selectFrom('card').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  // Agreements

  async currentAgreement(): Promise<Agreement | undefined> {
    const row = await this.db.selectFrom('agreement').selectAll().orderBy('version', 'desc').limit(1).executeTakeFirst();
    return row && { version: Number(row.version), zh: row.zh, en: row.en, publishedAt: Number(row.published_at) };
  }

  async insertAgreement(a: Agreement): Promise<void> {
    await this.unique(() =>
      this.db.insertInto('agreement').values({ version: a.version, zh: a.zh, en: a.en, published_at: a.publishedAt }).execute(),
    );
  }

  async insertAcceptance(personId: number, version: number, at: number): Promise<void> {
    await this.db.insertInto('acceptance').values({ person_id: personId, agreement_version: version, accepted_at: at }).execute();
  }

  async acceptancesOf(personId: number): Promise<Array<{ version: number; acceptedAt: number }>> {
    const rows = await this.db.selectFrom('acceptance').select(['agreement_version', 'accepted_at']).where('person_id', '=', personId).orderBy('id').execute();
    return rows.map((r) => ({ version: Number(r.agreement_version), acceptedAt: Number(r.accepted_at) }));
  }

  // Bindings

  async activeBindingOfCard(cardId: number): Promise<Binding | undefined> {
    const row = await this.db.selectFrom('binding').selectAll().where('card_id', '=', cardId).where('ended_at', 'is', null).executeTakeFirst();
    return row && toBinding(row);
  }

  async activeBindingOfPerson(personId: number, medium: Medium): Promise<Binding | undefined> {
    const row = await this.db
      .selectFrom('binding')
      .selectAll()
      .where('person_id', '=', personId)
      .where('medium', '=', medium)
      .where('ended_at', 'is', null)
      .executeTakeFirst();
    return row && toBinding(row);
  }

  /** @throws UniqueViolation when the database's partial unique indexes refuse a second active binding. */
  async insertBinding(b: Omit<Binding, 'id' | 'endedAt' | 'endReason'>): Promise<Binding> {
    return this.unique(async () => {
      const row = await this.db
        .insertInto('binding')
        .values({
          card_id: b.cardId,
          person_id: b.personId,
          medium: b.medium,
          channel: b.channel,
          agreement_version: b.agreementVersion,
          created_at: b.createdAt,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toBinding(row);
    });
  }

  /** Ends a binding if it is still active; false when it had already ended. */
  async endBinding(id: number, at: number, reason: string): Promise<boolean> {
    const result = await this.db
      .updateTable('binding')
      .set({ ended_at: at, end_reason: reason })
      .where('id', '=', id)
      .where('ended_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async bindingsOf(personId: number, options: { activeOnly: boolean }): Promise<BindingWithCard[]> {
    let query = this.db
      .selectFrom('binding')
      .innerJoin('card', 'card.id', 'binding.card_id')
      .selectAll('binding')
      .select(['card.number as card_number', 'card.product as product', 'card.state as card_state'])
      .where('binding.person_id', '=', personId);
    if (options.activeOnly) query = query.where('binding.ended_at', 'is', null);
    const rows = await query.orderBy('binding.id').execute();
    return rows.map((row) => ({
      ...toBinding(row),
      cardNumber: row.card_number,
      product: row.product,
      cardState: row.card_state as CardState,
    }));
  }

  // Sign-in

  async insertLoginCode(code: LoginCode): Promise<void> {
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
      })
      .execute();
  }

  async getLoginCode(id: string): Promise<LoginCode | undefined> {
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
        usedAt: row.used_at === null ? null : Number(row.used_at),
      }
    );
  }

  async countLoginCodesSince(docKey: string, since: number): Promise<number> {
    const row = await this.db
      .selectFrom('login_code')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('doc_key', '=', docKey)
      .where('created_at', '>=', since)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async countLoginAttempt(id: string): Promise<void> {
    await this.db.updateTable('login_code').set((eb) => ({ attempts: eb('attempts', '+', 1) })).where('id', '=', id).execute();
  }

  /** Marks a code used; false when another request used it first, so one code signs in once. */
  async useLoginCode(id: string, at: number): Promise<boolean> {
    const result = await this.db.updateTable('login_code').set({ used_at: at }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async insertSession(s: Session): Promise<void> {
    await this.db
      .insertInto('session')
      .values({ id: s.id, person_id: s.personId, channel: s.channel, created_at: s.createdAt, expires_at: s.expiresAt, revoked_at: s.revokedAt })
      .execute();
  }

  async getSession(id: string): Promise<Session | undefined> {
    const row = await this.db.selectFrom('session').selectAll().where('id', '=', id).executeTakeFirst();
    return (
      row && {
        id: row.id,
        personId: Number(row.person_id),
        channel: row.channel as Channel,
        createdAt: Number(row.created_at),
        expiresAt: Number(row.expires_at),
        revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
      }
    );
  }

  async revokeSessions(filter: { id: string } | { personId: number }, at: number): Promise<void> {
    let query = this.db.updateTable('session').set({ revoked_at: at }).where('revoked_at', 'is', null);
    query = 'id' in filter ? query.where('id', '=', filter.id) : query.where('person_id', '=', filter.personId);
    await query.execute();
  }

  // Change and audit logs

  async appendChange(kind: ChangeKind, cardId: number | null, personId: number | null, at: number): Promise<void> {
    await this.db.insertInto('change_log').values({ kind, card_id: cardId, person_id: personId, at }).execute();
  }

  async changesAfter(seq: number, limit: number): Promise<Change[]> {
    const rows = await this.db.selectFrom('change_log').selectAll().where('seq', '>', seq).orderBy('seq').limit(limit).execute();
    return rows.map((r) => ({
      seq: Number(r.seq),
      at: Number(r.at),
      kind: r.kind as ChangeKind,
      cardId: numberOrNull(r.card_id),
      personId: numberOrNull(r.person_id),
    }));
  }

  async appendAudit(entry: AuditEntry): Promise<void> {
    await this.db
      .insertInto('audit_log')
      .values({ at: entry.at, actor: entry.actor, action: entry.action, subject: entry.subject, data: JSON.stringify(entry.data) })
      .execute();
  }

  async auditOf(subject: string): Promise<AuditEntry[]> {
    const rows = await this.db.selectFrom('audit_log').selectAll().where('subject', '=', subject).orderBy('id').execute();
    return rows.map((r) => ({ at: Number(r.at), actor: r.actor, action: r.action, subject: r.subject, data: JSON.parse(r.data) }));
  }

  /** Every row of every table, in key order: for tests that prove a refused request changed nothing. */
  async dump(): Promise<Record<string, unknown[]>> {
    const tables = [
      'person', 'card', 'agreement', 'acceptance', 'binding', 'login_code', 'session', 'change_log', 'audit_log',
      'health_record', 'entry_policy', 'staff', 'staff_session', 'terminal_enrolment', 'terminal', 'tap',
      'list_entry', 'list_state', 'list_file', ...SERVICE_TABLES, ...COUNTER_TABLES,
    ] as const;
    const out: Record<string, unknown[]> = {};
    // ORDER BY 1: every table's key is its first column, and PostgreSQL, unlike SQLite, returns rows in
    // no particular order without one.
    for (const table of tables) out[table] = await this.db.selectFrom(table).selectAll().orderBy(sql.raw('1')).execute();
    return out;
  }
}
