// Service outlets (服务网点): where refunds happen, as the outlet finder lists them.
import type { Selectable } from 'kysely';
import type { Product } from '../../domain/cards.ts';
import type { District, Outlet, OutletService } from '../../domain/outlets.ts';
import type { OutletTable } from '../schema-desk.ts';
import { QueryBase } from './query-base.ts';

const toOutlet = (row: Selectable<OutletTable>): Outlet => ({
  id: row.id,
  name: { zh: row.name_zh, en: row.name_en },
  address: { zh: row.address_zh, en: row.address_en },
  district: row.district as District,
  hours: { zh: row.hours_zh, en: row.hours_en },
  opening: row.opening,
  phone: row.phone,
  selfOperated: Number(row.self_operated) === 1,
  services: row.services.split('|').filter(Boolean) as OutletService[],
  cardKinds: row.card_kinds.split('|').filter(Boolean) as Product[],
  station: row.station_zh !== null && row.station_en !== null ? { zh: row.station_zh, en: row.station_en } : null,
  lat: row.lat_e6 === null ? null : Number(row.lat_e6) / 1e6,
  lng: row.lng_e6 === null ? null : Number(row.lng_e6) / 1e6,
});

const outletRow = (o: Outlet, at: number): Selectable<OutletTable> => ({
  id: o.id,
  name_zh: o.name.zh,
  name_en: o.name.en,
  address_zh: o.address.zh,
  address_en: o.address.en,
  district: o.district,
  hours_zh: o.hours.zh,
  hours_en: o.hours.en,
  opening: o.opening,
  phone: o.phone,
  self_operated: o.selfOperated ? 1 : 0,
  services: o.services.join('|'),
  card_kinds: o.cardKinds.join('|'),
  station_zh: o.station?.zh ?? null,
  station_en: o.station?.en ?? null,
  lat_e6: o.lat === null ? null : Math.round(o.lat * 1e6),
  lng_e6: o.lng === null ? null : Math.round(o.lng * 1e6),
  updated_at: at,
});

export class Outlets extends QueryBase {
  /** Inserts or replaces an outlet by id; says which, or 'unchanged' when the stored one is identical. */
  async upsert(outlet: Outlet, at: number): Promise<'inserted' | 'updated' | 'unchanged'> {
    const existing = await this.db.selectFrom('outlet').selectAll().where('id', '=', outlet.id).executeTakeFirst();
    const row = outletRow(outlet, at);
    if (!existing) {
      await this.db.insertInto('outlet').values(row).execute();
      return 'inserted';
    }
    if (JSON.stringify(toOutlet(existing)) === JSON.stringify(toOutlet(row))) return 'unchanged';
    const { id: _id, ...fields } = row;
    await this.db.updateTable('outlet').set(fields).where('id', '=', outlet.id).execute();
    return 'updated';
  }

  /**
   * Every outlet, by id: what the outlet finder shows.
   * @example const outlets = await ctx.store.outlets.all();
   */
  async all(): Promise<Outlet[]> {
    return (await this.db.selectFrom('outlet').selectAll().orderBy('id').execute()).map(toOutlet);
  }

  /** Removes every outlet whose id is not in `keep`; returns how many. */
  async deleteExcept(keep: readonly string[]): Promise<number> {
    let query = this.db.deleteFrom('outlet');
    if (keep.length > 0) query = query.where('id', 'not in', keep);
    const result = await query.executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
