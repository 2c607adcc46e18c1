// `npm run bench [-- --quick]`: runs every benchmark, prints a table, writes bench/results.json.
// What each figure measures and against which baseline: docs/benchmarks.md.
import { writeFileSync } from 'node:fs';
import { benchHealthFeed } from './health-feed.bench.ts';
import { benchReader } from './reader.bench.ts';
import { benchPolicy } from './policy.bench.ts';
import { benchPostgres } from './postgres.bench.ts';
import { benchSystem } from './system.bench.ts';
import { benchUpgrades } from './upgrades.bench.ts';

const quick = process.argv.includes('--quick');

/** Targets as [comparison, bound]; a figure without one is informative only. */
const TARGETS: Record<string, ['<=' | '>=', number]> = {
  decide_vs_map: ['<=', 0.25],
  reader_bytes_per_card: ['<=', 12],
  verify_vs_hello: ['>=', 0.8],
  // With 10,000 readers connected to the one node (issue 14; it was 1,000 readers within 1000 ms).
  push_p99_ms: ['<=', 500],
  build_3m_s: ['<=', 10],
  bytes_per_binding: ['<=', 12],
  // Tap uploads through the API against the bare insert of the same rows in the same run (the rates print beside it).
  ingest_vs_raw: ['>=', 0.5],
  upgrades_vs_raw: ['>=', 0.3],
  ingest_under_upgrades: ['>=', 0.5],
  policy_publish_ms: ['<=', 1000],
  // No stall at all: no write during the publish waits longer than any write in two quiet windows before it.
  policy_write_stall_ms: ['<=', 0],
  health_feed_vs_raw: ['>=', 0.25],
  mass_testing_to_readers_s: ['<=', 5],
};

const notes: string[] = [];
const log = (line: string) => {
  notes.push(line);
  console.log(line);
};
const results: Record<string, number> = {};
const started = Date.now();
// BENCH_ONLY=reader, system, upgrades, policy, feed or postgres runs one part (for profiling).
const only = process.env.BENCH_ONLY;
if (only === undefined || only === 'reader') {
  const { build_3m_s: encodeSign3m, ...reader } = await benchReader({ quick, log });
  // build_3m_s comes from the system bench (a snapshot read from the database); encode + sign alone stands beside it.
  Object.assign(results, reader, { encode_sign_3m_s: encodeSign3m! });
}
if (only === undefined || only === 'system') Object.assign(results, await benchSystem({ quick, log }));
if (only === undefined || only === 'upgrades') Object.assign(results, await benchUpgrades({ quick, log }));
if (only === undefined || only === 'policy') Object.assign(results, await benchPolicy({ quick, log }));
if (only === undefined || only === 'feed') Object.assign(results, await benchHealthFeed({ quick, log }));
if (only === undefined || only === 'postgres') Object.assign(results, await benchPostgres({ quick, log }));

const rows = Object.entries(results).map(([key, value]) => {
  const target = TARGETS[key];
  const ok = target === undefined ? '' : (target[0] === '<=' ? value <= target[1] : value >= target[1]) ? 'pass' : 'FAIL';
  return [key, String(value), target ? `${target[0]} ${target[1]}` : '', ok];
});
const widths = [0, 1, 2, 3].map((c) => Math.max(...[['figure', 'value', 'target', ''], ...rows].map((r) => r[c]!.length)));
const line = (r: string[]) => r.map((cell, c) => (c === 1 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ');
console.log('');
console.log(line(['figure', 'value', 'target', '']));
for (const r of rows) console.log(line(r));
const seconds = (Date.now() - started) / 1000;
console.log(`(${quick ? 'quick' : 'full'} run, ${seconds.toFixed(1)} s)`);
writeFileSync(
  new URL('./results.json', import.meta.url),
  JSON.stringify({ quick, at: new Date().toISOString(), seconds, results, targets: TARGETS, notes }, null, 2) + '\n',
);
process.exit(0);
