// Service outlets: replaced by id from each import, unchanged ones left alone, the rest removed.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Outlet } from '../../../src/domain/outlets.ts';
import type { StoreCase } from '../support/case.ts';

const outlet = (id: string, fields: Partial<Outlet> = {}): Outlet => ({
  id,
  name: { zh: '东直门网点', en: 'Dongzhimen outlet' },
  address: { zh: '东直门站', en: 'Dongzhimen station' },
  district: 'dongcheng',
  hours: { zh: '7:00–19:00', en: '7:00–19:00' },
  opening: 'Mo-Su 07:00-19:00',
  phone: '010-96066',
  selfOperated: true,
  services: ['refund', 'top-up'],
  cardKinds: ['ordinary', 'student'],
  station: { zh: '东直门', en: 'Dongzhimen' },
  lat: 39.941234,
  lng: 116.434567,
  ...fields,
});

export function outletsContract(c: StoreCase): void {
  describe('outlets', () => {
    test('inserts, leaves an identical outlet unchanged, and updates a changed one', async () => {
      const { outlets } = c.store;
      assert.equal(await outlets.upsert(outlet('BJ-B'), 1), 'inserted');
      assert.equal(await outlets.upsert(outlet('BJ-A', { selfOperated: false, station: null, lat: null, lng: null, phone: null, services: [], opening: null }), 1), 'inserted');
      assert.equal(await outlets.upsert(outlet('BJ-B'), 2), 'unchanged');
      assert.equal(await outlets.upsert(outlet('BJ-B', { hours: { zh: '全天', en: 'All day' } }), 3), 'updated');
      assert.equal(await outlets.upsert(outlet('BJ-B', { hours: { zh: '全天', en: 'All day' }, opening: 'Mo-Su 00:00-24:00' }), 4), 'updated');
      assert.deepEqual(await outlets.all(), [
        outlet('BJ-A', { selfOperated: false, station: null, lat: null, lng: null, phone: null, services: [], opening: null }),
        outlet('BJ-B', { hours: { zh: '全天', en: 'All day' }, opening: 'Mo-Su 00:00-24:00' }),
      ]);
    });

    test('removes every outlet not kept, and says how many', async () => {
      const { outlets } = c.store;
      await outlets.upsert(outlet('BJ-C'), 4);
      assert.equal(await outlets.deleteExcept(['BJ-B']), 2);
      assert.deepEqual((await outlets.all()).map((o) => o.id), ['BJ-B']);
      assert.equal(await outlets.deleteExcept([]), 1);
      assert.deepEqual(await outlets.all(), []);
    });
  });
}
