// `ykt staff list | add | disable | enable | passwd`: staff, agent, outlet and operator accounts.
// Passwords come from a prompt or stdin (password-input.ts), never from the command line.
import type { Command } from 'commander';
import { assignPost } from '../../services/desk/refunds.ts';
import { addStaff, changeStaffPassword, listStaff, setStaffDisabled } from '../../services/operator/staff.ts';
import type { StaffRole } from '../../domain/staff.ts';
import { readNewPassword } from '../password-input.ts';
import { withSystem } from '../with-system.ts';
import { UsageError } from '../usage-error.ts';

const ROLES: StaffRole[] = ['staff', 'agent', 'outlet', 'operator'];

export function registerStaffCommands(program: Command): void {
  const staff = program.command('staff').description('staff accounts; passwords are typed at a prompt, or the first line of stdin');

  staff
    .command('list')
    .description('every account: id, username, role, name, and whether it is disabled')
    .option('--json', 'one JSON array')
    .action(async (o: { json?: boolean }) => {
      await withSystem(async ({ ctx }) => {
        const members = (await listStaff(ctx)).map((m) => ({
          id: m.id,
          username: m.username,
          role: m.role,
          displayName: m.displayName,
          disabledAt: m.disabledAt === null ? null : new Date(m.disabledAt).toISOString(),
        }));
        if (o.json) return console.log(JSON.stringify(members, null, 2));
        for (const m of members) console.log([m.id, m.username, m.role, m.disabledAt ? `disabled ${m.disabledAt}` : 'active', m.displayName].join('\t'));
      });
    });

  staff
    .command('add')
    .description('add an account; its password is asked for (or read from stdin)')
    .requiredOption('--username <name>')
    .requiredOption('--role <role>', ROLES.join(' | '))
    .option('--name <display name>')
    .option('--post <code>', 'where a staff or outlet account works: an outlet id from the outlet finder (outlet), or a station code (staff)')
    .option('--post-name <zh|en>', 'the post name in both languages, "西单|Xidan" (default: the outlet finder\'s name)')
    .option('--self-operated', 'the post is a self-operated outlet (default: as the outlet finder says)')
    .action(async (o: { username: string; role: string; name?: string; post?: string; postName?: string; selfOperated?: boolean }) => {
      if (!ROLES.includes(o.role as StaffRole)) throw new UsageError(`role must be one of ${ROLES.join(', ')}`);
      if (o.post && o.role !== 'staff' && o.role !== 'outlet') throw new UsageError('only staff and outlet accounts have a post');
      const password = await readNewPassword();
      await withSystem(async (system) => {
        const member = await addStaff(system.ctx, { username: o.username, displayName: o.name ?? o.username, role: o.role as StaffRole, password }, 'cli');
        console.log(`Added ${member.role} ${member.username} (id ${member.id})`);
        if (o.post) {
          const outlet = (await system.ctx.store.outlets.all()).find((x) => x.id === o.post);
          const [zh, en] = (o.postName ?? '').split('|');
          const name = zh && en ? { zh, en } : outlet?.name;
          if (!name) throw new UsageError(`no outlet ${o.post} in the finder: give --post-name "中文|English"`);
          const kind = o.role === 'outlet' ? 'outlet' : 'station';
          await assignPost(system.ctx, { staffId: member.id, kind, code: o.post, name, selfOperated: o.selfOperated ?? outlet?.selfOperated ?? false }, 'cli');
          console.log(`Posted at ${o.post} (${name.en})`);
        }
      });
    });

  staff
    .command('disable <username>')
    .description('refuse the account from now on; its sessions end at once')
    .action(async (username: string) => {
      await withSystem(async ({ ctx }) => {
        await setStaffDisabled(ctx, username, true, 'cli');
        console.log(`Disabled ${username}; its sessions are revoked`);
      });
    });

  staff
    .command('enable <username>')
    .description('let a disabled account sign in again')
    .action(async (username: string) => {
      await withSystem(async ({ ctx }) => {
        await setStaffDisabled(ctx, username, false, 'cli');
        console.log(`Enabled ${username}`);
      });
    });

  staff
    .command('passwd <username>')
    .description('set a new password (asked for, or read from stdin); the account\'s sessions end')
    .action(async (username: string) => {
      const password = await readNewPassword();
      await withSystem(async ({ ctx }) => {
        await changeStaffPassword(ctx, username, password, 'cli');
        console.log(`New password set for ${username}; its sessions are revoked`);
      });
    });
}
