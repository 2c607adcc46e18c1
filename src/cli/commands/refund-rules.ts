// `ykt refund-rules publish FILE.json`: an operator publishes a new version of the refund rules (JSON in the
// shape of src/domain/refunds.ts RefundRules; src/services/demo/refund-rules.ts is an example).
import type { Command } from 'commander';
import fs from 'node:fs';
import { loadConfig } from '../../config.ts';
import { YktError } from '../../domain/errors.ts';
import { publishRefundRules } from '../../services/refunds.ts';
import { openSystem } from '../../system.ts';

export function registerRefundRulesCommands(program: Command): void {
  program
    .command('refund-rules')
    .description('the refund rules outlets apply')
    .command('publish <file>')
    .action(async (file: string) => {
      const system = await openSystem(loadConfig());
      try {
        const rules = JSON.parse(fs.readFileSync(file, 'utf8'));
        await publishRefundRules(system.ctx, rules, 'cli');
        console.log(`Published refund rules version ${rules.version}`);
      } catch (error) {
        if (!(error instanceof YktError)) throw error;
        console.error(`${error.code}: ${error.text.en} / ${error.text.zh} ${JSON.stringify(error.details ?? {})}`);
        process.exitCode = 1;
      } finally {
        await system.close();
      }
    });
}
