// `ykt import cards FILE.csv`: streams the issuer's card file with a progress bar, then a summary.
import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import { parse } from 'csv-parse';
import fs from 'node:fs';
import { loadConfig } from '../../config.ts';
import { errorEntry } from '../../domain/errors.ts';
import { importCards } from '../../services/card-import.ts';
import { openSystem } from '../../system.ts';

/** Streams a file through a parser while a progress bar follows the bytes read. */
function streamWithProgress(file: string, bar: SingleBar) {
  const size = fs.statSync(file).size;
  bar.start(size, 0);
  const input = fs.createReadStream(file);
  input.on('data', (chunk) => bar.increment(chunk.length));
  return input;
}

export function registerImportCommands(program: Command): void {
  const imports = program.command('import').description('load master data files');
  imports
    .command('cards <file>')
    .description('card master data: CSV with columns number,medium,product,state,deposit_fen,balance_fen')
    .action(async (file: string) => {
      const system = await openSystem(loadConfig());
      const bar = new SingleBar({ format: 'cards [{bar}] {percentage}% | {value}/{total} bytes', stream: process.stderr }, Presets.shades_classic);
      const rows = streamWithProgress(file, bar).pipe(parse({ columns: true, skip_empty_lines: true, trim: true, bom: true }));
      const summary = await importCards(system.ctx, rows);
      bar.stop();
      console.log(`Accepted ${summary.inserted + summary.updated + summary.unchanged}: ${summary.inserted} new, ${summary.updated} updated, ${summary.unchanged} unchanged`);
      console.log(`Rejected ${summary.rejected.length}`);
      for (const r of summary.rejected.slice(0, 50)) {
        const text = errorEntry(r.code);
        console.log(`  line ${r.row}: ${r.code} (${r.field}) ${text.en} / ${text.zh}`);
      }
      if (summary.rejected.length > 50) console.log(`  … and ${summary.rejected.length - 50} more`);
      await system.close();
      process.exitCode = summary.rejected.length > 0 ? 2 : 0;
    });
}
