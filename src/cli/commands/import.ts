// `ykt import cards FILE.csv` and `ykt import health FILE`: stream a file with a progress bar, then
// print a summary of what was accepted and what was rejected, with the reason for each rejected row.
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { parse } from 'csv-parse';
import fs from 'node:fs';
import readline from 'node:readline';
import { loadConfig } from '../../config.ts';
import { errorEntry, type ErrorCode } from '../../domain/errors.ts';
import { importCards } from '../../services/feeds/card-import.ts';
import { ingestHealth, type HealthRecordInput } from '../../services/feeds/health-feed.ts';
import { openSystem } from '../../system.ts';

/** Opens a file for streaming while a progress bar on stderr follows the bytes read. */
function openWithProgress(file: string, label: string): { input: fs.ReadStream; bar: SingleBar } {
  const bar = new SingleBar({ format: `${label} [{bar}] {percentage}% | {value}/{total} bytes`, stream: process.stderr }, Presets.shades_classic);
  bar.start(fs.statSync(file).size, 0);
  const input = fs.createReadStream(file);
  input.on('data', (chunk) => bar.increment(chunk.length));
  return { input, bar };
}

function printRejected(rejected: Array<{ row: number; code: ErrorCode; field: string }>): void {
  console.log(`Rejected ${rejected.length}`);
  for (const r of rejected.slice(0, 50)) {
    const text = errorEntry(r.code);
    console.log(`  line ${r.row}: ${r.code} (${r.field}) ${text.en} / ${text.zh}`);
  }
  if (rejected.length > 50) console.log(`  … and ${rejected.length - 50} more`);
}

const csvOptions = { columns: true, skip_empty_lines: true, trim: true, bom: true } as const;

/** Health rows from CSV (record_id,document_type,document_number,document_state,colour,tested_at,recorded_at) or NDJSON. */
async function* healthRows(input: fs.ReadStream, ndjson: boolean): AsyncIterable<HealthRecordInput> {
  if (ndjson) {
    for await (const line of readline.createInterface({ input, crlfDelay: Infinity })) {
      if (line.trim() === '') continue;
      try {
        yield JSON.parse(line) as HealthRecordInput;
      } catch {
        yield {};
      }
    }
    return;
  }
  for await (const row of input.pipe(parse(csvOptions)) as AsyncIterable<Record<string, string>>) {
    yield {
      recordId: row.record_id,
      document: { type: row.document_type, number: row.document_number, state: row.document_state || undefined },
      colour: row.colour,
      testedAt: row.tested_at || null,
      recordedAt: row.recorded_at,
    };
  }
}

export function registerImportCommands(program: Command): void {
  const imports = program.command('import').description('load master data and health files');
  imports
    .command('cards <file>')
    .description('card master data: CSV with columns number,medium,product,state,deposit_fen,balance_fen')
    .action(async (file: string) => {
      const system = await openSystem(loadConfig());
      const { input, bar } = openWithProgress(file, 'cards');
      const summary = await importCards(system.ctx, input.pipe(parse(csvOptions)));
      bar.stop();
      console.log(`Accepted ${summary.inserted + summary.updated + summary.unchanged}: ${summary.inserted} new, ${summary.updated} updated, ${summary.unchanged} unchanged`);
      printRejected(summary.rejected);
      await system.close();
      process.exitCode = summary.rejected.length > 0 ? 2 : 0;
    });

  imports
    .command('health <file>')
    .description('health records: CSV (record_id,document_type,document_number,document_state,colour,tested_at,recorded_at) or NDJSON (.ndjson/.jsonl)')
    .action(async (file: string) => {
      const system = await openSystem(loadConfig());
      const { input, bar } = openWithProgress(file, 'health');
      const ndjson = /\.(ndjson|jsonl)$/i.test(file);
      let stored = 0;
      let superseded = 0;
      const rejected: Array<{ row: number; code: ErrorCode; field: string }> = [];
      let batch: HealthRecordInput[] = [];
      let seen = 0;
      // Line numbers: CSV rows start on line 2 (after the header); NDJSON on line 1.
      const lineOf = (index: number) => index + (ndjson ? 1 : 2);
      const flush = async () => {
        const s = await ingestHealth(system.ctx, batch, seen - batch.length);
        stored += s.stored;
        superseded += s.superseded;
        rejected.push(...s.rejected.map((r) => ({ row: lineOf(r.index), code: r.code, field: r.field })));
        batch = [];
      };
      for await (const row of healthRows(input, ndjson)) {
        batch.push(row);
        seen++;
        if (batch.length >= 1000) await flush();
      }
      if (batch.length > 0) await flush();
      bar.stop();
      console.log(`Accepted ${stored + superseded}: ${stored} stored, ${superseded} already held or older than the record held`);
      printRejected(rejected);
      await system.close();
      process.exitCode = rejected.length > 0 ? 2 : 0;
    });
}
