// The holders' write path on one SQLite node (a real file in a temp directory, the real API on a loopback
// port in this process, clients in worker threads), each figure against a baseline in the same run:
//   upgrades_vs_raw        holder upgrades/s through POST /api/v1/kit/cards (each a signed-in holder and a
//                          new card, 32 in flight) / one-row better-sqlite3 transactions/s on a file in the
//                          same directory at the same synchronous setting (FULL, WAL), in three alternating
//                          rounds of each, the means; beside it, informative,
//                          the same holders reading My cards: the most any holder request reaches here
//   ingest_under_upgrades  tap uploads/s (batches of 500, 16 in flight, as ingest_per_s) while 48 holders
//                          upgrade and unbind in a loop / the same uploads with no holder writing
import BetterSqlite3 from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import pino from 'pino';
import { loadConfig } from '../src/config.ts';
import { enrol, issueEnrolment } from '../src/services/operator/terminals.ts';
import { openSystem } from '../src/system.ts';
import { holdersWithCards } from './postgres.bench.ts';
import { mean, round3 } from './reader.bench.ts';
import { listenForBench, mainThreadCpuMs } from './system.bench.ts';
import { TAP_BATCH, tapUploadBodies, uploadTaps } from './tap-uploads.ts';

type Log = (line: string) => void;
const CONNECTIONS = 32;
/** Alternating rounds of upgrades and of the baseline (upgradeRounds). */
const ROUNDS = 3;
const LOOPING_HOLDERS = 48;
const TAPS_IN_FLIGHT = 16;

function runWorker<T>(file: string, workerData: object, whileRunning?: (worker: Worker) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const worker = new Worker(new URL(file, import.meta.url), { workerData });
    worker.once('message', (m: T) => void worker.terminate().then(() => resolve(m)));
    worker.once('error', reject);
    whileRunning?.(worker);
  });
}

/** One-row write transactions per second straight on better-sqlite3, WAL and synchronous = FULL as the store runs. */
function rawOneRowTransactions(file: string, n: number): number {
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE IF NOT EXISTS raw_binding (id INTEGER PRIMARY KEY, card_id INTEGER NOT NULL, person_id INTEGER NOT NULL, created_at INTEGER NOT NULL)');
  const insert = db.prepare('INSERT INTO raw_binding (card_id, person_id, created_at) VALUES (?, ?, ?)');
  const one = db.transaction((i: number) => insert.run(i, i, Date.now()));
  const started = performance.now();
  for (let i = 0; i < n; i++) one(i);
  const perS = n / ((performance.now() - started) / 1000);
  db.close();
  return perS;
}

/**
 * Holders' upgrades against the raw baseline in alternating rounds (raw, upgrades, raw, upgrades …), each
 * side's rate the mean of its rounds: this disk's fsyncs, and so the baseline, drift by a third within a few
 * minutes (10,000–14,500 commits/s between runs), and alternating puts the drift on both sides alike, as the
 * verify bench does. One client thread for every round, warmed up once.
 */
function upgradeRounds(o: { workerData: object; rounds: number; raw: () => number }): Promise<{ upgrades: number[]; raw: number[]; ok: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./holder-worker.mjs', import.meta.url), { workerData: { ...o.workerData, rounds: o.rounds } });
    const sides = { upgrades: [] as number[], raw: [] as number[], ok: 0 };
    worker.on('message', (m: 'ready' | { ok: number; seconds: number }) => {
      if (m === 'ready') {
        sides.raw.push(o.raw());
        worker.postMessage('go');
        return;
      }
      sides.upgrades.push(m.ok / m.seconds);
      sides.ok += m.ok;
      if (sides.upgrades.length === o.rounds) void worker.terminate().then(() => resolve(sides));
    });
    worker.once('error', reject);
  });
}

/**
 * @example const { upgrades_vs_raw } = await benchUpgrades({ quick: true, log: console.log });
 */
export async function benchUpgrades(opts: { quick: boolean; log: Log }): Promise<Record<string, number>> {
  const { quick, log } = opts;
  const n = quick ? 3000 : 6000;
  // Holders who upgrade first, unmeasured, from the same client thread as the measured ones: until V8 has
  // compiled the path, on the server and in the client alike, the upgrades share the two cores with its
  // compiler threads (after 2,000 upgrades they still took a quarter of the CPU; after 10,000, a twentieth;
  // measured), which a running server has long done.
  const warm = quick ? 4000 : 10_000;
  const tapBatches = quick ? 60 : 200;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ykt-bench-upgrades-'));
  try {
    const system = await openSystem(loadConfig({ YKT_DEMO: 'true', YKT_DATA_DIR: dataDir }), pino({ level: 'silent' }));
    const { ctx } = system;
    await ctx.store.agreements.insert({ version: 1, zh: '交通一卡通升级用户服务协议', en: 'Transportation Card Upgrade User Service Agreement', publishedAt: Date.now() });
    const jobs = await holdersWithCards(system, warm + n + LOOPING_HOLDERS);
    const warming = jobs.slice(0, warm), once = jobs.slice(warm, warm + n), looping = jobs.slice(warm + n);
    const issued = await issueEnrolment(ctx, { kind: 'metro-gate', line: 'L1', station: 'Bench' }, 'bench');
    const auth = `Bearer ${(await enrol(ctx, issued.token, 'bench')).credentials}`;
    const { app, base } = await listenForBench(system, 60_000);

    const rawFile = path.join(dataDir, 'raw.sqlite');
    const up = await upgradeRounds({
      workerData: { base, warmJobs: warming, jobs: once, mode: 'once', inFlight: CONNECTIONS },
      rounds: ROUNDS,
      raw: () => rawOneRowTransactions(rawFile, quick ? 2000 : 3000),
    });
    const upgradesPerS = mean(up.upgrades);
    const rawPerS = mean(up.raw);
    // The same holders each read My cards once: the same client, sessions and HTTP stack with no write, what
    // an authenticated holder request costs here at the least (informative; the ceiling for upgrades_vs_raw).
    const reads = await runWorker<{ ok: number; seconds: number }>('./holder-worker.mjs', { base, warmJobs: warming, jobs: once, mode: 'read', inFlight: CONNECTIONS });
    const readsPerS = reads.ok / reads.seconds;
    const rates = (xs: number[]) => xs.map(Math.round).join(', ');
    log(
      `upgrades: ${up.ok} holders upgraded a new card each through POST /api/v1/kit/cards, ${CONNECTIONS} in flight from a worker thread, ` +
        `in ${ROUNDS} rounds alternating with the baseline's: ${Math.round(upgradesPerS)}/s (${rates(up.upgrades)}); ` +
        `baseline, one-row better-sqlite3 transactions (WAL, synchronous = FULL): ${Math.round(rawPerS)}/s (${rates(up.raw)}); ` +
        `the same holders reading My cards (no write): ${Math.round(readsPerS)}/s`,
    );

    const uploads = (run: number) =>
      uploadTaps({ url: `${base}/api/v1/terminal/taps`, auth, bodies: tapUploadBodies(run, tapBatches), inFlight: TAPS_IN_FLIGHT });
    await uploads(1); // warm-up: the taps table and its index grow past their first pages
    // How busy the server's thread was in each phase: whether a figure is the server's CPU or waiting.
    const busy = async <T extends { seconds: number }>(phase: Promise<T>) => {
      const cpu = mainThreadCpuMs();
      const result = await phase;
      return { ...result, busy: (mainThreadCpuMs() - cpu) / (result.seconds * 1000) };
    };
    const alone = await busy(uploads(2));
    let holders!: Worker;
    const churn = runWorker<{ ok: number }>('./holder-worker.mjs', { base, jobs: looping, mode: 'loop' }, (w) => (holders = w));
    await new Promise((resolve) => setTimeout(resolve, 300)); // every looping holder is writing
    const under = await busy(uploads(3));
    holders.postMessage('stop');
    const churned = await churn;
    const alonePerS = alone.stored / alone.seconds, underPerS = under.stored / under.seconds;
    log(
      `ingest_under_upgrades: ${under.stored} taps in uploads of ${TAP_BATCH}, ${TAPS_IN_FLIGHT} in flight: ${Math.round(underPerS)}/s while ` +
        `${LOOPING_HOLDERS} holders upgraded and unbound in a loop (${churned.ok} holder writes answered), ${Math.round(alonePerS)}/s alone; ` +
        `the server's thread busy ${under.busy.toFixed(2)} of the time with the holders, ${alone.busy.toFixed(2)} alone`,
    );
    await app.close();
    await system.close();
    return {
      upgrades_vs_raw: round3(upgradesPerS / rawPerS),
      upgrades_per_s: Math.round(upgradesPerS),
      upgrades_raw_per_s: Math.round(rawPerS),
      holder_reads_per_s: Math.round(readsPerS),
      holder_reads_vs_raw: round3(readsPerS / rawPerS),
      ingest_under_upgrades: round3(underPerS / alonePerS),
      ingest_alone_per_s: Math.round(alonePerS),
      ingest_with_upgrades_per_s: Math.round(underPerS),
    };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
