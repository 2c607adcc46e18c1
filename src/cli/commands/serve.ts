// `ykt serve`: the whole system on one port. Production unless `--demo` (or YKT_DEMO=true): production
// mounts no demo route, seeds nothing and refuses to start until the readiness checklist passes; the demo
// seeds an empty store and keeps codes and mails in its outbox.
import type { Command } from 'commander';
import pino from 'pino';
import { loadConfig, type Config } from '../../config.ts';
import { buildServer, logRedaction } from '../../http/server.ts';
import { seedDemo } from '../../services/demo/seed.ts';
import { productionReadiness, refusal } from '../../services/operator/readiness.ts';
import { openStore } from '../../store/open-store.ts';
import type { Store } from '../../store/store.ts';
import { logMixin } from '../../services/request-scope.ts';
import { openSystem } from '../../system.ts';
import { pageWeights } from '../../web/bundle/weights.ts';
import { fixDataPermissions } from '../data-permissions.ts';
import { closeGracefully } from '../shutdown.ts';
import { printDemoGuide } from './seed.ts';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/** The demo hands out sign-in codes and reader credentials to anyone who asks: say so where others can ask. */
function warnIfExposed(config: Config): void {
  if (LOOPBACK.has(config.host)) return;
  const rule = '!'.repeat(78);
  console.warn(
    [
      rule,
      `!! WARNING: the DEMO is listening on ${config.host}:${config.port}, reachable beyond this machine.`,
      '!! Anyone who can reach it reads every one-time sign-in code and mail (GET /api/v1/demo/outbox)',
      '!! and enrols readers without an operator (POST /api/v1/demo/reader-enrolment).',
      '!! Seeded staff accounts have the passwords printed below. Never put real people\'s data in it.',
      '!! Unset HOST to listen on loopback only, or run production: `ykt serve` without --demo.',
      rule,
    ].join('\n'),
  );
}

async function openStoreOrError(config: Config): Promise<Store | Error> {
  try {
    return await openStore(config);
  } catch (error) {
    return error as Error;
  }
}

function printBanner(config: Config, storeKind: string, pages: Array<{ page: string; gzip: number }>): void {
  const base = `http://localhost:${config.port}`;
  const mode = config.demo ? 'DEMO (seeded data, demo outbox; not for real people)' : 'production';
  console.log(`\nYikatong Upgrade — ${mode} — serving on ${base} (listening on ${config.host}, data in ${config.dataDir}, store: ${storeKind})`);
  for (const page of pages) console.log(`  Page            ${base}${page.page.padEnd(10)} (${(page.gzip / 1024).toFixed(1)} kB gzip)`);
  console.log(`  API docs        ${base}/docs`);
  console.log(`  OpenAPI         ${base}/api/v1/openapi.json`);
  console.log(`  Health checks   ${base}/livez  ${base}/readyz`);
  if (config.demo) console.log(`  Demo outbox     ${base}/api/v1/demo/outbox   (one-time sign-in codes and mails the demo "sent")`);
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the API and pages; production unless --demo (settings: .env.example; `ykt doctor` checks them)')
    .option('--demo', 'serve the demo: seeded data, codes in an outbox, demo routes (same as YKT_DEMO=true)')
    .action(async (options: { demo?: boolean }) => {
      const loaded = loadConfig();
      const config: Config = { ...loaded, demo: loaded.demo || options.demo === true };
      const log = pino({ level: config.logLevel, redact: logRedaction, mixin: logMixin });
      // Whatever the store and secrets create from here on is the server user's alone.
      process.umask(0o077);
      let store: Store | undefined;
      if (!config.demo) {
        const opened = await openStoreOrError(config);
        const checks = await productionReadiness(config, opened);
        if (opened instanceof Error || checks.some((c) => !c.ok)) {
          if (!(opened instanceof Error)) await opened.close();
          console.error(refusal(checks));
          process.exitCode = 1;
          return;
        }
        store = opened;
      }
      const system = await openSystem(config, log, store);
      for (const fix of fixDataPermissions(config.dataDir)) log.warn(fix, 'data file was readable by others; permissions tightened');
      const app = await buildServer(system.ctx, { logger: log, outbox: system.outbox, trustProxy: config.trustProxy, metricsToken: config.metricsToken });
      closeGracefully({ app, closeStore: () => system.close(), log, timeoutMs: config.shutdownTimeoutMs });
      // Only into an empty store: seeding again would put back card states that staff have since changed.
      if (config.demo && (await system.ctx.store.cards.count()) === 0) await seedDemo(system.ctx);
      await app.listen({ port: config.port, host: config.host });
      printBanner(config, system.ctx.store.kind, await pageWeights());
      if (config.demo) printDemoGuide();
      // Last, so that it is what stays on screen.
      if (config.demo) warnIfExposed(config);
    });
}
