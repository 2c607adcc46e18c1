// Cards as the issuer's master data describes them: number, medium, product, state, deposit and balance.
import type { Selectable } from 'kysely';
import type { Card, CardState, Medium, NewCard } from '../rows.ts';
import type { CardTable } from '../schema.ts';
import { QueryBase } from './query-base.ts';

export const toCard = (row: Selectable<CardTable>): Card => ({
  id: Number(row.id),
  number: row.number,
  medium: row.medium as Medium,
  product: row.product,
  state: row.state as CardState,
  depositFen: Number(row.deposit_fen),
  balanceFen: Number(row.balance_fen),
  updatedAt: Number(row.updated_at),
});

export class Cards extends QueryBase {
  /**
   * The card with this number (digits only), if the issuer has sent it.
   * @example const card = await tx.cards.findByNumber('3104000012345678');
   */
  async findByNumber(number: string): Promise<Card | undefined> {
    const row = await this.db.selectFrom('card').selectAll().where('number', '=', number).executeTakeFirst();
    return row && toCard(row);
  }

  async get(id: number): Promise<Card | undefined> {
    const row = await this.db.selectFrom('card').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toCard(row);
  }

  async insert(card: NewCard): Promise<Card> {
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

  /** Sets every field but the number. */
  async update(id: number, fields: Omit<NewCard, 'number'>): Promise<void> {
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

  async count(): Promise<number> {
    const row = await this.db.selectFrom('card').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
