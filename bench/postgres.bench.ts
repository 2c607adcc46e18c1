// Two API nodes on PostgreSQL against one node on SQLite, measured in the same run on the same machine:
//   pg2_vs_sqlite_upgrades  upgrades/s (POST /api/v1/kit/cards, each a new holder and card, so every
//                           request commits a binding, an acceptance and a change-log row) with two nodes
//                           on one PostgreSQL database / the same with one node on its SQLite file
//   pg2_vs_sqlite_verify    online verify req/s (POST /api/v1/terminal/verify) likewise
//   pg2_health_feed_per_s   health records stored per second through the signed webhook, two nodes, each
//                           taking half the batches from its own worker thread (2 in flight each, 4 in
//                           all, as the SQLite side's one node); pg2_vs_sqlite_health_feed the same ratio
//   pg2_upgrades_per_s      the two nodes' upgrades/s itself (informative: two cores cannot show scale-out)
//   pg2_ingest_per_s        tap records stored per second through POST /api/v1/terminal/taps (uploads of
//                           500, 16 in flight in total, from one worker thread per node), and
//                           pg2_vs_sqlite_ingest, the same against one node on SQLite
// Every server is a separate `ykt serve` process; autocannon drives them from this process, the same
// connections in total for each side (split evenly over the two PostgreSQL nodes). PostgreSQL runs with
// fsync and synchronous_commit on, as SQLite runs with synchronous=FULL: both answer only once durable.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pino from 'pino';
import { freePort } from '../scripts/free-port.ts';
import { startCluster } from '../scripts/postgres-cluster.ts';
import { loadConfig } from '../src/config.ts';
import { requestCode, verifyCode } from '../src/services/holder/sign-in.ts';
import { enrol, issueEnrolment } from '../src/services/operator/terminals.ts';
import { openSystem, type System } from '../src/system.ts';
import { postRecords } from './health-feed.bench.ts';
import { TAP_BATCH, tapUploadBodies, uploadTaps } from './tap-uploads.ts';

type Log = (line: string) => void;
const CONNECTIONS = 32;

interface Side {
  bases: string[];
  /** [token, card number] per upgrade, one holder each. */
  jobs: Array<[string, string]>;
  auth: string;
  /** The health authority's key, which every node of the side shares. */
  feedKey: Buffer;
  stop(): Promise<void>;
}

async function serve(env: Record<string, string>): Promise<{ base: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], {
    // The demo, so that the nodes share the data directory's secrets; prepare() has filled the store, so nothing is seeded.
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'error', YKT_DEMO: 'true' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${base}/readyz`)).ok) return { base, child };
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not start');
}

/**
 * `n` holders signed in to the kit through the services (the demo outbox gives the codes), each with a
 * fresh unbound card: [session token, card number] per upgrade. Card numbers are 16 digits, so they never
 * meet seed()'s 19-digit ones in system.bench.ts.
 * @example const jobs = await holdersWithCards(system, 600); // POST /api/v1/kit/cards with each
 */
export async function holdersWithCards(system: System, n: number): Promise<Array<[string, string]>> {
  const { ctx } = system;
  const jobs: Array<[string, string]> = [];
  for (let i = 0; i < n; i++) {
    const number = `62140000${String(i).padStart(8, '0')}`;
    await ctx.store.cards.insert({ number, medium: 'physical', product: 'ordinary', state: 'active', depositFen: 2000, balanceFen: 0, updatedAt: Date.now() });
    const sent = await requestCode(ctx, 'kit', { type: 'passport', number: `B${String(i).padStart(8, '0')}`, state: 'DEU', email: 'bench@example.com' });
    const { token } = await verifyCode(ctx, 'kit', sent.challengeId, system.outbox!.recent()[0]!.code);
    jobs.push([token, number]);
  }
  return jobs;
}

/** Holders with sessions, fresh cards, an agreement and an enrolled terminal, written through the services. */
async function prepare(env: Record<string, string>, n: number): Promise<{ jobs: Array<[string, string]>; auth: string; feedKey: Buffer }> {
  const system = await openSystem(loadConfig({ ...env, YKT_DEMO: 'true' }), pino({ level: 'silent' }));
  const { ctx } = system;
  await ctx.store.agreements.insert({ version: 1, zh: '交通一卡通升级用户服务协议', en: 'Transportation Card Upgrade User Service Agreement', publishedAt: Date.now() });
  const jobs = await holdersWithCards(system, n);
  const issued = await issueEnrolment(ctx, { kind: 'metro-gate', line: 'Line 2', station: 'Jishuitan' }, 'bench');
  const { credentials } = await enrol(ctx, issued.token, 'bench/1');
  const feedKey = ctx.secrets.healthFeedKey;
  await system.close();
  return { jobs, auth: `Bearer ${credentials}`, feedKey };
}

async function sqliteSide(n: number): Promise<Side> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ykt-bench-sqlite-'));
  const { jobs, auth, feedKey } = await prepare({ YKT_DATA_DIR: dataDir }, n);
  const node = await serve({ YKT_DATA_DIR: dataDir });
  return {
    bases: [node.base],
    jobs,
    auth,
    feedKey,
    async stop() {
      node.child.kill();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function postgresSide(n: number): Promise<Side> {
  const cluster = await startCluster({ durable: true });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ykt-bench-pg-'));
  const env = { YKT_DATA_DIR: dataDir, DATABASE_URL: await cluster.createDatabase('ykt') };
  const { jobs, auth, feedKey } = await prepare(env, n);
  const nodes = [await serve(env), await serve(env)];
  return {
    bases: nodes.map((n) => n.base),
    jobs,
    auth,
    feedKey,
    async stop() {
      for (const node of nodes) node.child.kill();
      await new Promise((r) => setTimeout(r, 300));
      cluster.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Every upgrade once, spread over the side's nodes; returns upgrades answered 201 per second. */
async function upgrades(side: Side, log: Log, label: string): Promise<number> {
  const share = Math.ceil(side.jobs.length / side.bases.length);
  const started = performance.now();
  const results = await Promise.all(
    side.bases.map((base, b) => {
      const mine = side.jobs.slice(b * share, (b + 1) * share);
      let next = 0;
      return autocannon({
        url: `${base}/api/v1/kit/cards`,
        connections: CONNECTIONS / side.bases.length,
        amount: mine.length,
        requests: [
          {
            method: 'POST',
            setupRequest: (request) => {
              const [token, card] = mine[next++ % mine.length]!;
              return { ...request, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: `{"cardNumber":"${card}","medium":"physical","agreementVersion":1}` };
            },
          },
        ],
      });
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const ok = results.reduce((sum, r) => sum + r['2xx'], 0);
  const rate = ok / seconds;
  log(`${label} upgrades: ${ok} of ${side.jobs.length} answered 201 in ${seconds.toFixed(2)} s = ${Math.round(rate)}/s`);
  return rate;
}

async function verifies(side: Side, log: Log, label: string, duration: number): Promise<number> {
  const bodies = side.jobs.slice(0, 256).map(([, card]) => ({ method: 'POST' as const, body: `{"cardNumber":"${card}"}` }));
  const run = (base: string, seconds: number) =>
    autocannon({
      url: `${base}/api/v1/terminal/verify`,
      method: 'POST',
      connections: CONNECTIONS / side.bases.length,
      duration: seconds,
      headers: { authorization: side.auth, 'content-type': 'application/json' },
      requests: bodies,
    });
  await Promise.all(side.bases.map((base) => run(base, 1)));
  const results = await Promise.all(side.bases.map((base) => run(base, duration)));
  const rate = results.reduce((sum, r) => sum + r.requests.average, 0);
  const bad = results.reduce((sum, r) => sum + r.non2xx + r.errors, 0);
  log(`${label} verify: ${Math.round(rate)} req/s${bad ? ` (${bad} not 2xx)` : ''}`);
  return rate;
}

/** `n` health records, the batches split evenly over the side's nodes (4 in flight in all); returns records stored per second. */
async function healthFeed(side: Side, log: Log, label: string, n: number): Promise<number> {
  const share = Math.ceil(n / side.bases.length);
  const recordedAt = Date.now() - 3_600_000;
  const runs = await Promise.all(
    side.bases.map((base, b) =>
      postRecords({ url: `${base}/api/v1/health-feed/records`, key: side.feedKey, run: label, first: b * share, count: Math.min(share, n - b * share), recordedAt, inFlight: 4 / side.bases.length }),
    ),
  );
  const stored = runs.reduce((sum, r) => sum + r.stored, 0);
  const rate = stored / Math.max(...runs.map((r) => r.seconds));
  log(`${label} health feed: ${stored} of ${n} records stored = ${Math.round(rate)}/s`);
  return rate;
}

/** Tap uploads of TAP_BATCH taps, 16 in flight in total split over the side's nodes; returns taps stored per second. */
async function ingests(side: Side, log: Log, label: string, batches: number): Promise<number> {
  const bodies = tapUploadBodies(1, batches);
  const share = Math.ceil(bodies.length / side.bases.length);
  const started = performance.now();
  const results = await Promise.all(
    side.bases.map((base, b) =>
      uploadTaps({ url: `${base}/api/v1/terminal/taps`, auth: side.auth, bodies: bodies.slice(b * share, (b + 1) * share), inFlight: 16 / side.bases.length }),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  const stored = results.reduce((sum, r) => sum + r.stored, 0);
  log(`${label} ingest: ${stored} of ${batches * TAP_BATCH} taps stored in ${seconds.toFixed(2)} s = ${Math.round(stored / seconds)}/s`);
  return stored / seconds;
}

/**
 * @example const { pg2_vs_sqlite_upgrades } = await benchPostgres({ quick: true, log: console.log });
 */
export async function benchPostgres(opts: { quick: boolean; log: Log }): Promise<Record<string, number>> {
  const n = opts.quick ? 600 : 3000;
  const duration = opts.quick ? 3 : 10;
  const records = opts.quick ? 40_000 : 200_000;
  const measured: Record<string, { upgrades: number; verify: number; feed: number; ingest: number }> = {};
  for (const [label, open] of [
    ['sqlite x1', sqliteSide],
    ['postgres x2', postgresSide],
  ] as const) {
    const side = await open(n);
    try {
      const up = await upgrades(side, opts.log, label);
      await new Promise((r) => setTimeout(r, 1500)); // the publishers build the list from the upgrades
      const verify = await verifies(side, opts.log, label, duration);
      const feed = await healthFeed(side, opts.log, label, records);
      measured[label] = { upgrades: up, verify, feed, ingest: await ingests(side, opts.log, label, opts.quick ? 60 : 200) };
    } finally {
      await side.stop();
    }
  }
  const ratio = (a: number, b: number) => Math.round((a / b) * 1000) / 1000;
  opts.log(`pg2_vs_sqlite: ${CONNECTIONS} connections in total per side, ${os.cpus().length} cores shared by servers, PostgreSQL and autocannon`);
  // Each node group-commits its own upgrades; two nodes and the database on two cores show that the path
  // works and what it costs, not how it scales out.
  opts.log(`pg2_upgrades_per_s: upgrades/s through two nodes on one PostgreSQL, informative (${os.cpus().length} cores cannot show scale-out)`);
  return {
    pg2_upgrades_per_s: Math.round(measured['postgres x2']!.upgrades),
    pg2_vs_sqlite_upgrades: ratio(measured['postgres x2']!.upgrades, measured['sqlite x1']!.upgrades),
    pg2_vs_sqlite_verify: ratio(measured['postgres x2']!.verify, measured['sqlite x1']!.verify),
    pg2_health_feed_per_s: Math.round(measured['postgres x2']!.feed),
    pg2_vs_sqlite_health_feed: ratio(measured['postgres x2']!.feed, measured['sqlite x1']!.feed),
    pg2_ingest_per_s: Math.round(measured['postgres x2']!.ingest),
    pg2_vs_sqlite_ingest: ratio(measured['postgres x2']!.ingest, measured['sqlite x1']!.ingest),
  };
}

if (process.argv[1]?.endsWith('postgres.bench.ts')) {
  console.log(await benchPostgres({ quick: process.argv.includes('--quick'), log: console.log }));
  process.exit(0);
}
