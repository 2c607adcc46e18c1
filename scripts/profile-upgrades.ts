// Where an upgrade's time goes (docs/benchmarks.md): a whole system on a temp SQLite file, the real API on
// a loopback port, holders in a worker thread (bench/holder-worker.mjs), and the V8 sampling profiler on
// the server's thread during the measured phase only. Prints the functions with the most self time and
// writes the .cpuprofile (for Chrome DevTools or speedscope).
//   npx tsx scripts/profile-upgrades.ts [once|churn] [N]
//   once:  N holders (default 1000) each upgrade a new card, 32 in flight
//   churn: 48 holders upgrade and unbind in a loop while 40 tap uploads of 500 go in, 16 in flight
//   read:  N holders (default 1000) each read My cards, 32 in flight (what any holder request costs)
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import pino from 'pino';
import { holdersWithCards } from '../bench/postgres.bench.ts';
import { listenForBench } from '../bench/system.bench.ts';
import { loadConfig } from '../src/config.ts';
import { enrol, issueEnrolment } from '../src/services/operator/terminals.ts';
import { openSystem } from '../src/system.ts';

interface Profile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
  samples: number[];
  timeDeltas: number[];
}

const mode = process.argv[2] ?? 'once';
const n = Number(process.argv[3] ?? 1000);
const worker = (file: string, workerData: object) => new Worker(new URL(file, import.meta.url), { workerData });
const answer = <T>(w: Worker) => new Promise<T>((resolve, reject) => (w.once('message', resolve), w.once('error', reject)));

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ykt-profile-'));
const system = await openSystem(loadConfig({ YKT_DEMO: 'true', YKT_DATA_DIR: dataDir }), pino({ level: 'silent' }));
const { ctx } = system;
await ctx.store.agreements.insert({ version: 1, zh: '协议', en: 'Agreement', publishedAt: Date.now() });
// The first 10,000 upgrades warm the server's V8 up, unprofiled, as in bench/upgrades.bench.ts. The profiled
// holders then come from a fresh thread, whose compiling shares the cores but not the server's thread profiled here.
const WARM = 10_000;
const [warming, jobs] = (await holdersWithCards(system, WARM + (mode === 'churn' ? 48 : n))).reduce<[Array<[string, string]>, Array<[string, string]>]>(
  (sides, job, i) => (sides[i < WARM ? 0 : 1].push(job), sides),
  [[], []],
);
const issued = await issueEnrolment(ctx, { kind: 'metro-gate', line: 'L1', station: 'Profile' }, 'profile');
const auth = `Bearer ${(await enrol(ctx, issued.token, 'profile')).credentials}`;
const { app, base } = await listenForBench(system, 60_000);

await answer(worker('../bench/holder-worker.mjs', { base, jobs: warming, mode: 'once', inFlight: 32 }));

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.start');
const started = performance.now();
if (mode === 'churn') {
  const holders = worker('../bench/holder-worker.mjs', { base, jobs, mode: 'loop' });
  const now = Date.now();
  const bodies = Array.from({ length: 40 }, (_, b) =>
    JSON.stringify({ batchId: `p-${b}`, annulments: [], taps: Array.from({ length: 500 }, (_, i) => ({ tapId: b.toString(16).padStart(16, '0') + i.toString(16).padStart(16, '0'), cardKey: (b * 500 + i).toString(16).padStart(16, '0'), decision: 'PASS', at: now - 60_000 + i, listVersion: 1, online: false })) }),
  );
  const taps = await answer<{ stored: number; seconds: number }>(worker('../bench/upload-worker.mjs', { url: `${base}/api/v1/terminal/taps`, auth, bodies, inFlight: 16 }));
  holders.postMessage('stop');
  const churned = await answer<{ ok: number }>(holders);
  console.log(`${taps.stored} taps at ${Math.round(taps.stored / taps.seconds)}/s while holders wrote ${churned.ok} times`);
} else {
  const up = await answer<{ ok: number; seconds: number }>(worker('../bench/holder-worker.mjs', { base, jobs, mode, inFlight: 32 }));
  console.log(`${up.ok} ${mode === 'read' ? 'reads' : 'upgrades'} at ${Math.round(up.ok / up.seconds)}/s`);
}
const seconds = (performance.now() - started) / 1000;
const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: Profile };
const out = path.join(os.tmpdir(), `ykt-upgrades-${mode}.cpuprofile`);
fs.writeFileSync(out, JSON.stringify(profile));
await app.close();
await system.close();
fs.rmSync(dataDir, { recursive: true, force: true });

// Self time per function, as a share of the phase.
const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
const self = new Map<string, number>();
profile.samples.forEach((id, i) => {
  const f = frames.get(id)!;
  const key = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/(node_modules|src|bench)\//, '$1/')}:${f.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const total = [...self.values()].reduce((a, b) => a + b, 0);
console.log(`${seconds.toFixed(1)} s profiled; written to ${out}`);
for (const [key, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${((100 * us) / total).toFixed(1).padStart(5)} %  ${key}`);
process.exit(0);
