// The health authority's webhook over a whole system (real SQLite file, the real API on a loopback port,
// the authority in a worker thread: bench/health-feed-worker.mjs), with 10 % of the people in the records
// bound to a card (seeded straight into SQLite):
//   health_feed_vs_raw         records stored per second through POST /api/v1/health-feed/records (signed
//                              batches of 2,000, 4 in flight) / a bare better-sqlite3 prepared upsert of the
//                              same rows (the feed's document keys and values) into an empty health_record
//                              of the store's schema, one transaction per batch, as the store runs (WAL,
//                              synchronous = FULL, its page cache, no checkpoint in the commit), same run
//   mass_testing_to_readers_s  3 M records (300 k in --quick), newer than those held, posted as fast as the
//                              server answers while 1,000 readers hold the push stream; seconds from the
//                              last answer until every reader has received the list version that holds the
//                              last change the records made (a version is its last change's sequence number)
import BetterSqlite3 from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import pino from 'pino';
import { loadConfig } from '../src/config.ts';
import { buildNextVersion } from '../src/services/lists/builder.ts';
import { enrol, issueEnrolment } from '../src/services/operator/terminals.ts';
import type { PersonalData } from '../src/services/personal-data.ts';
import { openSystem } from '../src/system.ts';
import { round3 } from './reader.bench.ts';
import { holdReaders } from './sse-readers.ts';
import { listenForBench, waitFor } from './system.bench.ts';

type Log = (line: string) => void;

const BATCH = 2_000;
const IN_FLIGHT = 4;
const READERS = 1000;
/** Every tenth person in the records is bound to a card. */
const BOUND_EVERY = 10;

/** What the worker reports once every batch is answered. */
export interface FeedRun {
  stored: number;
  superseded: number;
  rejected: number;
  seconds: number;
  /** ms since the epoch when the last answer arrived. */
  lastAnswer: number;
}

/**
 * Posts records for people first … first+count-1 as the health authority, from a worker thread,
 * `inFlight` batches at a time (4 unless told).
 * @example const run = await postRecords({ url, key, run: 'a', first: 0, count: 100_000, recordedAt: Date.now() });
 */
export function postRecords(o: { url: string; key: Buffer; run: string; first: number; count: number; recordedAt: number; inFlight?: number }): Promise<FeedRun> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./health-feed-worker.mjs', import.meta.url), {
      workerData: { ...o, key: o.key.toString('hex'), batch: BATCH, inFlight: o.inFlight ?? IN_FLIGHT },
    });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

export async function benchHealthFeed(opts: { quick: boolean; log: Log }): Promise<Record<string, number>> {
  const { quick, log } = opts;
  const rateRecords = quick ? 100_000 : 500_000;
  const massRecords = quick ? 300_000 : 3_000_000;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ykt-bench-feed-'));
  const results: Record<string, number> = {};
  try {
    const system = await openSystem(loadConfig({ YKT_DEMO: 'true', YKT_DATA_DIR: dataDir }), pino({ level: 'silent' }));
    const ctx = system.ctx;
    await ctx.store.agreements.current().catch(() => undefined); // the store is open and migrated
    const sqliteFile = path.join(dataDir, 'ykt.sqlite');
    const bound = seedBound(sqliteFile, massRecords, ctx.personalData, Date.now());
    if (!(await buildNextVersion(ctx))) throw new Error('nothing built');
    const { app, base } = await listenForBench(system, 600_000);
    const publisher = app.parts.publisher;
    const url = `${base}/api/v1/health-feed/records`;
    const key = ctx.secrets.healthFeedKey;
    const t0 = Date.now() - 2 * 3_600_000;

    // health_feed_vs_raw
    const rate = await postRecords({ url, key, run: 'rate', first: 0, count: rateRecords, recordedAt: t0 });
    if (rate.stored !== rateRecords) throw new Error(`stored ${rate.stored} of ${rateRecords} records`);
    const perS = rate.stored / rate.seconds;
    await publisher.idle();
    const rows = feedRows(ctx.personalData, 'rate', rateRecords, t0);
    const rawPerS = rawUpsertRate(sqliteFile, path.join(dataDir, 'raw.sqlite'), rows);
    // Informative: the same upsert with ascending keys (what this baseline used before it took the feed's own
    // rows), each appended at the right edge of the index instead of on a page of its own.
    const ascendingPerS = rawUpsertRate(sqliteFile, path.join(dataDir, 'raw-ascending.sqlite'), rows.map((row, i) => ({ ...row, docKey: `raw-${i.toString(36).padStart(39, '0')}` })));
    results.health_feed_vs_raw = round3(perS / rawPerS);
    results.health_feed_per_s = Math.round(perS);
    results.health_feed_raw_per_s = Math.round(rawPerS);
    results.health_feed_raw_ascending_per_s = Math.round(ascendingPerS);
    log(
      `health feed: ${rate.stored.toLocaleString('en')} records (${bound === 0 ? 0 : 100 / BOUND_EVERY} % bound) in signed batches of ${BATCH}, ${IN_FLIGHT} in flight ` +
        `from a worker thread: ${Math.round(perS)} records/s; baseline, bare better-sqlite3 prepared upsert of the same rows into an empty table, one transaction per ${BATCH}: ` +
        `${Math.round(rawPerS)} records/s (with ascending keys instead: ${Math.round(ascendingPerS)} records/s)`,
    );

    // mass_testing_to_readers_s
    const { token } = await issueEnrolment(ctx, { kind: 'metro-gate', line: 'L1', station: 'Bench' }, 'bench');
    const { credentials } = await enrol(ctx, token, 'bench');
    await publisher.poke();
    const readers = holdReaders({ base, auth: `Bearer ${credentials}`, from: publisher.version, count: READERS });
    await waitFor(() => readers.connected() === READERS, 60_000);
    const mass = await postRecords({ url, key, run: 'mass', first: 0, count: massRecords, recordedAt: t0 + 3_600_000 });
    if (mass.stored !== massRecords) throw new Error(`stored ${mass.stored} of ${massRecords} records`);
    const last = lastChange(sqliteFile);
    const received = (r: number) => readers.seen[r]!.find((d) => d.version >= last);
    await waitFor(() => readers.seen.every((_, r) => received(r) !== undefined), 120_000).catch(() => undefined);
    const arrivals = readers.seen.map((_, r) => received(r)?.at ?? Infinity);
    const missed = arrivals.filter((at) => at === Infinity).length;
    const seconds = (performance.timeOrigin + Math.max(...arrivals) - mass.lastAnswer) / 1000;
    await readers.close();
    results.mass_testing_to_readers_s = missed ? Infinity : round3(Math.max(0, seconds));
    results.mass_testing_per_s = Math.round(mass.stored / mass.seconds);
    log(
      `mass testing: ${mass.stored.toLocaleString('en')} records (${bound.toLocaleString('en')} bound people) in ${mass.seconds.toFixed(1)} s with ${READERS} readers on SSE; ` +
        `the last reader held version ${last} (the last change) ${missed ? `never: ${missed} readers missed it` : `${seconds.toFixed(2)} s after the last answer`}`,
    );
    await app.close();
    await system.close();
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return results;
}

/** Binds a card to every tenth of people 0 … n-1 (the worker's documents), one transaction; returns how many. Also for profiling drivers. */
export function seedBound(file: string, n: number, personalData: PersonalData, now: number): number {
  const db = new BetterSqlite3(file);
  db.pragma('synchronous = OFF');
  let count = 0;
  db.transaction(() => {
    db.prepare(`INSERT OR IGNORE INTO agreement (version, zh, en, published_at) VALUES (1, '协议', 'agreement', ?)`).run(now);
    const person = db.prepare(`INSERT INTO person (id, doc_type, doc_key, doc_sealed, doc_masked, created_at) VALUES (?, 'hk-macao-permit', ?, NULL, NULL, ?)`);
    const card = db.prepare(`INSERT INTO card (id, number, medium, product, state, deposit_fen, balance_fen, updated_at) VALUES (?, ?, 'physical', 'ordinary', 'active', 2000, 0, ?)`);
    const binding = db.prepare(`INSERT INTO binding (card_id, person_id, medium, channel, agreement_version, created_at) VALUES (?, ?, 'physical', 'kit', 1, ?)`);
    for (let i = 0; i < n; i += BOUND_EVERY) {
      const id = ++count;
      person.run(id, personalData.documentKey({ type: 'hk-macao-permit', number: `H${String(i).padStart(8, '0')}` }), now);
      card.run(id, `6214${String(i).padStart(12, '0')}`, now);
      binding.run(id, id, now);
    }
    db.prepare(`INSERT INTO change_log (at, kind, card_id, person_id) VALUES (?, 'binding.created', 1, 1)`).run(now);
  })();
  db.close();
  return count;
}

interface FeedRow {
  docKey: string;
  recordId: string;
  colour: string;
  testedAt: number;
  recordedAt: number;
}

/** The health_record rows the worker's records for people 0 … n-1 become (health-feed-worker.mjs's record()). */
function feedRows(personalData: PersonalData, run: string, n: number, recordedAt: number): FeedRow[] {
  return Array.from({ length: n }, (_, i) => ({
    docKey: personalData.documentKey({ type: 'hk-macao-permit', number: `H${String(i).padStart(8, '0')}` }),
    recordId: `${run}-${i}`,
    colour: i % 7 === 0 ? 'yellow' : 'green',
    testedAt: recordedAt - 3_600_000,
    recordedAt,
  }));
}

/**
 * Records per second of a bare prepared upsert of `rows` into an empty health_record of the store's schema
 * (taken from storeFile) in a file of its own, in transactions of BATCH, on a connection set as the store's:
 * WAL, synchronous = FULL, the same page cache. SQLite's automatic checkpoint is off, as the store turns it
 * off to checkpoint in a thread of its own: left on, the baseline's commits would pay for copying the WAL
 * back, which the server's never do, and flatter the ratio.
 */
function rawUpsertRate(storeFile: string, file: string, rows: FeedRow[]): number {
  const store = new BetterSqlite3(storeFile);
  const schema = store.prepare(`SELECT sql FROM sqlite_master WHERE tbl_name = 'health_record' AND sql IS NOT NULL ORDER BY type DESC`).pluck().all() as string[];
  // The server is idle, but its checkpoint thread may still be copying the feed's WAL back: that disk work
  // would slow the baseline and flatter the ratio. Copied to the end here first, before the clock starts.
  store.pragma('busy_timeout = 10000');
  for (;;) {
    const [result] = store.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
    if (!result?.busy) break;
  }
  store.close();
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('cache_size = -262144');
  db.pragma('wal_autocheckpoint = 0');
  for (const statement of schema) db.exec(statement);
  const upsert = db.prepare(
    `INSERT INTO health_record (doc_key, record_id, colour, tested_at, recorded_at, received_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (doc_key) DO UPDATE SET record_id = excluded.record_id, colour = excluded.colour, tested_at = excluded.tested_at,
       recorded_at = excluded.recorded_at, received_at = excluded.received_at WHERE health_record.recorded_at < excluded.recorded_at`,
  );
  const started = performance.now();
  for (let from = 0; from < rows.length; from += BATCH) {
    db.transaction(() => {
      for (let i = from; i < Math.min(rows.length, from + BATCH); i++) {
        const r = rows[i]!;
        upsert.run(r.docKey, r.recordId, r.colour, r.testedAt, r.recordedAt, Date.now());
      }
    })();
  }
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return rows.length / seconds;
}

/** The change log's last sequence number: the list version that holds every change made so far. */
function lastChange(file: string): number {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return Number((db.prepare('SELECT max(seq) AS seq FROM change_log').get() as { seq: number }).seq);
  } finally {
    db.close();
  }
}
