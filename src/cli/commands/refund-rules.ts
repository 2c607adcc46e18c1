// `ykt refund-rules publish FILE.json`: an operator publishes a new version of the refund rules (JSON in the
// shape of src/domain/refunds.ts RefundRules; src/services/demo/refund-rules.ts is an example).
import type { Command } from 'commander';
import fs from 'node:fs';
import { publishRefundRules } from '../../services/desk/refunds.ts';
import { withSystem } from '../with-system.ts';

export function registerRefundRulesCommands(program: Command): void {
  program
    .command('refund-rules')
    .description('the refund rules outlets apply')
    .command('publish <file>')
    .action(async (file: string) => {
      await withSystem(async (system) => {
        const rules = JSON.parse(fs.readFileSync(file, 'utf8'));
        await publishRefundRules(system.ctx, rules, 'cli');
        console.log(`Published refund rules version ${rules.version}`);
      });
    });
}
