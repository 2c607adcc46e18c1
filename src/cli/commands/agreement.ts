// `ykt agreement publish`: an operator publishes a new agreement version; holders accept it at their next upgrade.
import type { Command } from 'commander';
import fs from 'node:fs';
import { publishAgreement } from '../../services/operator/agreement.ts';
import { withSystem } from '../with-system.ts';

export function registerAgreementCommands(program: Command): void {
  program
    .command('agreement')
    .description('the User Service Agreement')
    .command('publish')
    .requiredOption('--version <n>', 'version number, above the current one', (v) => Number.parseInt(v, 10))
    .requiredOption('--zh <file>', 'Chinese text file')
    .requiredOption('--en <file>', 'English text file')
    .action(async (options: { version: number; zh: string; en: string }) => {
      await withSystem(async (system) => {
        const text = { version: options.version, zh: fs.readFileSync(options.zh, 'utf8'), en: fs.readFileSync(options.en, 'utf8') };
        const published = await publishAgreement(system.ctx, text, 'cli');
        console.log(`Published agreement version ${published.version}`);
      });
    });
}
