// `ykt staff add`: creates a staff, agent, outlet or operator account.
import type { Command } from 'commander';
import { assignPost } from '../../services/desk/refunds.ts';
import { addStaff } from '../../services/operator/staff.ts';
import type { StaffRole } from '../../domain/staff.ts';
import { withSystem } from '../with-system.ts';

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
    .option('--post <code>', 'where a staff or outlet account works: an outlet id from the outlet finder (outlet), or a station code (staff)')
    .option('--post-name <zh|en>', 'the post name in both languages, "西单|Xidan" (default: the outlet finder\'s name)')
    .option('--self-operated', 'the post is a self-operated outlet (default: as the outlet finder says)')
    .action(async (o: { username: string; role: string; password: string; name?: string; post?: string; postName?: string; selfOperated?: boolean }) => {
      if (!ROLES.includes(o.role as StaffRole)) throw new Error(`role must be one of ${ROLES.join(', ')}`);
      if (o.password.length < 10) throw new Error('the password must have at least 10 characters');
      if (o.post && o.role !== 'staff' && o.role !== 'outlet') throw new Error('only staff and outlet accounts have a post');
      await withSystem(async (system) => {
        const member = await addStaff(system.ctx, { username: o.username, displayName: o.name ?? o.username, role: o.role as StaffRole, password: o.password }, 'cli');
        console.log(`Added ${member.role} ${member.username} (id ${member.id})`);
        if (o.post) {
          const outlet = (await system.ctx.store.outlets.all()).find((x) => x.id === o.post);
          const [zh, en] = (o.postName ?? '').split('|');
          const name = zh && en ? { zh, en } : outlet?.name;
          if (!name) throw new Error(`no outlet ${o.post} in the finder: give --post-name "中文|English"`);
          const kind = o.role === 'outlet' ? 'outlet' : 'station';
          await assignPost(system.ctx, { staffId: member.id, kind, code: o.post, name, selfOperated: o.selfOperated ?? outlet?.selfOperated ?? false }, 'cli');
          console.log(`Posted at ${o.post} (${name.en})`);
        }
      });
    });
}
