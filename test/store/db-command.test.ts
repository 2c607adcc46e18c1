// `ykt db migrate` and `ykt db check` on both stores: check reports the migration level and the rule-1
// indexes, and fails when either is missing. One check runs as a real process; the rest in this process.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import pg from 'pg';
import { YKT_PROCESS, yktHere } from '../support/cli.ts';
import { freshDatabase, testStores } from '../support/postgres.ts';
import { tempDataDir } from '../support/system.ts';

const run = promisify(execFile);

/** `ykt db …` in this process (yktHere), answering its JSON; `process: true` runs it as a real process. */
async function ykt(args: string[], env: Record<string, string>, options: { process?: boolean } = {}): Promise<{ code: number; json: any }> {
  if (!options.process) {
    const here = await yktHere(args, env);
    return { code: here.code, json: JSON.parse(here.stdout) };
  }
  try {
    const { stdout } = await run(process.execPath, [...YKT_PROCESS, ...args], { env: { ...process.env, ...env } });
    return { code: 0, json: JSON.parse(stdout) };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, json: JSON.parse(failed.stdout) };
  }
}

for (const { name: store, skip } of testStores()) {
  describe(`ykt db on ${store}`, { skip }, () => {
    test('check fails on an empty store, migrate brings it to the latest level, and check then passes', async () => {
      const env = { YKT_DATA_DIR: tempDataDir(), DATABASE_URL: store === 'postgres' ? await freshDatabase() : '' };
      const before = await ykt(['db', 'check'], env);
      assert.equal(before.code, 1);
      assert.equal(before.json.ok, false);
      assert.ok(before.json.migrations.pending.includes('001-core'));
      const migrated = await ykt(['db', 'migrate'], env);
      assert.equal(migrated.code, 0);
      assert.equal(migrated.json.store, store);
      const after = await ykt(['db', 'check'], env);
      assert.equal(after.code, 0, JSON.stringify(after.json));
      assert.deepEqual(after.json.migrations.pending, []);
      assert.deepEqual(after.json.rule1.map((r: { present: boolean }) => r.present), [true, true]);
      if (store === 'postgres') {
        const client = new pg.Client({ connectionString: env.DATABASE_URL });
        await client.connect();
        await client.query('DROP INDEX binding_one_per_card');
        await client.end();
        const broken = await ykt(['db', 'check'], env);
        assert.equal(broken.code, 1);
        assert.deepEqual(broken.json.rule1.map((r: { present: boolean }) => r.present), [false, true]);
      }
    });
  });
}

describe('ykt db check without a reachable database', () => {
  test('answers ok: false with the reason and exits 1', async () => {
    const result = await ykt(['db', 'check'], { YKT_DATA_DIR: tempDataDir(), DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' }, { process: true });
    assert.equal(result.code, 1);
    assert.equal(result.json.ok, false);
    assert.equal(typeof result.json.error, 'string');
  });
});
