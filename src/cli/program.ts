// The `ykt` program: every command registered on one commander program, and how a run of it turns a
// refused configuration or call into a message. main.ts runs it for the process; being a function of its
// arguments, it also runs inside another process (the tests' test/support/cli.ts), without the seconds
// a new process spends loading the sources.
import { Command } from 'commander';
import { ConfigError } from '../config.ts';
import { registerAgreementCommands } from './commands/agreement.ts';
import { registerConformanceCommands } from './commands/conformance.ts';
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
import { UsageError } from './usage-error.ts';

/** A new `ykt` program with every command. */
export function yktProgram(): Command {
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
  registerConformanceCommands(program);
  return program;
}

/**
 * Runs `ykt` on argv (node's form: the first two entries are the runtime and the script); a command's
 * outcome is in process.exitCode.
 * @example await runYkt(['node', 'ykt', 'doc', 'check', 'passport', 'E12345678', '--state', 'GBR'])
 */
export async function runYkt(argv: readonly string[], program: Command = yktProgram()): Promise<void> {
  try {
    await program.parseAsync(argv);
  } catch (error) {
    // A refused configuration or call is the operator's to fix: say what, without a stack trace.
    if (!(error instanceof ConfigError) && !(error instanceof UsageError)) throw error;
    console.error(error.message);
    process.exitCode = 1;
  }
}
