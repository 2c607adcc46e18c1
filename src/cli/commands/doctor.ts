// `ykt doctor`: the production checklist `ykt serve` refuses to start without, printed without starting
// (nothing is generated or migrated): ✓ or ✗ per item, exit 0 when production would start, 1 otherwise.
import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { productionReadiness, readinessList } from '../../services/operator/readiness.ts';
import { connectStore } from '../../store/open-store.ts';
import type { Store } from '../../store/store.ts';

export function registerDoctorCommand(program: Command): void {
  program
    .command('doctor')
    .description('what production (`ykt serve`) still lacks: notifier, identity, secrets, agreement; exits 1 until ready')
    .action(async () => {
      const config = loadConfig();
      let store: Store | Error;
      try {
        store = await connectStore(config);
      } catch (error) {
        store = error as Error;
      }
      try {
        const checks = await productionReadiness(config, store);
        const ready = checks.every((c) => c.ok);
        console.log(`Production readiness (${config.databaseUrl ? 'PostgreSQL' : `SQLite in ${config.dataDir}`}):`);
        console.log(readinessList(checks));
        console.log(ready ? 'Ready: `ykt serve` will start.' : 'Not ready: `ykt serve` refuses to start until every item is ✓ (.env.example lists the settings).');
        if (!ready) process.exitCode = 1;
      } finally {
        if (!(store instanceof Error)) await store.close();
      }
    });
}
