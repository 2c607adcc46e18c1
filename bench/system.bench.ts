// Server-side figures over one whole system (real SQLite file in a temp directory, the real API on a
// loopback port, all in this process), each against a baseline in the same run:
//   build_3m_s      the first full list build from the database (read every bound card's facts, compute
//                   values, write list_entry, read it back by card number, encode and sign the snapshot)
//                   for N bindings, scaled linearly to 3 million
//   verify_vs_hello POST /api/v1/terminal/verify req/s (enrolled terminal's credentials, random card
//                   numbers, N bound cards) / req/s of a Fastify hello-world GET on the same machine;
//                   autocannon drives both from a worker thread of this process (its `workers` option),
//                   same connections, alternating rounds; beside it, informative, verify_floor_vs_hello:
//                   a Fastify POST route that only takes verify's body (schema-checked) and sends a verify
//                   answer's bytes and headers, the ceiling for verify_vs_hello on this machine
//   push_p50_ms,    10,000 readers hold GET /api/v1/terminal/events from a child process (node:http,
//   push_p99_ms     parsing the SSE); a signed health-feed write turns a bound card red; time from the
//                   write's sending (its commit included) to each reader having parsed the delta
//   ingest_vs_raw   tap records stored per second through POST /api/v1/terminal/taps, batches of 500
//                   with unique tap ids, 16 uploads in flight, over the bare SQLite insert rate of the
//                   same rows (ingest_per_s and ingest_sqlite_raw_per_s print the two rates)
import BetterSqlite3 from 'better-sqlite3';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fork } from 'node:child_process';
import pino from 'pino';
import { loadConfig } from '../src/config.ts';
import { buildServer } from '../src/http/server.ts';
import { signHealthBatch } from '../src/http/health-feed.ts';
import { openSystem, type System } from '../src/system.ts';
import { buildNextVersion, buildSnapshotNow } from '../src/services/lists/builder.ts';
import { enrol, issueEnrolment } from '../src/services/operator/terminals.ts';
import { mean, round3, xorshift } from './reader.bench.ts';
import { TAP_BATCH, tapCardKey, tapId, tapUploadBodies, uploadTaps } from './tap-uploads.ts';

type Log = (line: string) => void;

const PUSH_PERSON = { type: 'passport', number: 'E12345678', state: 'GBR' } as const;
/** Readers connected to one node for push_p*_ms: a third of a city's 30,000. */
const PUSH_READERS = 10_000;

export async function benchSystem(opts: { quick: boolean; log: Log }): Promise<Record<string, number>> {
  const { quick, log } = opts;
  const bound = quick ? 100_000 : 1_000_000;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ykt-bench-'));
  const results: Record<string, number> = {};
  try {
    const config = loadConfig({ YKT_DEMO: 'true', YKT_DATA_DIR: dataDir });
    const system = await openSystem(config, pino({ level: 'silent' }));
    const ctx = system.ctx;
    await ctx.store.agreements.current().catch(() => undefined); // the store is open and migrated

    // Seed N persons, cards, bindings and health records straight into SQLite: one transaction, prepared statements.
    let t = performance.now();
    const cards = seed(path.join(dataDir, 'ykt.sqlite'), bound, ctx.personalData.documentKey(PUSH_PERSON as never), Date.now());
    log(`system: seeded ${bound.toLocaleString('en')} bound cards in ${((performance.now() - t) / 1000).toFixed(1)} s`);

    // full_rebuild_3m_s (informative): the first full build recomputes every card's value from its binding,
    // card and health record, as a policy change does.
    t = performance.now();
    const built = await buildNextVersion(ctx);
    const rebuildS = (performance.now() - t) / 1000;
    if (!built) throw new Error('nothing built');
    results.full_rebuild_3m_s = round3(rebuildS * (3_000_000 / bound));
    log(`full_rebuild_3m_s: recomputing every value from SQLite for ${bound.toLocaleString('en')} bindings took ${rebuildS.toFixed(2)} s, scaled ×${3_000_000 / bound} to 3 M`);

    // build_3m_s: a snapshot of the current list read from the database, encoded and signed, as the builder
    // makes one every few hundred versions for readers far behind.
    t = performance.now();
    const snapshotBytes = await buildSnapshotNow(ctx);
    const buildS = (performance.now() - t) / 1000;
    results.build_3m_s = round3(buildS * (3_000_000 / bound));
    log(`build_3m_s: snapshot of ${bound.toLocaleString('en')} bindings from SQLite (${snapshotBytes} bytes) took ${buildS.toFixed(2)} s, scaled ×${3_000_000 / bound} to 3 M`);

    const { app, base } = await listenForBench(system, 60_000);
    await waitFor(() => app.parts.publisher.version === built.version, 30_000);

    const { token } = await issueEnrolment(ctx, { kind: 'metro-gate', line: 'L1', station: 'Bench' }, 'bench');
    const { credentials } = await enrol(ctx, token, 'bench');
    const auth = `Bearer ${credentials}`;

    Object.assign(results, await benchVerify({ quick, log, base, auth, cards }));
    Object.assign(results, await benchPush({ quick, log, base, auth, ctx: { key: ctx.secrets.healthFeedKey }, version: () => app.parts.publisher.version }));
    // The readers' streams are closed on the server too before the next figure: 10,000 hang-ups are work.
    await waitFor(() => app.parts.publisher.subscribers === 0, 30_000);
    Object.assign(results, await benchIngest({ quick, log, base, auth, sqliteFile: path.join(dataDir, 'ykt.sqlite') }));

    await app.close();
    await system.close();
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return results;
}

/**
 * The real server on a loopback port, with no idle timeouts on the long-lived SSE and keep-alive connections
 * (inside the bench only): `keepAliveMs` is how long a kept-alive socket may sit idle.
 */
export async function listenForBench(system: System, keepAliveMs: number): Promise<{ app: Awaited<ReturnType<typeof buildServer>>; base: string }> {
  const app = await buildServer(system.ctx, { outbox: system.outbox });
  app.server.keepAliveTimeout = keepAliveMs;
  app.server.requestTimeout = 0;
  // The push bench's 10,000 readers, and the load generators' connections beside them.
  app.server.maxConnections = 12_000;
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, base: `http://127.0.0.1:${(app.server.address() as { port: number }).port}` };
}

/** Inserts N persons with a green fresh test, N cards and N active bindings; returns the card numbers. */
export function seed(file: string, n: number, pushDocKey: string, now: number): string[] {
  const db = new BetterSqlite3(file);
  db.pragma('synchronous = OFF');
  db.pragma('foreign_keys = OFF');
  const rand = xorshift(0x2545f491);
  const cards: string[] = new Array(n);
  const seen = new Set<string>();
  db.transaction(() => {
    db.prepare(`INSERT OR IGNORE INTO agreement (version, zh, en, published_at) VALUES (1, '协议', 'agreement', ?)`).run(now);
    const person = db.prepare(`INSERT INTO person (id, doc_type, doc_key, doc_sealed, doc_masked, created_at) VALUES (?, 'passport', ?, NULL, NULL, ?)`);
    const card = db.prepare(`INSERT INTO card (id, number, medium, product, state, deposit_fen, balance_fen, updated_at) VALUES (?, ?, 'physical', 'ordinary', 'active', 2000, 0, ?)`);
    const binding = db.prepare(`INSERT INTO binding (card_id, person_id, medium, channel, agreement_version, created_at) VALUES (?, ?, 'physical', 'kit', 1, ?)`);
    const health = db.prepare(`INSERT INTO health_record (doc_key, record_id, colour, tested_at, recorded_at, received_at) VALUES (?, ?, 'green', ?, ?, ?)`);
    for (let i = 1; i <= n; i++) {
      let number: string;
      do {
        number = '6214' + String(rand() % 1e8).padStart(8, '0') + String(rand() % 1e7).padStart(7, '0');
      } while (seen.has(number));
      seen.add(number);
      cards[i - 1] = number;
      const docKey = i === 1 ? pushDocKey : `bench-${i}`;
      person.run(i, docKey, now);
      card.run(i, number, now);
      binding.run(i, i, now);
      health.run(docKey, `seed-${i}`, now - 3_600_000, now - 3_600_000, now);
    }
    db.prepare(`INSERT INTO change_log (at, kind, card_id, person_id) VALUES (?, 'binding.created', 1, 1)`).run(now);
  })();
  db.close();
  return cards;
}

async function benchVerify(o: { quick: boolean; log: Log; base: string; auth: string; cards: string[] }): Promise<Record<string, number>> {
  // Alternating rounds of each side rather than one long run of each: the machine's speed drifts within a
  // run (the hello-world side alone moved from 19,000 to 25,000 req/s between two runs a few seconds apart),
  // and alternating lets the drift fall on both sides alike.
  const rounds = o.quick ? 3 : 5;
  const duration = 2;
  const connections = 32;
  const hello = Fastify({ logger: false });
  hello.get('/', async () => ({ hello: 'world' }));
  await hello.listen({ port: 0, host: '127.0.0.1' });
  const helloUrl = `http://127.0.0.1:${(hello.server.address() as { port: number }).port}/`;
  const rand = xorshift(0x1234567);
  // The client in a thread of its own: sharing the servers' thread, it spent as much CPU parsing each answer
  // (http-parser-js) as the server spent making it, and left the machine's second core half idle.
  const run = (opts: autocannon.Options) => autocannon({ connections, duration, workers: 1, ...opts });
  // A short warm-up of each, then the measured runs.
  await run({ url: helloUrl, duration: 1 });
  const verifyOpts: autocannon.Options = {
    url: `${o.base}/api/v1/terminal/verify`,
    method: 'POST',
    headers: { authorization: o.auth, 'content-type': 'application/json' },
    // Bodies made up front (90 % bound cards, 10 % not) and cycled, so that the client costs no more
    // per request than for the hello-world route.
    requests: Array.from({ length: 256 }, () => {
      const card = rand() % 10 === 0 ? '7' + o.cards[rand() % o.cards.length]!.slice(1) : o.cards[rand() % o.cards.length]!;
      return { method: 'POST' as const, body: `{"cardNumber":"${card}"}` };
    }),
  };
  await run({ ...verifyOpts, duration: 1 });
  // Informative, a third side: what any Fastify route costs that takes verify's request and sends its answer
  // (a POST with the same JSON body, validated by a schema as verify's is, answered with the bytes and headers
  // of a real verify answer) and does nothing else. verify_vs_hello cannot go above this floor's ratio.
  const floor = await answeringLikeVerify(`${o.base}/api/v1/terminal/verify`, o.auth, o.cards[0]!);
  await run({ ...verifyOpts, url: floor.url, duration: 1 });
  const helloRps: number[] = [];
  const verifyRps: number[] = [];
  const floorRps: number[] = [];
  let bad = 0;
  let total = 0;
  // How busy the servers' thread was on each side: near 1, the server (not the client) set the pace.
  const busy = { hello: 0, verify: 0 };
  for (let r = 0; r < rounds; r++) {
    let cpu = mainThreadCpuMs();
    helloRps.push((await run({ url: helloUrl })).requests.average);
    busy.hello += (mainThreadCpuMs() - cpu) / (rounds * duration * 1000);
    cpu = mainThreadCpuMs();
    const v = await run(verifyOpts);
    busy.verify += (mainThreadCpuMs() - cpu) / (rounds * duration * 1000);
    verifyRps.push(v.requests.average);
    bad += v.non2xx + v.errors + v.timeouts;
    total += v.requests.total;
    const f = await run({ ...verifyOpts, url: floor.url });
    floorRps.push(f.requests.average);
    bad += f.non2xx + f.errors + f.timeouts;
  }
  await hello.close();
  await floor.close();
  if (bad > 0) o.log(`verify: ${bad} of ${total} requests failed or were not 2xx`);
  const h = mean(helloRps), v = mean(verifyRps), fl = mean(floorRps);
  o.log(
    `verify_vs_hello: autocannon in a worker thread, ${connections} connections, ${rounds} alternating rounds of ${duration} s per side. ` +
      `verify: POST /api/v1/terminal/verify (terminal credentials, JSON schema, online decide()) ${verifyRps.map(Math.round).join(', ')} req/s; ` +
      `hello: Fastify GET / → {"hello":"world"} ${helloRps.map(Math.round).join(', ')} req/s; ` +
      `floor: a Fastify POST taking verify's body through a schema and sending a verify answer's bytes and headers, nothing else, ${floorRps.map(Math.round).join(', ')} req/s; ` +
      `the servers' thread busy ${busy.verify.toFixed(2)} of the verify rounds, ${busy.hello.toFixed(2)} of the hello rounds`,
  );
  return { verify_vs_hello: round3(v / h), verify_rps: Math.round(v), hello_rps: Math.round(h), verify_floor_vs_hello: round3(fl / h), verify_vs_floor: round3(v / fl) };
}

/** A Fastify server whose one route takes verify's request (same body schema) and answers with a real verify answer's bytes and headers. */
async function answeringLikeVerify(verifyUrl: string, auth: string, card: string): Promise<{ url: string; close: () => Promise<void> }> {
  const answer = await fetch(verifyUrl, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify({ cardNumber: card }) });
  const body = await answer.text();
  // Per connection or per answer, Node sets these itself.
  const headers = Object.fromEntries([...answer.headers].filter(([name]) => !['date', 'connection', 'keep-alive', 'content-length'].includes(name)));
  const app = Fastify({ logger: false });
  // The body schema verify's route declares (src/http/terminal.ts).
  const schema = { body: { type: 'object', required: ['cardNumber'], properties: { cardNumber: { type: 'string', maxLength: 40 } } } };
  app.post('/', { schema }, (_request, reply) => void reply.headers(headers).send(body));
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { url: `http://127.0.0.1:${(app.server.address() as { port: number }).port}/`, close: () => app.close() };
}

/** CPU time of this process's main thread (where the servers run), in ms; NaN off Linux. */
export function mainThreadCpuMs(): number {
  try {
    // Fields 14 and 15 of /proc/<pid>/task/<tid>/stat (after the name): user and system time in clock ticks of 10 ms.
    const fields = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

async function benchPush(o: { quick: boolean; log: Log; base: string; auth: string; ctx: { key: Buffer }; version: () => number }): Promise<Record<string, number>> {
  const readers = PUSH_READERS;
  // The readers live in a child process: 10,000 sockets on each end would not fit one process's open files.
  const child = fork(new URL('./push-readers.mjs', import.meta.url), [JSON.stringify({ base: o.base, auth: o.auth, from: o.version(), count: readers })], {
    execArgv: [],
  });
  const next = <T>() => new Promise<T>((resolve, reject) => {
    child.once('message', (m) => resolve(m as T));
    child.once('error', reject);
    child.once('exit', (code, signal) => reject(new Error(`push readers exited (${code ?? signal}) before answering`)));
  });
  const t = performance.now();
  const { connected, failed } = await next<{ connected: number; failed: number }>();
  o.log(`push: ${connected.toLocaleString('en')} readers connected in ${((performance.now() - t) / 1000).toFixed(1)} s${failed ? `, ${failed} failed to connect` : ''}`);
  await sleep(1000); // let the streams settle (first frames parsed)

  // The health change: the pushed person turns red. The readers wait for its version before it is made.
  const before = o.version();
  child.send({ target: before + 1, waitMs: 15_000 });
  await next<{ armed: true }>();
  const reply = next<{ arrived: Array<number | null> }>();
  const body = JSON.stringify({ records: [{ recordId: `push-${Date.now()}`, document: PUSH_PERSON, colour: 'red', testedAt: Date.now() - 3_600_000, recordedAt: Date.now() }] });
  // From the moment the write is sent, its own handling and commit included: the server runs in this process,
  // so the moment this code sees the answer comes after whatever the server did first — the build and the push
  // to every stream, when those ran before the answer's reading got its turn (all readers then seemed to hold
  // the change before the write was answered). Epoch milliseconds with sub-millisecond precision, as the child
  // measures arrivals (one machine, one clock).
  const sent = performance.timeOrigin + performance.now();
  const res = await fetch(`${o.base}/api/v1/health-feed/records`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-ykt-signature': signHealthBatch(o.ctx.key, body, Date.now()) },
    body,
  });
  const answer = (await res.json()) as { stored?: number };
  if (res.status !== 200 || answer.stored !== 1) throw new Error(`health write refused: ${res.status} ${JSON.stringify(answer)}`);
  const { arrived } = await reply;
  const lat = arrived.map((x) => (x === null ? Infinity : x - sent)).sort((a, b) => a - b);
  const missed = lat.filter((x) => x === Infinity).length;
  const pct = (p: number) => lat[Math.min(lat.length - 1, Math.ceil((p / 100) * lat.length) - 1)]!;
  o.log(
    `push: ${readers.toLocaleString('en')} readers on SSE (a child process, node:http, parsing every frame); from the health write's sending until delta ${before} → ${o.version()} reached them: ` +
      `p50 ${pct(50).toFixed(0)} ms, p99 ${pct(99).toFixed(0)} ms, max ${pct(100).toFixed(0)} ms${missed ? `, ${missed} never got it within 15 s` : ''}`,
  );
  return { push_readers: connected, push_p50_ms: round3(pct(50)), push_p99_ms: round3(pct(99)) };
}

async function benchIngest(o: { quick: boolean; log: Log; base: string; auth: string; sqliteFile: string }): Promise<Record<string, number>> {
  const batches = o.quick ? 100 : 400;
  // Thousands of readers upload at once in a city; sixteen concurrent uploads is a modest stand-in.
  const inFlight = 16;
  const now = Date.now();
  const bodies = tapUploadBodies(1, batches);
  const { stored, seconds: s } = await uploadTaps({ url: `${o.base}/api/v1/terminal/taps`, auth: o.auth, bodies, inFlight });
  if (stored !== bodies.length * TAP_BATCH) throw new Error(`stored ${stored} of ${bodies.length * TAP_BATCH} taps`);

  // Baseline: the same rows straight into the same table with one prepared statement, one transaction per batch.
  const db = new BetterSqlite3(o.sqliteFile);
  db.pragma('synchronous = FULL');
  const insert = db.prepare(
    `INSERT INTO tap (tap_id, terminal_id, card_key, decision, at, online, list_version, received_at) VALUES (?, 'TBENCH', ?, 'PASS', ?, 0, 1, ?) ON CONFLICT (tap_id) DO NOTHING`,
  );
  const rawBatches = Math.min(batches, 100);
  const t1 = performance.now();
  for (let b = 0; b < rawBatches; b++) {
    db.transaction(() => {
      for (let i = 0; i < TAP_BATCH; i++) insert.run(tapId(2, b, i), tapCardKey(b, i), now, now);
    })();
  }
  const rawS = (performance.now() - t1) / 1000;
  db.close();
  const perS = stored / s, rawPerS = (rawBatches * TAP_BATCH) / rawS;
  o.log(
    `ingest: ${stored.toLocaleString('en')} taps in ${bodies.length} uploads of ${TAP_BATCH}, ${inFlight} in flight from a worker thread: ${Math.round(perS)} taps/s; ` +
      `baseline, bare better-sqlite3 prepared insert of the same rows, one transaction per 500: ${Math.round(rawPerS)} taps/s`,
  );
  return { ingest_vs_raw: round3(perS / rawPerS), ingest_per_s: Math.round(perS), ingest_sqlite_raw_per_s: Math.round(rawPerS) };
}

/** Resolves once `cond` holds, asking every 10 ms; rejects after `ms`. */
export async function waitFor(cond: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error('timed out');
    await sleep(10);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
