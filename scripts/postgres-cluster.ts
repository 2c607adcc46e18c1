// A throwaway PostgreSQL cluster: initdb and pg_ctl in a temp directory, listening on 127.0.0.1 and a
// unix socket inside that directory. Used by the tests and by scripts/deploy-local.ts. As root, the
// server runs as the `postgres` OS user (PostgreSQL refuses root); otherwise as whoever runs this.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from './free-port.ts';
import { REPO_ROOT } from './repo-root.ts';

export interface Cluster {
  dir: string;
  port: number;
  /** postgres://… for a database of this cluster. */
  url(database: string): string;
  createDatabase(name: string): Promise<string>;
  stop(): void;
}

/** The directory of initdb and pg_ctl, or null when PostgreSQL is not installed. */
export function findPostgresBin(): string | null {
  const candidates: string[] = [];
  if (process.env.PG_BIN) candidates.push(process.env.PG_BIN);
  try {
    candidates.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  } catch {
    // no pg_config on PATH
  }
  const debian = '/usr/lib/postgresql';
  if (fs.existsSync(debian)) {
    const versions = fs.readdirSync(debian).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => path.join(debian, v, 'bin')));
  }
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'pg_ctl'))) ?? null;
}

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Runs a PostgreSQL binary, as the postgres user when we are root. */
function runPg(bin: string, tool: string, args: string[]): void {
  const [command, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args]] : [path.join(bin, tool), args];
  const result = spawnSync(command, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status !== 0) throw new Error(`${tool} failed (${result.status}): ${result.stderr || result.stdout}`);
}

/** A cluster this process started, and so may crash and start again. */
export interface OwnCluster extends Cluster {
  /** Stops the server at once, as a crash would: `pg_ctl stop -m immediate` (no checkpoint; recovery at the next start). */
  crash(): void;
  /** Starts the server again on the same data directory and port. */
  start(): void;
}

/**
 * Creates database `name` on the cluster `url` names; answers its URL.
 * @example await createDatabase((db) => `postgres://ykt@127.0.0.1:5432/${db}`, 'ykt_test_1')
 */
export async function createDatabase(url: (database: string) => string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: url('postgres') });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
  } finally {
    await client.end();
  }
  return url(name);
}

/**
 * Starts a fresh cluster; `durable: false` (the default, for tests) turns fsync and synchronous commits off,
 * which only matters if the machine — or, without synchronous commits, the server — crashes.
 * @example const cluster = await startCluster(); const url = await cluster.createDatabase('ykt');
 */
export async function startCluster(options: { durable?: boolean; bin?: string } = {}): Promise<OwnCluster> {
  const bin = options.bin ?? findPostgresBin();
  if (!bin) throw new Error('PostgreSQL is not installed (no initdb found)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ykt-pg-'));
  if (asRoot) execFileSync('chown', ['-R', 'postgres:', dir]);
  const data = path.join(dir, 'data');
  runPg(bin, 'initdb', ['-D', data, '-U', 'ykt', '--auth=trust', '--encoding=UTF8', '--no-locale', ...(options.durable ? [] : ['--no-sync'])]);
  const settings = [
    `-p PORT`,
    `-k ${dir}`,
    `-c listen_addresses=127.0.0.1`,
    `-c max_connections=200`,
    ...(options.durable ? [] : ['-c fsync=off', '-c full_page_writes=off', '-c synchronous_commit=off']),
  ];
  let port = 0;
  const start = () => runPg(bin, 'pg_ctl', ['-D', data, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', '-o', settings.join(' ').replace('PORT', String(port)), 'start']);
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    try {
      start();
      break;
    } catch (error) {
      // Another process may have taken the port between the probe and the start.
      if (attempt === 3) throw new Error(`${(error as Error).message}\n${fs.readFileSync(path.join(dir, 'server.log'), 'utf8').slice(-2000)}`);
    }
  }
  const url = (database: string) => `postgres://ykt@127.0.0.1:${port}/${database}`;
  let stopped = false;
  return {
    dir,
    port,
    url,
    createDatabase: (name) => createDatabase(url, name),
    crash: () => runPg(bin, 'pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']),
    start,
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        runPg(bin, 'pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** The SQL block that follows `<!-- roles:<name> -->` in docs/deploy.md (the two roles, as an operator runs them). */
export function deployDocSql(name: 'cluster' | 'database', docsDir = path.join(REPO_ROOT, 'docs')): string {
  const doc = fs.readFileSync(path.join(docsDir, 'deploy.md'), 'utf8');
  const block = new RegExp(`<!-- roles:${name}[^>]*-->\\s*\`\`\`sql\\n([\\s\\S]*?)\`\`\``).exec(doc);
  if (!block) throw new Error(`docs/deploy.md has no roles:${name} SQL block`);
  return block[1]!;
}

/** Runs SQL one statement at a time: CREATE DATABASE cannot run inside the implicit transaction of a multi-statement query. */
export async function runStatements(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const statement of text.split(';').map((x) => x.trim()).filter(Boolean)) await client.query(statement);
  } finally {
    await client.end();
  }
}
