import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { openSystem } from '../../src/system.ts';
import { ykt } from '../support/cli.ts';
import { tempDataDir } from '../support/system.ts';

test('staff add creates an account that can sign in, and refuses a taken username', async () => {
  const dataDir = tempDataDir();
  const args = ['staff', 'add', '--username', 'li.ming', '--role', 'operator', '--password', 'a-long-password'];
  const added = await ykt(args, { YKT_DATA_DIR: dataDir });
  assert.equal(added.code, 0, added.stderr);
  assert.match(added.stdout, /Added operator li\.ming/);
  const again = await ykt(args, { YKT_DATA_DIR: dataDir });
  assert.equal(again.code, 1);
  assert.match(again.stderr, /STAFF_USERNAME_TAKEN/);

  const system = await openSystem(loadConfig({ YKT_DATA_DIR: dataDir }));
  const { StaffAuth } = await import('../../src/services/operator/staff.ts');
  const signedIn = await new StaffAuth(system.ctx).signIn('li.ming', 'a-long-password');
  assert.equal(signedIn.staff.role, 'operator');
  await assert.rejects(new StaffAuth(system.ctx).signIn('li.ming', 'wrong-password'), { code: 'STAFF_SIGN_IN_FAILED' });
  await system.close();
});

test('staff add posts an outlet account at an outlet of the finder, taking its name and whether it is self-operated', async () => {
  const dataDir = tempDataDir();
  await ykt(['seed'], { YKT_DATA_DIR: dataDir });
  const added = await ykt(['staff', 'add', '--username', 'wang.fang', '--role', 'outlet', '--password', 'a-long-password', '--post', 'BJ-DZM'], { YKT_DATA_DIR: dataDir });
  assert.equal(added.code, 0, added.stderr);
  assert.match(added.stdout, /Posted at BJ-DZM/);
  const system = await openSystem(loadConfig({ YKT_DATA_DIR: dataDir }));
  const member = await system.ctx.store.staff.find({ username: 'wang.fang' });
  const post = await system.ctx.store.staff.postOf(member!.id);
  const outlet = (await system.ctx.store.outlets.all()).find((o) => o.id === 'BJ-DZM')!;
  assert.deepEqual(post && { kind: post.kind, code: post.code, name: post.name, selfOperated: post.selfOperated }, { kind: 'outlet', code: 'BJ-DZM', name: outlet.name, selfOperated: outlet.selfOperated });
  await system.close();
});

test('refund-rules publish adds a version above the current one and refuses the same number again', async () => {
  const dataDir = tempDataDir();
  await ykt(['seed'], { YKT_DATA_DIR: dataDir });
  const { DEMO_REFUND_RULES } = await import('../../src/services/demo/refund-rules.ts');
  const file = path.join(dataDir, 'rules.json');
  fs.writeFileSync(file, JSON.stringify({ ...DEMO_REFUND_RULES, version: 2, damagedCardFeeFen: 1500 }));
  const published = await ykt(['refund-rules', 'publish', file], { YKT_DATA_DIR: dataDir });
  assert.equal(published.code, 0, published.stderr);
  const again = await ykt(['refund-rules', 'publish', file], { YKT_DATA_DIR: dataDir });
  assert.equal(again.code, 1);
  assert.match(again.stderr, /REFUND_RULES_VERSION_TAKEN/);
  const system = await openSystem(loadConfig({ YKT_DATA_DIR: dataDir }));
  assert.equal((await system.ctx.store.refunds.rules())?.damagedCardFeeFen, 1500);
  await system.close();
});
