// `ykt conformance build | run | bench`: the reader conformance kit (docs/reader-conformance.md). `build`
// regenerates conformance/readers/ from fixed seeds; `run` feeds its cases to any reader that speaks the
// one-line JSON protocol; `bench` times decide() in that reader beside the TypeScript reference, same run.
import path from 'node:path';
import type { Command } from 'commander';
import { buildKit, KIT_DIR } from '../../readers/conformance/kit.ts';
import { runKit, summary } from '../../readers/conformance/runner.ts';
import { benchList, benchReader, type BenchResult } from '../../readers/conformance/bench.ts';
import { referenceReaderCommand } from '../../readers/conformance/ts-reader.ts';
import { UsageError } from '../usage-error.ts';

const count = (text: string) => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${text} is not a whole number from 1`);
  return n;
};

export function registerConformanceCommands(program: Command): void {
  const conformance = program.command('conformance').description('the reader conformance kit: test vectors any reader implementation runs (docs/reader-conformance.md)');

  conformance
    .command('build')
    .description('regenerate the kit (list files and manifest.json) from fixed seeds: the same bytes on every run')
    .option('--out <dir>', 'where to write it', path.relative(process.cwd(), KIT_DIR) || '.')
    .action((o: { out: string }) => {
      const made = buildKit(path.resolve(o.out));
      console.log(`${made.cases} cases over ${made.files} list files written to ${o.out}`);
    });

  conformance
    .command('run')
    .description('run every case against a reader: ykt conformance run -- <reader command...>; without one, the TypeScript reference reader')
    .argument('[command...]', 'the reader to start, after --')
    .option('--kit <dir>', 'the kit to run', path.relative(process.cwd(), KIT_DIR) || '.')
    .option('--only <text>', 'only the cases whose name contains this, or of this kind')
    .action(async (command: string[], o: { kit: string; only?: string }) => {
      const reader = command.length > 0 ? command : referenceReaderCommand();
      const results = await runKit(reader, { kitDir: path.resolve(o.kit), only: o.only, print: (line) => console.log(line) });
      console.log(summary(results));
      if (results.length === 0 || results.some((r) => r.problems.length > 0)) process.exitCode = 1;
    });

  conformance
    .command('bench')
    .description('decide() time per tap of a reader, beside the TypeScript reference reader, on one list in one run')
    .argument('[command...]', 'the reader to time, after --; without one, the reference reader alone')
    .option('--bindings <n>', 'bindings in the bench list', '1000000')
    .option('--repeat <n>', 'rounds over the 1000 tapped cards', '2000')
    .action(async (command: string[], o: { bindings: string; repeat: string }) => {
      const list = benchList(count(o.bindings));
      try {
        const readers: Array<[string, string[]]> = [['TypeScript SDK (reference)', referenceReaderCommand()]];
        if (command.length > 0) readers.push([command.join(' '), command]);
        const results: BenchResult[] = [];
        for (const [name, cmd] of readers) {
          const r = await benchReader(cmd, list, count(o.repeat));
          results.push(r);
          console.log(`${r.nsPerTap.toFixed(1).padStart(8)} ns/tap  ${name}${r.refusedList ? '  (REFUSED the bench list)' : ''}  ${r.passes}/1000 PASS`);
        }
        if (results.some((r) => r.refusedList || r.passes !== results[0]!.passes)) process.exitCode = 1;
      } finally {
        list.remove();
      }
    });
}
