// `ykt`: one command for everything an operator or developer runs from a shell.
import { Command } from 'commander';
import { ConfigError } from '../config.ts';
import { registerAgreementCommands } from './commands/agreement.ts';
import { registerDbCommands } from './commands/db.ts';
import { registerDocCommands } from './commands/doc.ts';
import { registerDoctorCommand } from './commands/doctor.ts';
import { registerImportCommands } from './commands/import.ts';
import { registerKeysCommands } from './commands/keys.ts';
import { registerOutletCommands } from './commands/outlets.ts';
import { registerSeedCommand } from './commands/seed.ts';
import { registerRefundRulesCommands } from './commands/refund-rules.ts';
import { registerServeCommand } from './commands/serve.ts';
import { registerStaffCommands } from './commands/staff.ts';
import { registerTerminalCommands } from './commands/terminal.ts';

const program = new Command('ykt').description('Yikatong Upgrade: bind transport cards to health-code identities');
registerServeCommand(program);
registerDoctorCommand(program);
registerSeedCommand(program);
registerImportCommands(program);
registerOutletCommands(program);
registerAgreementCommands(program);
registerDocCommands(program);
registerStaffCommands(program);
registerRefundRulesCommands(program);
registerKeysCommands(program);
registerTerminalCommands(program);
registerDbCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // A refused configuration is the operator's to fix: say what, without a stack trace.
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
