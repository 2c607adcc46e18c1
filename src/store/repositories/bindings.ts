// Bindings (upgrades): an active link card → person until it ends. The database's partial unique indexes
// hold DESIGN §4 rule 1 even under races; the figures the dashboard draws from bindings live here too.
import { sql, type Kysely, type Selectable, type SelectQueryBuilder } from 'kysely';
import type { Binding, BindingWithCard, Card, CardState, Channel, LapsingBinding, Medium } from '../rows.ts';
import type { BindingTable, Database } from '../schema.ts';
import { toCard } from './cards.ts';
import { inChunks, numberOrNull, QueryBase } from './query-base.ts';
import { QueryTemplate } from './query-template.ts';

/** What an upgrade's rules are checked against (domain/bindings.ts UpgradeFacts), read in one statement. */
export interface UpgradeFactsRow {
  card: Card;
  /** Who holds the card's active binding now, if anyone. */
  cardHolderId: number | null;
  /** Whether the person already has an active binding of the medium asked about. */
  personHasMedium: boolean;
  /** The agreement version in force (the highest published), null before the first. */
  currentAgreement: number | null;
}

const toBinding = (row: Selectable<BindingTable>): Binding => ({
  id: Number(row.id),
  cardId: Number(row.card_id),
  personId: Number(row.person_id),
  medium: row.medium as Medium,
  channel: row.channel as Channel,
  agreementVersion: Number(row.agreement_version),
  createdAt: Number(row.created_at),
  endedAt: numberOrNull(row.ended_at),
  endReason: row.end_reason,
});

// The upgrade's checks (upgradeFacts): `ownMedium` narrows "the person's active bindings" to one medium.
const upgradeFactsWhere = (db: Kysely<Database>, cardNumber: string, personId: number, ownMedium: (own: OwnBindings) => OwnBindings) =>
  db
    .selectFrom('card')
    .selectAll('card')
    .select((eb) => [
      eb.selectFrom('binding as held').select('held.person_id').whereRef('held.card_id', '=', 'card.id').where('held.ended_at', 'is', null).as('holder_id'),
      eb.exists(ownMedium(eb.selectFrom('binding as own').select('own.id').where('own.person_id', '=', personId).where('own.ended_at', 'is', null))).as('has_medium'),
      eb.selectFrom('agreement').select((a) => a.fn.max('agreement.version').as('v')).as('agreement_version'),
    ])
    .where('card.number', '=', cardNumber);
type OwnBindings = SelectQueryBuilder<Database & { own: BindingTable }, 'card' | 'own', { id: number }>;
const upgradeFactsOfMedium = new QueryTemplate((db, v: { cardNumber: string; personId: number; medium: Medium }) =>
  upgradeFactsWhere(db, v.cardNumber, v.personId, (own) => own.where('own.medium', '=', v.medium)),
);
const upgradeFactsOfCardMedium = new QueryTemplate((db, v: { cardNumber: string; personId: number }) =>
  upgradeFactsWhere(db, v.cardNumber, v.personId, (own) => own.whereRef('own.medium', '=', 'card.medium')),
);

const insertBinding = new QueryTemplate((db, b: Omit<Binding, 'id' | 'endedAt' | 'endReason'>) =>
  db
    .insertInto('binding')
    .values({ card_id: b.cardId, person_id: b.personId, medium: b.medium, channel: b.channel, agreement_version: b.agreementVersion, created_at: b.createdAt })
    .returningAll(),
);

const endBinding = new QueryTemplate((db, v: { id: number; at: number; reason: string }) =>
  db.updateTable('binding').set({ ended_at: v.at, end_reason: v.reason }).where('id', '=', v.id).where('ended_at', 'is', null),
);

const bindingsOfPerson = (db: Kysely<Database>, personId: number) =>
  db
    .selectFrom('binding')
    .innerJoin('card', 'card.id', 'binding.card_id')
    .selectAll('binding')
    .select(['card.number as card_number', 'card.product as product', 'card.state as card_state', 'card.updated_at as card_updated_at'])
    .where('binding.person_id', '=', personId)
    .orderBy('binding.id');
const allBindingsOf = new QueryTemplate((db, v: { personId: number }) => bindingsOfPerson(db, v.personId));
const activeBindingsOf = new QueryTemplate((db, v: { personId: number }) => bindingsOfPerson(db, v.personId).where('binding.ended_at', 'is', null));

export class Bindings extends QueryBase {
  /**
   * The card's active binding, if it is upgraded.
   * @example const active = await tx.bindings.activeOfCard(card.id);
   */
  async activeOfCard(cardId: number): Promise<Binding | undefined> {
    const row = await this.db.selectFrom('binding').selectAll().where('card_id', '=', cardId).where('ended_at', 'is', null).executeTakeFirst();
    return row && toBinding(row);
  }

  /**
   * Everything an upgrade of card `cardNumber` by the person is decided on, in one statement: the card, who
   * holds it now, whether the person already holds a card of `medium` (the card's own medium when absent),
   * and the agreement in force; undefined when no such card exists. One statement rather than four, as the
   * upgrade is the holders' busiest write (docs/benchmarks.md).
   * @example const facts = await tx.bindings.upgradeFacts({ cardNumber: '3104000012345678', personId: 7 });
   */
  async upgradeFacts(q: { cardNumber: string; personId: number; medium?: Medium }): Promise<UpgradeFactsRow | undefined> {
    const [row] = q.medium
      ? await this.rows(upgradeFactsOfMedium, { cardNumber: q.cardNumber, personId: q.personId, medium: q.medium })
      : await this.rows(upgradeFactsOfCardMedium, q);
    if (!row) return undefined;
    return {
      card: toCard(row),
      cardHolderId: numberOrNull(row.holder_id),
      // SQLite answers EXISTS with 0 or 1, PostgreSQL with a boolean.
      personHasMedium: Boolean(Number(row.has_medium)),
      currentAgreement: numberOrNull(row.agreement_version),
    };
  }

  /**
   * The cards actively bound to whoever holds each of these document keys (health records arrive by
   * document), in one query per chunk of keys.
   * @example for (const { cardId, personId } of await tx.bindings.activeOfDocKeys(keys)) …
   */
  async activeOfDocKeys(docKeys: readonly string[]): Promise<Array<{ docKey: string; cardId: number; personId: number }>> {
    if (this.dialect.activeBindingsOfDocKeys) return this.dialect.activeBindingsOfDocKeys(docKeys);
    const bound: Array<{ docKey: string; cardId: number; personId: number }> = [];
    for (const chunk of inChunks(docKeys)) {
      const rows = await this.db
        .selectFrom('binding')
        .innerJoin('person', 'person.id', 'binding.person_id')
        .select(['person.doc_key', 'binding.card_id', 'binding.person_id'])
        .where('person.doc_key', 'in', chunk)
        .where('binding.ended_at', 'is', null)
        .execute();
      for (const r of rows) bound.push({ docKey: r.doc_key, cardId: Number(r.card_id), personId: Number(r.person_id) });
    }
    return bound;
  }

  /**
   * Stores a new active binding.
   * @throws UniqueViolation when the database's partial unique indexes refuse a second active binding.
   * @example await tx.bindings.insert({ cardId, personId, medium: 'physical', channel: 'kit', agreementVersion: 3, createdAt: now });
   */
  async insert(b: Omit<Binding, 'id' | 'endedAt' | 'endReason'>): Promise<Binding> {
    return this.unique(async () => {
      const [row] = await this.rows(insertBinding, b);
      return toBinding(row!);
    });
  }

  /** Ends a binding if it is still active; false when it had already ended. */
  async end(id: number, at: number, reason: string): Promise<boolean> {
    return (await this.affected(endBinding, { id, at, reason })) === 1;
  }

  /** A person's bindings with the card each binds, oldest first. */
  async of(personId: number, options: { activeOnly: boolean }): Promise<BindingWithCard[]> {
    const rows = await this.rows(options.activeOnly ? activeBindingsOf : allBindingsOf, { personId });
    return rows.map((row) => ({ ...toBinding(row), cardNumber: row.card_number, product: row.product, cardState: row.card_state as CardState, cardUpdatedAt: Number(row.card_updated_at) }));
  }

  /** Active bindings by medium, for the dashboard and /metrics. */
  /**
   * Active bindings whose card passes until an instant in [from, to) (ms) by the current reader list — its
   * entry's facts under the policy, `passUntilOf` — of people who have a contact and reminders on; one page
   * in card order, after card `afterCardId`. Paged so that a city's worth of bindings is read in short steps
   * between other work, on the card key, without an index the list builder would have to keep up.
   */
  async lapsing(
    window: { from: number; to: number; passUntilOf: (value: number) => number },
    afterCardId: number,
    limit: number,
  ): Promise<{ lapsing: LapsingBinding[]; lastCardId: number | null }> {
    const page = await this.db
      .selectFrom('list_entry')
      .select(['card_id', 'number', 'value'])
      .where('card_id', '>', afterCardId)
      .orderBy('card_id')
      .limit(limit)
      .execute();
    if (page.length === 0) return { lapsing: [], lastCardId: null };
    const due = page
      .map((e) => ({ ...e, passUntil: window.passUntilOf(Number(e.value)) }))
      .filter((e) => e.passUntil >= window.from && e.passUntil < window.to);
    const lastCardId = Number(page[page.length - 1]!.card_id);
    if (due.length === 0) return { lapsing: [], lastCardId };
    const rows = await this.db
      .selectFrom('binding')
      .innerJoin('person', 'person.id', 'binding.person_id')
      .select(['binding.id', 'binding.card_id', 'binding.person_id', 'binding.channel'])
      .where('binding.card_id', 'in', due.map((e) => Number(e.card_id)))
      .where('binding.ended_at', 'is', null)
      .where('person.erased_at', 'is', null)
      .where('person.contact_sealed', 'is not', null)
      .where('person.reminders_off_at', 'is', null)
      .execute();
    const byCard = new Map(due.map((e) => [Number(e.card_id), e]));
    const lapsing = rows.map((r) => {
      const entry = byCard.get(Number(r.card_id))!;
      return { bindingId: Number(r.id), cardId: Number(r.card_id), personId: Number(r.person_id), channel: r.channel as Channel, cardNumber: entry.number, passUntil: entry.passUntil };
    });
    return { lapsing, lastCardId };
  }

  async activeCounts(): Promise<{ physical: number; nfc: number }> {
    const rows = await this.db
      .selectFrom('binding')
      .select(['medium', (eb) => eb.fn.countAll<number>().as('n')])
      .where('ended_at', 'is', null)
      .groupBy('medium')
      .execute();
    const count = (medium: string) => Number(rows.find((r) => r.medium === medium)?.n ?? 0);
    return { physical: count('physical'), nfc: count('nfc') };
  }

  /** Bindings made and ended per hour (ms since epoch / 3 600 000) since an instant. */
  async perHour(since: number): Promise<Array<{ hour: number; made: number; ended: number }>> {
    const made = await this.db
      .selectFrom('binding')
      .select([sql<number>`created_at / 3600000`.as('hour'), (eb) => eb.fn.countAll<number>().as('n')])
      .where('created_at', '>=', since)
      .groupBy(sql`created_at / 3600000`)
      .execute();
    const ended = await this.db
      .selectFrom('binding')
      .select([sql<number>`ended_at / 3600000`.as('hour'), (eb) => eb.fn.countAll<number>().as('n')])
      .where('ended_at', '>=', since)
      .groupBy(sql`ended_at / 3600000`)
      .execute();
    const hours = new Map<number, { hour: number; made: number; ended: number }>();
    const at = (hour: number) => hours.get(hour) ?? hours.set(hour, { hour, made: 0, ended: 0 }).get(hour)!;
    for (const r of made) at(Number(r.hour)).made += Number(r.n);
    for (const r of ended) at(Number(r.hour)).ended += Number(r.n);
    return [...hours.values()].sort((a, b) => a.hour - b.hour);
  }
}
