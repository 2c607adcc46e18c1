// `npx tsx bench/run.ts [--quick]`: runs every benchmark, prints a table, writes bench/results.json.
import { writeFileSync } from 'node:fs';
import { benchReader } from './reader.bench.ts';

const quick = process.argv.includes('--quick');

/** Targets as [comparison, bound]; a figure without one is informative only. */
const TARGETS: Record<string, ['<=' | '>=', number]> = {
  decide_vs_map: ['<=', 1.5],
  reader_bytes_per_card: ['<=', 16],
  build_3m_s: ['<=', 10],
  bytes_per_binding: ['<=', 12],
};

const results: Record<string, number> = {};
const started = Date.now();
Object.assign(results, await benchReader({ quick }));

const rows = Object.entries(results).map(([key, value]) => {
  const target = TARGETS[key];
  const ok = target === undefined ? '' : (target[0] === '<=' ? value <= target[1] : value >= target[1]) ? 'ok' : 'MISSED';
  return [key, String(value), target ? `${target[0]} ${target[1]}` : '', ok];
});
const widths = [0, 1, 2, 3].map((c) => Math.max(...[['figure', 'value', 'target', ''], ...rows].map((r) => r[c]!.length)));
const line = (r: string[]) => r.map((cell, c) => (c === 1 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ');
console.log(line(['figure', 'value', 'target', '']));
for (const r of rows) console.log(line(r));
console.log(`(${quick ? 'quick' : 'full'} run, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
writeFileSync(new URL('./results.json', import.meta.url), JSON.stringify({ quick, at: new Date().toISOString(), results }, null, 2) + '\n');
