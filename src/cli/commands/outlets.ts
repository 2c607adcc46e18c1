// `ykt import outlets FILE [--replace]`: loads the outlet finder from CSV or JSON (docs/service-desk.md),
// and `ykt service mail-secret`: the secret a mail gateway sends to the inbound-mail endpoint.
import type { Command } from 'commander';
import { parse } from 'csv-parse/sync';
import fs from 'node:fs';
import { loadConfig } from '../../config.ts';
import { errorEntry } from '../../domain/errors.ts';
import { outletFromCsvRow, type OutletInput } from '../../domain/outlets.ts';
import { importOutlets } from '../../services/desk/outlets.ts';
import { inboundMailSecret } from '../../services/desk/ticket-mail.ts';
import { openSystem } from '../../system.ts';
import { UsageError } from '../usage-error.ts';

/** The rows of an outlet file and the line each starts on (JSON: its index + 1). */
function readOutletFile(file: string): { rows: OutletInput[]; lineOf: (index: number) => number } {
  const text = fs.readFileSync(file, 'utf8');
  if (/\.json$/i.test(file) || /^\s*[[{]/.test(text)) {
    const data = JSON.parse(text) as unknown;
    const rows = Array.isArray(data) ? data : (data as { outlets?: unknown }).outlets;
    if (!Array.isArray(rows)) throw new UsageError('a JSON outlet file is an array of outlets or { "outlets": [...] }');
    return { rows: rows as OutletInput[], lineOf: (i) => i + 1 };
  }
  const records = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Array<Record<string, string>>;
  return { rows: records.map(outletFromCsvRow), lineOf: (i) => i + 2 };
}

export function registerOutletCommands(program: Command): void {
  const imports = program.commands.find((c) => c.name() === 'import') ?? program.command('import');
  imports
    .command('outlets <file>')
    .description('service outlets: CSV (id,name_zh,name_en,district,address_zh,address_en,hours_zh,hours_en,opening,phone,self_operated,services,card_kinds,station_zh,station_en,lat,lng) or JSON')
    .option('--replace', 'remove outlets that the file does not list')
    .action(async (file: string, options: { replace?: boolean }) => {
      const { rows, lineOf } = readOutletFile(file);
      const system = await openSystem(loadConfig());
      const summary = await importOutlets(system.ctx, rows, { replace: options.replace === true, actor: 'cli' });
      await system.close();
      if (summary.rejected.length > 0) {
        const text = errorEntry('OUTLET_FIELD_INVALID');
        console.log(`Rejected ${summary.rejected.length} (nothing was stored)`);
        for (const r of summary.rejected.slice(0, 50)) console.log(`  ${file.endsWith('.json') ? 'item' : 'line'} ${lineOf(r.index)}: OUTLET_FIELD_INVALID (${r.field}) ${text.en} / ${text.zh}`);
        process.exitCode = 2;
        return;
      }
      console.log(`Outlets: ${summary.inserted} new, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.removed} removed`);
    });

  const service = program.commands.find((c) => c.name() === 'service') ?? program.command('service').description('the service desk');
  service
    .command('mail-secret')
    .description('print the x-ykt-mail-secret value mail gateways send to POST /api/v1/service/inbound-mail')
    .action(async () => {
      const system = await openSystem(loadConfig());
      console.log(inboundMailSecret(system.ctx));
      await system.close();
    });
}
