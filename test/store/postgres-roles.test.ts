// The two PostgreSQL roles of docs/deploy.md, set up by the SQL printed there: the owner migrates (and
// grants), the application role runs the server and cannot rewrite the audit log by any route.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import pino from 'pino';
import { loadConfig } from '../../src/config.ts';
import { addStaff, StaffAuth } from '../../src/services/operator/staff.ts';
import { openSystem, type System } from '../../src/system.ts';
import { ykt } from '../support/cli.ts';
import { databaseWithRoles, postgresSkip } from '../support/postgres.ts';
import { sharedSecretsEnv, tempDataDir } from '../support/system.ts';

describe('PostgreSQL with an owner role and an application role', { skip: postgresSkip() }, () => {
  let roles: Awaited<ReturnType<typeof databaseWithRoles>>;
  let app: pg.Client;
  const dataDir = tempDataDir();

  before(async () => {
    roles = await databaseWithRoles();
    app = new pg.Client({ connectionString: roles.appUrl });
    await app.connect();
  });
  after(async () => {
    await app.end();
  });

  // A production node on PostgreSQL: the secrets come from the environment, shared by every node.
  const secrets = sharedSecretsEnv();

  test('a server as the application role refuses to start before the owner has migrated, naming the command', async () => {
    const refused = openSystem(loadConfig({ YKT_DATA_DIR: dataDir, DATABASE_URL: roles.appUrl, YKT_MIGRATE: 'false', ...secrets }), pino({ level: 'silent' }));
    await assert.rejects(refused, /migrations pending .*ykt db migrate/);
  });

  test('ykt db migrate as the owner migrates and grants the application role', async () => {
    const migrated = await ykt(['db', 'migrate'], { YKT_DATA_DIR: dataDir, DATABASE_URL: roles.ownerUrl, YKT_DB_APP_ROLE: roles.appRole });
    assert.equal(migrated.code, 0, migrated.stderr);
    assert.match(migrated.stdout, /005-accounts/);
  });

  describe('as the application role', () => {
    let system: System;
    before(async () => {
      system = await openSystem(loadConfig({ YKT_DATA_DIR: dataDir, DATABASE_URL: roles.appUrl, YKT_MIGRATE: 'false', ...secrets }), pino({ level: 'silent' }));
    });
    after(async () => {
      await system.close();
    });

    test('the app works: it adds a staff account, signs it in and writes the audit log', async () => {
      await addStaff(system.ctx, { username: 'desk01', displayName: 'd', role: 'staff', password: 'right-password-01' }, 'test');
      const signedIn = await new StaffAuth(system.ctx).signIn('desk01', 'right-password-01');
      await assert.rejects(new StaffAuth(system.ctx).signIn('desk01', 'wrong-password'), { code: 'STAFF_SIGN_IN_FAILED' });
      const actions = (await system.ctx.store.audit.of(`staff:${signedIn.staff.id}`)).map((e) => e.action);
      assert.deepEqual(actions, ['staff.added', 'staff.signed-in', 'staff.sign-in-refused']);
      assert.equal((await system.ctx.store.inspect()).migrations.every((m) => m.applied), true);
    });

    test('UPDATE, DELETE and TRUNCATE on the audit log are refused by privilege, and its triggers cannot be dropped', async () => {
      for (const statement of [
        `UPDATE audit_log SET actor = 'someone else'`,
        `DELETE FROM audit_log`,
        `TRUNCATE audit_log`,
        `ALTER TABLE audit_log DISABLE TRIGGER ALL`,
        `DROP TRIGGER audit_log_no_update ON audit_log`,
        `DELETE FROM kysely_migration`,
      ]) {
        await assert.rejects(app.query(statement), /permission denied|must be owner/, statement);
      }
      assert.equal((await app.query(`SELECT count(*)::int AS n FROM audit_log`)).rows[0].n, 3);
    });
  });
});
