// The public outlet finder's API, and `ykt import outlets` loading it from CSV and JSON files.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DEMO_OUTLETS } from '../../src/services/demo/outlets.ts';
import { assertCoded } from '../support/fixtures.ts';
import { ykt, yktHere } from '../support/cli.ts';
import { call, startSystem, tempDataDir, type TestSystem } from '../support/system.ts';

describe('GET /api/v1/outlets', () => {
  let sys: TestSystem;
  before(async () => {
    sys = await startSystem();
  });
  after(() => sys.stop());

  test('lists every demo outlet with the districts that have one, without signing in', async () => {
    const reply = await call(sys.base, 'GET', '/api/v1/outlets');
    assert.equal(reply.status, 200);
    assert.equal(reply.body.outlets.length, DEMO_OUTLETS.length);
    assert.equal(reply.body.districts.reduce((n: number, d: { count: number }) => n + d.count, 0), DEMO_OUTLETS.length);
    const dzm = reply.body.outlets.find((o: { id: string }) => o.id === 'BJ-DZM');
    assert.equal(dzm.selfOperated, true);
    assert.deepEqual(Object.keys(dzm.name).sort(), ['en', 'zh']);
    // What "open now" and "near me" need, on every demo outlet.
    assert.equal(dzm.opening, 'Mo-Su 07:00-20:00');
    assert.ok(reply.body.outlets.every((o: { lat: number | null; lng: number | null; opening: string | null }) => o.lat !== null && o.lng !== null && o.opening !== null));
  });

  test('searches by text and filters by district and service', async () => {
    const q = await call(sys.base, 'GET', `/api/v1/outlets?q=${encodeURIComponent('东直门')}`);
    assert.deepEqual(q.body.outlets.map((o: { id: string }) => o.id), ['BJ-DZM']);
    // The station's own centre first, then the zoo outlet on Xizhimenwai Street.
    const ranked = await call(sys.base, 'GET', '/api/v1/outlets?q=xizhimen');
    assert.deepEqual(ranked.body.outlets.map((o: { id: string }) => o.id), ['BJ-XZM', 'BJ-DWY']);
    const district = await call(sys.base, 'GET', '/api/v1/outlets?district=chaoyang&service=refund-large');
    assert.ok(district.body.outlets.length >= 1);
    assert.ok(district.body.outlets.every((o: { district: string; selfOperated: boolean }) => o.district === 'chaoyang' && o.selfOperated));
    assertCoded(await call(sys.base, 'GET', '/api/v1/outlets?district=atlantis'), 'VALIDATION_FAILED');
  });
});

test('ykt import outlets loads CSV and JSON, refuses a file with a bad row whole, and replaces on request', async () => {
  const dataDir = tempDataDir();
  const csv = path.join(dataDir, 'outlets.csv');
  const header = 'id,name_zh,name_en,district,address_zh,address_en,hours_zh,hours_en,opening,phone,self_operated,services,card_kinds,station_zh,station_en,lat,lng';
  const row = (id: string, district = 'haidian', opening = 'Mo-Fr 09:00-17:00', lat = '39.98', lng = '116.31') =>
    `${id},网点${id},Point ${id},${district},地址,Address,9-17,9-17,${opening},,false,sale|refund,ordinary,,,${lat},${lng}`;
  fs.writeFileSync(csv, [header, row('A1'), row('A2')].join('\n'));
  const first = await ykt(['import', 'outlets', csv], { YKT_DATA_DIR: dataDir });
  assert.equal(first.code, 0, first.stderr + first.stdout);
  assert.match(first.stdout, /Outlets: 2 new, 0 updated, 0 unchanged, 0 removed/);

  fs.writeFileSync(csv, [header, row('A1'), row('A3', 'moon')].join('\n'));
  const bad = await yktHere(['import', 'outlets', csv], { YKT_DATA_DIR: dataDir });
  assert.equal(bad.code, 2);
  assert.match(bad.stdout, /line 3: OUTLET_FIELD_INVALID \(district\)/);
  // A schedule the finder cannot read, and half a position, are refused with the field named.
  fs.writeFileSync(csv, [header, row('A1'), row('A4', 'haidian', '9 to 5'), row('A5', 'haidian', '', '39.98', '')].join('\n'));
  const unreadable = await yktHere(['import', 'outlets', csv], { YKT_DATA_DIR: dataDir });
  assert.equal(unreadable.code, 2);
  assert.match(unreadable.stdout, /line 3: OUTLET_FIELD_INVALID \(opening\)/);
  assert.match(unreadable.stdout, /line 4: OUTLET_FIELD_INVALID \(lng\)/);

  const json = path.join(dataDir, 'outlets.json');
  fs.writeFileSync(json, JSON.stringify({ outlets: DEMO_OUTLETS.slice(0, 3) }));
  const replaced = await yktHere(['import', 'outlets', json, '--replace'], { YKT_DATA_DIR: dataDir });
  assert.equal(replaced.code, 0, replaced.stderr + replaced.stdout);
  assert.match(replaced.stdout, /Outlets: 3 new, 0 updated, 0 unchanged, 2 removed/);
});
