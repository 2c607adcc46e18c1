import assert from 'node:assert/strict';
import { test } from 'node:test';
import { byDistance, distanceMetres, outletFromCsvRow, parseOutlet, searchOutlets, type Outlet } from '../../src/domain/outlets.ts';
import { DEMO_OUTLETS } from '../../src/services/demo/outlets.ts';
import { STRAY_SPACE } from '../web/zh-spacing.ts';

const outlets: Outlet[] = DEMO_OUTLETS.map((row) => {
  const parsed = parseOutlet(row);
  if ('field' in parsed) throw new Error(`demo outlet ${String(row.id)}: ${parsed.field}`);
  return parsed.outlet;
});

test('the demo holds about twenty valid outlets across many districts, self-operated ones among them', () => {
  assert.ok(outlets.length >= 18 && outlets.length <= 25);
  assert.ok(new Set(outlets.map((o) => o.district)).size >= 10);
  assert.ok(outlets.some((o) => o.selfOperated) && outlets.some((o) => !o.selfOperated));
  assert.ok(outlets.filter((o) => o.services.includes('refund-large')).every((o) => o.selfOperated));
});

test('finds an outlet by station name in either language, whatever the case, spacing or script width', () => {
  for (const q of ['东直门', 'dongzhimen', 'Dong Zhi Men', 'ＤＯＮＧＺＨＩＭＥＮ']) {
    assert.deepEqual(searchOutlets(outlets, { q }).map((o) => o.id), ['BJ-DZM'], q);
  }
});

test('filters by district and by service, and ranks self-operated centres first among equals', () => {
  const haidian = searchOutlets(outlets, { district: 'haidian' });
  assert.ok(haidian.length >= 2 && haidian.every((o) => o.district === 'haidian'));
  assert.equal(haidian[0]!.selfOperated, true);
  const large = searchOutlets(outlets, { service: 'refund-large' });
  assert.ok(large.length > 0 && large.every((o) => o.selfOperated));
  assert.deepEqual(searchOutlets(outlets, { q: 'railway station', district: 'fengtai' }).map((o) => o.id).sort(), ['BJ-BJN', 'BJ-BJX']);
  assert.deepEqual(searchOutlets(outlets, { q: 'nowhere-at-all' }), []);
});

test('names the field at fault in a bad outlet row', () => {
  const good = DEMO_OUTLETS[0]!;
  assert.deepEqual(parseOutlet({ ...good, district: 'shanghai' }), { field: 'district' });
  assert.deepEqual(parseOutlet({ ...good, name: { zh: '', en: 'x' } }), { field: 'name' });
  assert.deepEqual(parseOutlet({ ...good, services: ['refund', 'teleport'] }), { field: 'services' });
  assert.deepEqual(parseOutlet({ ...good, selfOperated: false, services: ['refund-large'] }), { field: 'services' });
  assert.deepEqual(parseOutlet({ ...good, lat: 31.2 }), { field: 'lat' });
  assert.deepEqual(parseOutlet({ ...good, id: 'has space' }), { field: 'id' });
  assert.deepEqual(parseOutlet({ ...good, lng: null }), { field: 'lng' });
  assert.deepEqual(parseOutlet({ ...good, lat: '' }), { field: 'lat' });
  assert.deepEqual(parseOutlet({ ...good, opening: 'daily 9 to 5' }), { field: 'opening' });
  assert.deepEqual(parseOutlet({ ...good, opening: 42 }), { field: 'opening' });
});

test('the demo outlets\' Chinese names, addresses and hours have no stray space between Chinese characters', () => {
  for (const o of outlets) for (const text of [o.name.zh, o.address.zh, o.hours.zh, o.station?.zh ?? '']) assert.doesNotMatch(text, STRAY_SPACE, o.id);
});

test('every demo outlet has a position and a weekly schedule, so the finder can sort and say open or closed', () => {
  assert.ok(outlets.every((o) => o.lat !== null && o.lng !== null && o.opening !== null));
});

test('measures distances on the globe and sorts outlets nearest first, unplaced ones last', () => {
  // Dongzhimen to Xizhimen is about 6.7 km due west.
  const metres = distanceMetres({ lat: 39.9413, lng: 116.4338 }, { lat: 39.9405, lng: 116.3555 });
  assert.ok(Math.abs(metres - 6_680) < 50, String(metres));
  const unplaced = { ...outlets[0]!, id: 'BJ-NOWHERE', lat: null, lng: null };
  const sorted = byDistance([unplaced, ...outlets], { lat: 39.9406, lng: 116.3556 });
  assert.equal(sorted[0]!.outlet.id, 'BJ-XZM');
  assert.ok(sorted[0]!.metres! < 50);
  assert.deepEqual(sorted.at(-1), { outlet: unplaced, metres: null });
  assert.ok(sorted.every((s, i) => i === 0 || s.metres === null || s.metres >= sorted[i - 1]!.metres!));
});

test('reads a CSV row into the same outlet as the JSON form', () => {
  const row = outletFromCsvRow({
    id: 'BJ-X', name_zh: '测试网点', name_en: 'Test point', district: 'Chaoyang', address_zh: '朝阳区', address_en: 'Chaoyang',
    hours_zh: '9-17', hours_en: '9-17', phone: '', self_operated: '否', services: 'sale|refund', card_kinds: 'ordinary|t-union',
    station_zh: '', station_en: '', lat: '39.9', lng: '116.4', opening: 'Mo-Fr 09:00-17:00',
  });
  const parsed = parseOutlet(row);
  assert.ok('outlet' in parsed, JSON.stringify(parsed));
  assert.equal(parsed.outlet.district, 'chaoyang');
  assert.equal(parsed.outlet.selfOperated, false);
  assert.deepEqual(parsed.outlet.services, ['sale', 'refund']);
  assert.equal(parsed.outlet.station, null);
  assert.equal(parsed.outlet.phone, null);
  assert.equal(parsed.outlet.opening, 'Mo-Fr 09:00-17:00');
});
