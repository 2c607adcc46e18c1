// Staff sign-in against a real store, on both adapters: the lockout counted in the store holds across two
// nodes and under parallel attempts, unknown usernames cost what known ones do, refusals and sign-outs are
// audited, and a hash made under older parameters is remade on the next sign-in.
// The lockout, audit and sign-out tests run on demo nodes, whose hashes cost an eighth of production's
// (passwords.ts, DEMO): what they prove does not hang on the cost, and at production's (0.6 s of CPU per
// check) their ~60 checks made this file one of the suite's longest. The last two tests run on production
// nodes over the same store, so each store signs in, refuses and remakes a hash under production's parameters.
import assert from 'node:assert/strict';
import { randomBytes, scryptSync } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import { loadConfig } from '../../../src/config.ts';
import { addStaff, SIGN_IN_ATTEMPTS, StaffAuth } from '../../../src/services/operator/staff.ts';
import { openSystem, type System } from '../../../src/system.ts';
import { freshDatabase, testStores } from '../../support/postgres.ts';
import { sharedSecretsEnv, tempDataDir } from '../../support/system.ts';

const refusal = (outcome: PromiseSettledResult<unknown>) => (outcome.status === 'rejected' ? (outcome.reason as { code: string }).code : 'SIGNED_IN');

for (const { name, skip } of testStores()) {
  describe(`staff sign-in on ${name}`, { skip }, () => {
    // Two nodes over one store: two systems, each with its own connection and its own StaffAuth; two demo
    // ones and two production ones.
    let nodes: [System, System];
    let auths: [StaffAuth, StaffAuth];
    let production: [System, System];
    let productionAuths: [StaffAuth, StaffAuth];

    before(async () => {
      const dataDir = tempDataDir();
      // On PostgreSQL the nodes share the secrets from the environment, as production's must.
      const env = { YKT_DATA_DIR: dataDir, ...(name === 'postgres' ? { DATABASE_URL: await freshDatabase(), ...sharedSecretsEnv() } : {}) };
      const open = (demo: boolean) => openSystem(loadConfig({ ...env, YKT_DEMO: String(demo) }), pino({ level: 'silent' }));
      nodes = [await open(true), await open(true)];
      auths = [new StaffAuth(nodes[0].ctx), new StaffAuth(nodes[1].ctx)];
      production = [await open(false), await open(false)];
      productionAuths = [new StaffAuth(production[0].ctx), new StaffAuth(production[1].ctx)];
      await addStaff(nodes[0].ctx, { username: 'desk01', displayName: '站务 01', role: 'staff', password: 'right-password-01' }, 'test');
    });
    after(async () => {
      for (const node of [...(nodes ?? []), ...(production ?? [])]) await node.close();
    });

    test('ten parallel wrong passwords over two nodes: at most the limit are checked, the rest refused as locked, and then the right one too', async () => {
      const outcomes = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => auths[i % 2]!.signIn('desk01', `wrong-password-${i}`)));
      const codes = outcomes.map(refusal);
      const checked = codes.filter((c) => c === 'STAFF_SIGN_IN_FAILED').length;
      assert.ok(checked <= SIGN_IN_ATTEMPTS, `${checked} passwords were checked`);
      assert.equal(codes.filter((c) => c === 'STAFF_SIGN_IN_LOCKED').length, 10 - checked);
      await assert.rejects(auths[0].signIn('desk01', 'right-password-01'), { code: 'STAFF_SIGN_IN_LOCKED' });
      const member = (await nodes[0].ctx.store.staff.find({ username: 'desk01' }))!;
      const reasons = (await nodes[0].ctx.store.audit.of(`staff:${member.id}`)).filter((e) => e.action === 'staff.sign-in-refused').map((e) => e.data.reason);
      assert.equal(reasons.filter((r) => r === 'password').length, checked);
    });

    test('the lock lifts when the window has passed, and a success clears the count', async () => {
      for (const node of nodes) node.ctx.clock = () => Date.now() + 16 * 60_000;
      const signedIn = await auths[1].signIn('desk01', 'right-password-01');
      assert.equal(signedIn.staff.username, 'desk01');
      for (let i = 0; i < SIGN_IN_ATTEMPTS - 1; i++) await assert.rejects(auths[0].signIn('desk01', 'wrong'), { code: 'STAFF_SIGN_IN_FAILED' });
      assert.equal((await auths[0].signIn('desk01', 'right-password-01')).staff.username, 'desk01');
    });

    test('an unknown username is refused like a wrong password, audited without the name typed, and locks alike', async () => {
      await assert.rejects(auths[0].signIn('no-such-user', 'whatever-it-is'), { code: 'STAFF_SIGN_IN_FAILED' });
      const entries = await nodes[0].ctx.store.audit.of('staff:unknown');
      assert.deepEqual(entries.at(-1), { at: entries.at(-1)!.at, actor: 'anonymous', action: 'staff.sign-in-refused', subject: 'staff:unknown', data: { reason: 'unknown-username' } });
      assert.doesNotMatch(JSON.stringify(entries), /no-such-user/);
      for (let i = 1; i < SIGN_IN_ATTEMPTS; i++) await assert.rejects(auths[1].signIn('no-such-user', 'x'), { code: 'STAFF_SIGN_IN_FAILED' });
      await assert.rejects(auths[1].signIn('no-such-user', 'x'), { code: 'STAFF_SIGN_IN_LOCKED' });
    });

    test('an unknown username takes about as long as a known one with a wrong password (measured, not asserted)', async (t) => {
      await addStaff(nodes[0].ctx, { username: 'timed', displayName: 't', role: 'agent', password: 'right-password-02' }, 'test');
      const time = async (username: string) => {
        const started = process.hrtime.bigint();
        await assert.rejects(auths[0].signIn(username, 'not-the-password'), { code: 'STAFF_SIGN_IN_FAILED' });
        await nodes[0].ctx.store.staff.clearAttempts(username);
        return Number(process.hrtime.bigint() - started) / 1e6;
      };
      const known: number[] = [];
      const unknown: number[] = [];
      for (let i = 0; i < 4; i++) {
        known.push(await time('timed'));
        unknown.push(await time('never-added'));
      }
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      const ratio = median(unknown) / median(known);
      t.diagnostic(`${name}: known username ${median(known).toFixed(1)} ms, unknown ${median(unknown).toFixed(1)} ms (median of 4), unknown/known ${ratio.toFixed(2)}`);
      assert.ok(Number.isFinite(ratio));
    });

    test('a sign-out is audited and ends the session', async () => {
      const signedIn = await auths[0].signIn('desk01', 'right-password-01');
      const session = await auths[1].session(signedIn.token);
      await auths[1].signOut(session);
      await assert.rejects(auths[0].session(signedIn.token), { code: 'SESSION_INVALID' });
      const last = (await nodes[0].ctx.store.audit.of(`staff:${signedIn.staff.id}`)).at(-1)!;
      assert.deepEqual([last.actor, last.action], [`staff:${signedIn.staff.id}`, 'staff.signed-out']);
    });

    test('a hash in the first format (no parameters, N=2^14) signs in, and is remade under the current parameters', async () => {
      const salt = randomBytes(16);
      const legacy = `scrypt$${salt.toString('base64')}$${scryptSync('old-format-password', salt, 32).toString('base64')}`;
      const member = await production[0].ctx.store.staff.insert({ username: 'veteran', displayName: 'v', role: 'outlet', passwordHash: legacy, createdAt: 1 });
      await productionAuths[0].signIn('veteran', 'old-format-password');
      const rehashed = (await production[0].ctx.store.staff.find({ id: member.id }))!.passwordHash;
      assert.match(rehashed, /^scrypt\$131072\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
      assert.equal((await productionAuths[1].signIn('veteran', 'old-format-password')).staff.passwordHash, rehashed, 'a current hash is kept as it is');
      await assert.rejects(productionAuths[1].signIn('veteran', 'not-it'), { code: 'STAFF_SIGN_IN_FAILED' });
    });

    test('a disabled account is refused with the right password, as if it were wrong', async () => {
      const { setStaffDisabled } = await import('../../../src/services/operator/staff.ts');
      await setStaffDisabled(production[0].ctx, 'veteran', true, 'test');
      await assert.rejects(productionAuths[1].signIn('veteran', 'old-format-password'), { code: 'STAFF_SIGN_IN_FAILED' });
    });
  });
}
