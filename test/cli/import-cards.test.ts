// `ykt import cards`, `ykt seed` and `ykt agreement publish`: the first import runs as a real process, the
// rest in this process (yktHere), the same program without a process start each.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { openSystem } from '../../src/system.ts';
import { ykt, yktHere } from '../support/cli.ts';
import { tempDataDir } from '../support/system.ts';

const header = 'number,medium,product,state,deposit_fen,balance_fen';

test('imports a card file, reports rejected rows with reasons, and changes nothing when run again', async () => {
  const dataDir = tempDataDir();
  const file = path.join(dataDir, 'cards.csv');
  const good = Array.from({ length: 2500 }, (_, i) => `${2000000000000000 + i},physical,ordinary,active,2000,${i}`);
  fs.writeFileSync(file, [header, ...good, '123,physical,ordinary,active,2000,0', `${3000000000000000},paper,ordinary,active,2000,0`].join('\n'));

  const first = await ykt(['import', 'cards', file], { YKT_DATA_DIR: dataDir });
  assert.equal(first.code, 2, first.stderr);
  assert.match(first.stdout, /Accepted 2500: 2500 new, 0 updated, 0 unchanged/);
  assert.match(first.stdout, /Rejected 2/);
  assert.match(first.stdout, /line 2502: CARD_NUMBER_FORMAT \(number\)/);
  assert.match(first.stdout, /line 2503: CARD_FIELD_INVALID \(medium\)/);

  const again = await yktHere(['import', 'cards', file], { YKT_DATA_DIR: dataDir });
  assert.match(again.stdout, /Accepted 2500: 0 new, 0 updated, 2500 unchanged/);

  const system = await openSystem(loadConfig({ YKT_DATA_DIR: dataDir }));
  assert.equal(await system.ctx.store.cards.count(), 2500);
  assert.deepEqual(await system.ctx.store.changes.after(0, 10), []);
  await system.close();
});

test('a card whose state changes in a later file is updated and lands in the change log', async () => {
  const dataDir = tempDataDir();
  const file = path.join(dataDir, 'cards.csv');
  fs.writeFileSync(file, `${header}\n1000751099990001,physical,ordinary,active,2000,0\n`);
  assert.equal((await yktHere(['import', 'cards', file], { YKT_DATA_DIR: dataDir })).code, 0);
  fs.writeFileSync(file, `${header}\n1000751099990001,physical,ordinary,lost,2000,0\n`);
  const second = await yktHere(['import', 'cards', file], { YKT_DATA_DIR: dataDir });
  assert.equal(second.code, 0);
  assert.match(second.stdout, /0 new, 1 updated/);

  const system = await openSystem(loadConfig({ YKT_DATA_DIR: dataDir }));
  const card = await system.ctx.store.cards.findByNumber('1000751099990001');
  assert.equal(card?.state, 'lost');
  const changes = await system.ctx.store.changes.after(0, 10);
  assert.deepEqual(changes.map((c) => [c.kind, c.cardId]), [['card.state', card!.id]]);
  await system.close();
});

test('seed builds the demo once: a second run adds nothing', async () => {
  const dataDir = tempDataDir();
  const first = await yktHere(['seed'], { YKT_DATA_DIR: dataDir });
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /Cards: 36 inserted/);
  assert.match(first.stdout, /passport +E12345678 state GBR/);
  const second = await yktHere(['seed'], { YKT_DATA_DIR: dataDir });
  assert.match(second.stdout, /Cards: 0 inserted, 0 updated, 36 unchanged/);
});

test('agreement publish adds a version above the current one and refuses an older number', async () => {
  const dataDir = tempDataDir();
  // The demo's agreement to publish over, seeded as the demo seeds it (its staff passwords at the demo's cost).
  await yktHere(['seed'], { YKT_DATA_DIR: dataDir, YKT_DEMO: 'true' });
  fs.writeFileSync(path.join(dataDir, 'zh.txt'), '协议第二版');
  fs.writeFileSync(path.join(dataDir, 'en.txt'), 'Agreement, second version');
  const args = ['agreement', 'publish', '--zh', path.join(dataDir, 'zh.txt'), '--en', path.join(dataDir, 'en.txt')];
  const published = await yktHere([...args, '--version', '2'], { YKT_DATA_DIR: dataDir });
  assert.equal(published.code, 0, published.stderr);
  const refused = await yktHere([...args, '--version', '2'], { YKT_DATA_DIR: dataDir });
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /AGREEMENT_VERSION_TAKEN/);
});
