// `ykt staff …` and `ykt refund-rules publish`: the first account is added by a real process reading its
// password from a pipe, as an operator's script would; the other runs use the same program in this process
// (yktHere), which starts in milliseconds instead of seconds.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { openSystem } from '../../src/system.ts';
import { ykt, yktHere } from '../support/cli.ts';
import { StaffAuth } from '../../src/services/operator/staff.ts';
import { call, startSystem, tempDataDir } from '../support/system.ts';

// The demo data these tests start from (outlets, refund rules) seeded as the demo seeds it, its printed
// passwords hashed at the demo's cost. The first test adds and signs in at production's cost (scrypt N=2^17,
// 0.6 s of CPU per hash or check); the others, about what the commands do rather than what a hash costs,
// run them with the demo's parameters too, which spared a dozen of those.
const AS_THE_DEMO = { YKT_DEMO: 'true' };

test('staff add reads the password from stdin, never the command line, and the account can sign in', async () => {
  const dataDir = tempDataDir();
  const args = ['staff', 'add', '--username', 'li.ming', '--role', 'operator'];
  const added = await ykt(args, { YKT_DATA_DIR: dataDir }, 'a-long-password\n');
  assert.equal(added.code, 0, added.stderr);
  assert.match(added.stdout, /Added operator li\.ming/);
  const again = await yktHere(args, { YKT_DATA_DIR: dataDir }, 'a-long-password\n');
  assert.equal(again.code, 1);
  assert.match(again.stderr, /STAFF_USERNAME_TAKEN/);
  const inArgv = await yktHere([...args.slice(0, 3), 'zhao.lei', '--role', 'staff', '--password', 'a-long-password'], { YKT_DATA_DIR: dataDir });
  assert.equal(inArgv.code, 1);
  assert.match(inArgv.stderr, /unknown option '--password'/);
  const tooShort = await yktHere([...args.slice(0, 3), 'zhao.lei', '--role', 'staff'], { YKT_DATA_DIR: dataDir }, 'short\n');
  assert.equal(tooShort.code, 1);
  assert.match(tooShort.stderr, /at least 10 characters/);

  const system = await openSystem(loadConfig({ YKT_DATA_DIR: dataDir }));
  const signedIn = await new StaffAuth(system.ctx).signIn('li.ming', 'a-long-password');
  assert.equal(signedIn.staff.role, 'operator');
  assert.match(signedIn.staff.passwordHash, /^scrypt\$131072\$8\$1\$/);
  await assert.rejects(new StaffAuth(system.ctx).signIn('li.ming', 'wrong-password'), { code: 'STAFF_SIGN_IN_FAILED' });
  assert.equal(await system.ctx.store.staff.find({ username: 'zhao.lei' }), undefined);
  await system.close();
});

test('staff list shows every account with its role and whether it is disabled', async () => {
  const dataDir = tempDataDir();
  await yktHere(['staff', 'add', '--username', 'li.ming', '--role', 'agent', '--name', '李明'], { YKT_DATA_DIR: dataDir, ...AS_THE_DEMO }, 'a-long-password\n');
  await yktHere(['staff', 'add', '--username', 'zhao.lei', '--role', 'staff'], { YKT_DATA_DIR: dataDir, ...AS_THE_DEMO }, 'a-long-password\n');
  assert.equal((await yktHere(['staff', 'disable', 'zhao.lei'], { YKT_DATA_DIR: dataDir })).code, 0);
  const listed = await yktHere(['staff', 'list', '--json'], { YKT_DATA_DIR: dataDir });
  assert.equal(listed.code, 0, listed.stderr);
  const members = JSON.parse(listed.stdout) as Array<{ username: string; role: string; displayName: string; disabledAt: string | null }>;
  assert.deepEqual(members.map((m) => [m.username, m.role, m.displayName, m.disabledAt !== null]), [
    ['li.ming', 'agent', '李明', false],
    ['zhao.lei', 'staff', 'zhao.lei', true],
  ]);
  const text = await yktHere(['staff', 'list'], { YKT_DATA_DIR: dataDir });
  assert.match(text.stdout, /zhao\.lei\tstaff\tdisabled /);
  assert.doesNotMatch(text.stdout, /scrypt/);
});

test('staff disable ends a signed-in session at once, and enable lets the account sign in again', async () => {
  const sys = await startSystem({ seed: false });
  try {
    const env = { YKT_DATA_DIR: sys.dataDir, ...AS_THE_DEMO };
    await yktHere(['staff', 'add', '--username', 'wu.min', '--role', 'operator'], env, 'a-long-password\n');
    const login = () => call(sys.base, 'POST', '/api/v1/staff-session/login', { username: 'wu.min', password: 'a-long-password' });
    const token = (await login()).body.token as string;
    assert.equal((await call(sys.base, 'GET', '/api/v1/admin/terminals', undefined, token)).status, 200);

    const disabled = await yktHere(['staff', 'disable', 'wu.min'], env);
    assert.equal(disabled.code, 0, disabled.stderr);
    const refused = await call(sys.base, 'GET', '/api/v1/admin/terminals', undefined, token);
    assert.deepEqual([refused.status, refused.body.error.code], [401, 'SESSION_INVALID']);
    const denied = await login();
    assert.deepEqual([denied.status, denied.body.error.code], [401, 'STAFF_SIGN_IN_FAILED']);

    assert.equal((await yktHere(['staff', 'enable', 'wu.min'], env)).code, 0);
    const again = await login();
    assert.equal(again.status, 200);
    assert.equal((await call(sys.base, 'GET', '/api/v1/admin/terminals', undefined, token)).status, 401, 'the old session stays revoked');
    const member = (await sys.ctx.store.staff.find({ username: 'wu.min' }))!;
    assert.deepEqual(
      (await sys.ctx.store.audit.of(`staff:${member.id}`)).map((e) => [e.actor, e.action]).filter(([, action]) => action !== 'staff.sign-in-refused'),
      [['cli', 'staff.added'], ['staff:' + member.id, 'staff.signed-in'], ['cli', 'staff.disabled'], ['cli', 'staff.enabled'], ['staff:' + member.id, 'staff.signed-in']],
    );
    const missing = await yktHere(['staff', 'disable', 'nobody'], env);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /STAFF_NOT_FOUND/);
  } finally {
    await sys.stop();
  }
});

test('staff passwd sets a new password read from stdin: the old one stops working and the sessions end', async () => {
  const sys = await startSystem({ seed: false });
  try {
    const env = { YKT_DATA_DIR: sys.dataDir, ...AS_THE_DEMO };
    await yktHere(['staff', 'add', '--username', 'wu.min', '--role', 'operator'], env, 'a-long-password\n');
    const login = (password: string) => call(sys.base, 'POST', '/api/v1/staff-session/login', { username: 'wu.min', password });
    const token = (await login('a-long-password')).body.token as string;
    const changed = await yktHere(['staff', 'passwd', 'wu.min'], env, 'another-long-password\n');
    assert.equal(changed.code, 0, changed.stderr);
    assert.equal((await call(sys.base, 'GET', '/api/v1/admin/terminals', undefined, token)).status, 401);
    assert.equal((await login('a-long-password')).status, 401);
    assert.equal((await login('another-long-password')).status, 200);
  } finally {
    await sys.stop();
  }
});

test('staff add posts an outlet account at an outlet of the finder, taking its name and whether it is self-operated', async () => {
  const dataDir = tempDataDir();
  await yktHere(['seed'], { YKT_DATA_DIR: dataDir, ...AS_THE_DEMO });
  const added = await yktHere(['staff', 'add', '--username', 'wang.fang', '--role', 'outlet', '--post', 'BJ-DZM'], { YKT_DATA_DIR: dataDir, ...AS_THE_DEMO }, 'a-long-password\n');
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
  await yktHere(['seed'], { YKT_DATA_DIR: dataDir, ...AS_THE_DEMO });
  const { DEMO_REFUND_RULES } = await import('../../src/services/demo/refund-rules.ts');
  const file = path.join(dataDir, 'rules.json');
  fs.writeFileSync(file, JSON.stringify({ ...DEMO_REFUND_RULES, version: 2, damagedCardFeeFen: 1500 }));
  const published = await yktHere(['refund-rules', 'publish', file], { YKT_DATA_DIR: dataDir });
  assert.equal(published.code, 0, published.stderr);
  const again = await yktHere(['refund-rules', 'publish', file], { YKT_DATA_DIR: dataDir });
  assert.equal(again.code, 1);
  assert.match(again.stderr, /REFUND_RULES_VERSION_TAKEN/);
  const system = await openSystem(loadConfig({ YKT_DATA_DIR: dataDir }));
  assert.equal((await system.ctx.store.refunds.rules())?.damagedCardFeeFen, 1500);
  await system.close();
});
