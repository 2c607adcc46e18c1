// `ykt serve`: the whole system on one port; seeds the demo into an empty store unless YKT_DEMO=false.
import type { Command } from 'commander';
import pino from 'pino';
import { loadConfig } from '../../config.ts';
import { buildServer, logRedaction } from '../../http/server.ts';
import { seedDemo } from '../../services/demo/seed.ts';
import { logMixin } from '../../services/request-scope.ts';
import { openSystem } from '../../system.ts';
import { pageWeights } from '../../web/bundle/weights.ts';
import { fixDataPermissions } from '../data-permissions.ts';
import { closeGracefully } from '../shutdown.ts';
import { printDemoGuide } from './seed.ts';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the API and pages (PORT, YKT_DATA_DIR, DATABASE_URL)')
    .action(async () => {
      const config = loadConfig();
      const log = pino({ level: config.logLevel, redact: logRedaction, mixin: logMixin });
      // Whatever the store and secrets create from here on is the server user's alone.
      process.umask(0o077);
      const system = await openSystem(config, log);
      for (const fix of fixDataPermissions(config.dataDir)) log.warn(fix, 'data file was readable by others; permissions tightened');
      const app = await buildServer(system.ctx, { logger: log, outbox: system.outbox, trustProxy: config.trustProxy, metricsToken: config.metricsToken });
      closeGracefully({ app, closeStore: () => system.close(), log, timeoutMs: config.shutdownTimeoutMs });
      // Only into an empty store: seeding again would put back card states that staff have since changed.
      if (config.demo && (await system.ctx.store.cards.count()) === 0) await seedDemo(system.ctx);
      await app.listen({ port: config.port, host: config.host });
      const base = `http://localhost:${config.port}`;
      console.log(`\nYikatong Upgrade is serving on ${base} (data in ${config.dataDir}, store: ${system.ctx.store.kind})`);
      for (const page of await pageWeights()) {
        console.log(`  Page            ${base}${page.page.padEnd(10)} (${(page.gzip / 1024).toFixed(1)} kB gzip)`);
      }
      console.log(`  API docs        ${base}/docs`);
      console.log(`  OpenAPI         ${base}/api/v1/openapi.json`);
      console.log(`  Health checks   ${base}/livez  ${base}/readyz`);
      console.log(`  Demo outbox     ${base}/api/v1/demo/outbox   (one-time sign-in codes and mails the demo "sent")`);
      if (config.demo) printDemoGuide();
    });
}
