// The PostgreSQL half of the suite: one throwaway cluster for the run (scripts/test.mjs starts it), or else
// one per test process (started on first use, stopped at exit); a fresh database per suite. Where PostgreSQL
// is not installed the PostgreSQL suites skip and say so; YKT_REQUIRE_POSTGRES=1 (CI) turns that skip into a
// failure.
import { createDatabase, deployDocSql, findPostgresBin, runStatements, startCluster, type Cluster } from '../../scripts/postgres-cluster.ts';

export type StoreName = 'sqlite' | 'postgres';

const required = process.env.YKT_REQUIRE_POSTGRES === '1';
const bin = findPostgresBin();

/** Why the PostgreSQL suites skip here, or false when they run. Throws instead where skipping is not allowed. */
export function postgresSkip(): string | false {
  if (bin) return false;
  if (required) throw new Error('YKT_REQUIRE_POSTGRES=1, but PostgreSQL is not installed (no initdb found): install the postgresql package');
  return 'PostgreSQL is not installed (no initdb found), so the PostgreSQL half is skipped; install postgresql to run it';
}

/** The stores a suite runs against, each with its skip reason: YKT_STORES=sqlite or =postgres narrows the list. */
export function testStores(): Array<{ name: StoreName; skip: string | false }> {
  const only = (process.env.YKT_STORES ?? process.env.YKT_TEST_STORES)?.split(/[,|]/).map((s) => s.trim());
  const all: StoreName[] = ['sqlite', 'postgres'];
  return all.filter((name) => !only || only.includes(name)).map((name) => ({ name, skip: name === 'postgres' ? postgresSkip() : false }));
}

let cluster: Promise<Cluster> | undefined;
let databases = 0;

/**
 * The cluster scripts/test.mjs started for the whole run on this port (TEST_POSTGRES_PORT, not YKT_…: the
 * servers the tests start inherit it, and refuse a YKT_ variable they do not know): every test process makes
 * its databases there (named by its pid) instead of paying an initdb and a start of its own.
 */
function runCluster(port: number): Cluster {
  const url = (database: string) => `postgres://ykt@127.0.0.1:${port}/${database}`;
  return {
    dir: '',
    port,
    url,
    createDatabase: (name) => createDatabase(url, name),
    // Its owner, scripts/test.mjs, stops it once every test process is done.
    stop() {},
  };
}

/** This process's cluster: the run's, or one started on first use and stopped when the process exits. */
export function testCluster(): Promise<Cluster> {
  const shared = Number(process.env.TEST_POSTGRES_PORT);
  if (!cluster && shared > 0) cluster = Promise.resolve(runCluster(shared));
  if (!cluster) {
    cluster = startCluster({ bin: bin ?? undefined });
    cluster.then((c) => process.once('exit', () => c.stop())).catch(() => undefined);
  }
  return cluster;
}

/** A new, empty database in this process's cluster; returns its URL. */
export async function freshDatabase(): Promise<string> {
  const c = await testCluster();
  return c.createDatabase(`ykt_${process.pid}_${++databases}`);
}

/**
 * A new database set up as docs/deploy.md says: an owner role that owns it and runs migrations, and an
 * application role the server connects as (roles are cluster-wide, so their names get this database's
 * suffix). The deployment test can use it too: migrate with ownerUrl and YKT_DB_APP_ROLE=appRole, serve
 * with appUrl and YKT_MIGRATE=false.
 * @example const { ownerUrl, appUrl, appRole } = await databaseWithRoles();
 */
export async function databaseWithRoles(): Promise<{ ownerUrl: string; appUrl: string; ownerRole: string; appRole: string }> {
  const c = await testCluster();
  const suffix = `${process.pid}_${++databases}`;
  const [database, ownerRole, appRole] = [`ykt_${suffix}`, `ykt_owner_${suffix}`, `ykt_app_${suffix}`];
  const named = (text: string) => text.replace(/\bykt_owner\b/g, ownerRole).replace(/\bykt_app\b/g, appRole).replace(/\bykt\b(?!_)/g, database);
  await runStatements(c.url('postgres'), named(deployDocSql('cluster')));
  await runStatements(c.url(database), named(deployDocSql('database')));
  const as = (role: string) => c.url(database).replace('://ykt@', `://${role}@`);
  return { ownerUrl: as(ownerRole), appUrl: as(appRole), ownerRole, appRole };
}
