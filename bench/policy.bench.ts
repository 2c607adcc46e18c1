// An entry policy published over a whole system (real SQLite file, the real API on a loopback port, all in
// this process), with 3 million bindings (300,000 in --quick), readers on the push stream and holders
// upgrading cards meanwhile:
//   policy_publish_ms      an operator (signed in through POST /api/v1/staff-session/login) publishes a
//   (p99), _p50_ms         48-hour policy through POST /api/v1/admin/policies, effective at once; time from
//                          the publish request's sending to each reader having received the whole first
//                          delta whose list carries the policy (not from its answer: the server runs in
//                          this process, and may push before this code gets to read the answer)
//   policy_write_stall_ms  2 holders upgrade cards one after another (POST /api/v1/kit/cards) all along;
//                          the longest upgrade during the publish (from its request until the last reader
//                          has the policy) minus the longest in an equal window just before it, floor 0
// Nothing here reads the list format: versions come from the SSE frames, and "the list carries the policy"
// from the server's own reader list (the SDK's ReaderList.policyVersion), as any reader would know it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import pino from 'pino';
import { loadConfig } from '../src/config.ts';
import { buildNextVersion } from '../src/services/lists/builder.ts';
import type { ListPublisher } from '../src/services/lists/publisher.ts';
import { addStaff } from '../src/services/operator/staff.ts';
import { enrol, issueEnrolment } from '../src/services/operator/terminals.ts';
import { openSystem } from '../src/system.ts';
import { holdersWithCards } from './postgres.bench.ts';
import { round3 } from './reader.bench.ts';
import { holdReaders, type HeldReaders } from './sse-readers.ts';
import { listenForBench, seed, sleep, waitFor } from './system.bench.ts';
import { writeStream, type WriteStream } from './write-stream.ts';

type Log = (line: string) => void;

const READERS = 1000;
const OPERATOR = { username: 'bench-operator', displayName: 'Bench operator', role: 'operator', password: 'bench-operator-password' } as const;

export async function benchPolicy(opts: { quick: boolean; log: Log }): Promise<Record<string, number>> {
  const { quick, log } = opts;
  const bound = quick ? 300_000 : 3_000_000;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ykt-bench-policy-'));
  try {
    const { system, app, base, auth, operator, jobs, seedS } = await policySystem(dataDir, bound, quick, log);
    const publisher = app.parts.publisher;
    const publish = (version: number, hours: number, readers: HeldReaders, timeoutMs: number) =>
      publishAndWatch({ base, operator, publisher, readers, policy: { version, maxTestAgeHours: hours }, timeoutMs });

    // A rehearsal with one reader: the size of the frame a policy change sends each reader. The server
    // writes that frame to every stream at once, so a list format that resends every card (MBs at 300 k,
    // tens of MB at 3 M) cannot go to 1,000 readers in one process's memory; the run then holds as many as
    // fit, and says so.
    // The upgrades run from before it, so that a publish that never reaches a reader still shows its stall.
    const probe = holdReaders({ base, auth, from: publisher.version, count: 1 });
    await waitFor(() => probe.connected() === 1, 10_000);
    const writes = writeStream({ base, jobs, writers: 2, pauseMs: 100 });
    const warmUpMs = quick ? 6_000 : 12_000;
    await untilQuiet(writes, warmUpMs, log);
    const rehearsal = await publish(2, 7 * 24, probe, quick ? 60_000 : 180_000);
    await probe.close();
    const frameBytes = rehearsal.frameBytes[0]!;
    let measured = rehearsal;
    let readerCount = 1;
    if (Number.isNaN(frameBytes)) {
      log(`policy: the rehearsal's 7-day policy (v2) never reached its reader within ${((rehearsal.until - rehearsal.sent) / 1000).toFixed(1)} s: figures below are from it, with 1 reader (BENCH_LOG_LEVEL=error shows the server's errors)`);
      await writes.stop();
    } else {
      // The server holds each reader's frame as a string in its JavaScript heap until the socket takes it
      // (a full 4 GB heap ends the process), and in memory until the reader has read it.
      const heap = v8.getHeapStatistics();
      const budget = Math.min(6 * 2 ** 30, os.freemem() / 3, (heap.heap_size_limit - heap.used_heap_size) * 0.4);
      readerCount = Math.max(1, Math.min(READERS, Math.floor(budget / frameBytes)));
      log(
        `policy: rehearsal (7-day policy v2, 1 reader): frame ${(frameBytes / 1e6).toFixed(2)} MB, received ${(rehearsal.latency[0]! / 1000).toFixed(2)} s after the publish was sent; ` +
          `${readerCount === READERS ? `${READERS} readers fit` : `only ${readerCount} of ${READERS} readers fit`} in ${(budget / 2 ** 30).toFixed(1)} GiB`,
      );
      const readers = holdReaders({ base, auth, from: publisher.version, count: readerCount });
      await waitFor(() => readers.connected() === readerCount, 60_000);
      await untilQuiet(writes, warmUpMs, log); // the streams settle, and the rehearsal's aftermath passes
      const stalls = monitorEventLoopDelay({ resolution: 20 });
      stalls.enable();
      measured = await publish(3, 48, readers, quick ? 120_000 : 600_000);
      stalls.disable();
      log(`policy: event loop delay during the publish: max ${(stalls.max / 1e6).toFixed(0)} ms, p99 ${(stalls.percentile(99) / 1e6).toFixed(0)} ms`);
      // The upgrades end before the readers hang up: closing 1,000 streams holds the server's event loop
      // for about half a second, which an upgrade still under way would count against the publish.
      await writes.stop();
      await readers.close();
    }
    const stall = writeStall(writes, measured.sent, measured.until, warmUpMs);
    const maxRssGiB = process.resourceUsage().maxRSS / 2 ** 20;

    const lat = [...measured.latency].sort((a, b) => a - b);
    const missed = lat.filter((x) => x === Infinity).length;
    const pct = (p: number) => lat[Math.min(lat.length - 1, Math.ceil((p / 100) * lat.length) - 1)]!;
    log(
      `policy_publish: ${measured === rehearsal ? '7-day policy (v2)' : '48-hour policy (v3)'} over ${bound.toLocaleString('en')} bindings, answered in ${(measured.answered - measured.sent).toFixed(0)} ms; ` +
        `${Number.isFinite(measured.target) ? `list version ${measured.target} carries it` : 'no list version carried it'}; ${readerCount} reader(s) received it ` +
        `p50 ${pct(50).toFixed(0)} ms, p99 ${pct(99).toFixed(0)} ms, max ${pct(100).toFixed(0)} ms after the publish was sent${missed ? ` (${missed} never, within the timeout)` : ''}; ` +
        `frame ${(measured.frameBytes[0]! / 1e6).toFixed(2)} MB; bench process peak RSS ${maxRssGiB.toFixed(1)} GiB`,
    );
    log(
      `policy_write_stall: ${writes.writes.length} upgrades by 2 holders in a row (${writes.refused()} refused, ${writes.failed()} without an answer${writes.exhausted() ? ', ran out of holders' : ''}); ` +
        `longest ${stall.during.toFixed(0)} ms during the publish (${(stall.window / 1000).toFixed(2)} s); in each of the ${stall.windows} windows as long before it, ` +
        `at most ${stall.before.toFixed(0)} ms, typically ${stall.typical.toFixed(0)} ms`,
    );
    await app.close();
    await system.close();
    return {
      policy_publish_ms: round3(pct(99)),
      policy_publish_p50_ms: round3(pct(50)),
      // The publish request itself (the operator's wait); readers are timed from its sending.
      policy_publish_answer_ms: round3(measured.answered - measured.sent),
      policy_readers: readerCount,
      // How much longer than any write in the quiet windows of the same length the longest write during the
      // publish took: 0 when the publish held no write up beyond what writes do anyway.
      policy_write_stall_ms: round3(Math.max(0, stall.during - stall.before)),
      policy_write_max_during_ms: round3(stall.during),
      policy_write_max_before_ms: round3(stall.before),
      policy_write_typical_max_ms: round3(stall.typical),
      policy_seed_s: round3(seedS),
    };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * A system with `bound` bindings seeded straight into SQLite and their first list built, `quick ? 1000 : 3000`
 * holders signed in with an unbound card each, an enrolled reader, and an operator signed in through the API.
 */
async function policySystem(dataDir: string, bound: number, quick: boolean, log: Log) {
  const system = await openSystem(loadConfig({ YKT_DEMO: 'true', YKT_DATA_DIR: dataDir }), pino({ level: process.env.BENCH_LOG_LEVEL ?? 'silent' }));
  const ctx = system.ctx;
  await ctx.store.agreements.current().catch(() => undefined); // the store is open and migrated
  let t = performance.now();
  seed(path.join(dataDir, 'ykt.sqlite'), bound, 'bench-1', Date.now());
  const seedS = (performance.now() - t) / 1000;
  log(`policy: seeded ${bound.toLocaleString('en')} bindings${quick ? ' (quick: 300,000, not 3 M)' : ''} straight into SQLite in ${seedS.toFixed(1)} s`);
  t = performance.now();
  const built = await buildNextVersion(ctx);
  if (!built) throw new Error('nothing built');
  log(`policy: first list build ${((performance.now() - t) / 1000).toFixed(1)} s`);
  t = performance.now();
  const jobs = await holdersWithCards(system, quick ? 1000 : 3000);
  log(`policy: ${jobs.length} holders signed in, each with an unbound card, in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  await addStaff(ctx, OPERATOR, 'bench');
  const { token: enrolment } = await issueEnrolment(ctx, { kind: 'metro-gate', line: 'L1', station: 'Bench' }, 'bench');
  const auth = `Bearer ${(await enrol(ctx, enrolment, 'bench')).credentials}`;

  // A kept-alive socket outlives a blocked event loop here (which the bench shares with the server), so that
  // the holders' next request does not race the server closing it.
  const { app, base } = await listenForBench(system, 600_000);
  await waitFor(() => app.parts.publisher.version === built.version, 60_000);
  const signedIn = await fetch(`${base}/api/v1/staff-session/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(OPERATOR) });
  if (signedIn.status !== 200) throw new Error(`operator sign-in: ${signedIn.status}`);
  const operator = ((await signedIn.json()) as { token: string }).token;
  return { system, app, base, auth, operator, jobs, seedS };
}

interface Watched {
  /** performance.now() when the publish request was sent, and when it was answered. */
  sent: number;
  answered: number;
  /** The first list version that carries the policy. */
  target: number;
  /** Per reader: ms from the publish's sending until it had received that version's frame (Infinity: never). */
  latency: number[];
  frameBytes: number[];
  /** When the last reader got it, or the timeout ran out. */
  until: number;
}

/** Publishes a 'green only' policy effective now through the operator API, and waits for every reader to receive it. */
async function publishAndWatch(o: {
  base: string;
  operator: string;
  publisher: ListPublisher;
  readers: HeldReaders;
  policy: { version: number; maxTestAgeHours: number };
  timeoutMs: number;
}): Promise<Watched> {
  const carrying = versionCarrying(o.publisher, o.policy.version);
  const sent = performance.now();
  const res = await fetch(`${o.base}/api/v1/admin/policies`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${o.operator}` },
    body: JSON.stringify({ ...o.policy, passColours: ['green'], maxListAgeMinutes: 720, effectiveAt: new Date().toISOString(), reason: 'benchmark' }),
  });
  const answered = performance.now();
  if (res.status !== 201) throw new Error(`publish refused: ${res.status} ${await res.text()}`);
  await res.text();
  const deadline = sent + o.timeoutMs;
  const target = await Promise.race([carrying.version, sleep(o.timeoutMs).then(() => Infinity)]);
  carrying.stop();
  const received = (r: number) => o.readers.seen[r]!.find((d) => d.version >= target);
  await waitFor(() => o.readers.seen.every((_, r) => received(r) !== undefined), Math.max(0, deadline - performance.now())).catch(() => undefined);
  const got = o.readers.seen.map((_, r) => received(r));
  return {
    sent,
    answered,
    target,
    latency: got.map((d) => (d ? d.at - sent : Infinity)),
    frameBytes: got.map((d) => d?.bytes ?? NaN),
    until: got.every((d) => d) ? Math.max(...got.map((d) => d!.at)) : performance.now(),
  };
}

/** The version of the first delta the publisher sends once its own list carries policy `policyVersion`. */
function versionCarrying(publisher: ListPublisher, policyVersion: number): { version: Promise<number>; stop: () => void } {
  let stop = () => {};
  const version = new Promise<number>((resolve) => {
    stop = publisher.subscribe((e) => {
      if (e.kind === 'delta' && (publisher.list.policyVersion(Date.now()) ?? 0) >= policyVersion) resolve(e.version);
    });
  });
  return { version, stop: () => stop() };
}

/**
 * Waits `ms`, then until every write answered in the last `ms` took under a second (at most 2 minutes):
 * the windows before a publish then hold no aftermath of what came before (the first list build's or the
 * rehearsal's WAL checkpoint, a snapshot, garbage collection), which would count against the publish.
 */
async function untilQuiet(w: WriteStream, ms: number, log: Log): Promise<void> {
  await sleep(ms);
  const started = performance.now();
  const quiet = () => {
    const now = performance.now();
    const recent = w.writes.filter((x) => x.end > now - ms);
    // The last answer must be fresh too: just after the event loop was blocked, the writes it held up have
    // not been answered yet, and the ones before it look quiet.
    return recent.length >= 10 && recent.every((x) => x.end - x.start < 1000) && now - recent.at(-1)!.end < 300;
  };
  await waitFor(quiet, 120_000).catch(() => log(`policy: the upgrades were still not quiet after 2 minutes; publishing anyway`));
  const waited = performance.now() - started;
  if (waited > 100) log(`policy: waited ${(waited / 1000).toFixed(1)} s more for the upgrades to run quietly for ${ms / 1000} s`);
}

/**
 * The longest write during [from, until] (any write that overlaps it) and in the equal window just before
 * (writes answered in it: a write held up before the publish counts there, not against the publish), that
 * window capped at half of `quietMs`, the time the writes ran with nothing published; `earlier` is the
 * window before that, so that `noise` shows how much the longest write moves with nothing published.
 */
function writeStall(w: WriteStream, from: number, until: number, quietMs: number) {
  const window = until - from;
  // Writes on a shared 2-core machine have their own slow moments (fsync, garbage collection): the publish is
  // held against every window of its length in the quiet time before it, not one or two of them.
  const windows = Math.max(2, Math.floor(quietMs / Math.max(window, 1)));
  const longest = (a: number, b: number, overlapping: boolean) =>
    Math.max(0, ...w.writes.filter((x) => (overlapping ? x.start <= b && x.end >= a : x.end >= a && x.end < b)).map((x) => x.end - x.start));
  const quiet = Array.from({ length: windows }, (_, i) => longest(from - (i + 1) * window, from - i * window, false));
  return { window, windows, during: longest(from, until, true), before: Math.max(...quiet), typical: quiet.sort((a, b) => a - b)[windows >> 1]! };
}
