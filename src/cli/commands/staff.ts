// `ykt staff add`: creates a staff, agent, outlet or operator account.
import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { YktError } from '../../domain/errors.ts';
import { addStaff } from '../../services/staff-auth.ts';
import type { StaffRole } from '../../store/store.ts';
import { openSystem } from '../../system.ts';

const ROLES: StaffRole[] = ['staff', 'agent', 'outlet', 'operator'];

export function registerStaffCommands(program: Command): void {
  program
    .command('staff')
    .description('staff accounts')
    .command('add')
    .requiredOption('--username <name>')
    .requiredOption('--role <role>', ROLES.join(' | '))
    .requiredOption('--password <password>', 'at least 10 characters')
    .option('--name <display name>')
    .action(async (o: { username: string; role: string; password: string; name?: string }) => {
      if (!ROLES.includes(o.role as StaffRole)) throw new Error(`role must be one of ${ROLES.join(', ')}`);
      if (o.password.length < 10) throw new Error('the password must have at least 10 characters');
      const system = await openSystem(loadConfig());
      try {
        const member = await addStaff(system.ctx, { username: o.username, displayName: o.name ?? o.username, role: o.role as StaffRole, password: o.password }, 'cli');
        console.log(`Added ${member.role} ${member.username} (id ${member.id})`);
      } catch (error) {
        if (!(error instanceof YktError)) throw error;
        console.error(`${error.code}: ${error.text.en} / ${error.text.zh}`);
        process.exitCode = 1;
      } finally {
        await system.close();
      }
    });
}
