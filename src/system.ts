// Puts the parts together once, for the server and the CLI alike: config → store, secrets, ports → context.
// The mode decides the notifier: the demo keeps codes and mails in its outbox; production delivers them.
import pino, { type Logger } from 'pino';
import type { Config } from './config.ts';
import type { Context } from './services/context.ts';
import { loadKeyRing } from './services/lists/key-ring.ts';
import { deliveryNotifier } from './services/messages/delivery.ts';
import { OutboxNotifier } from './services/messages/outbox-notifier.ts';
import { PersonalData } from './services/personal-data.ts';
import type { Notifier } from './services/ports.ts';
import { loadSecrets } from './services/secrets.ts';
import { openStore } from './store/open-store.ts';
import type { Store } from './store/store.ts';

export interface System {
  ctx: Context;
  /** The demo outbox; undefined in production, where nothing is kept to show. */
  outbox: OutboxNotifier | undefined;
  log: Logger;
  close(): Promise<void>;
}

// Production with nothing configured to deliver with. `ykt serve` refuses to start in that state
// (services/operator/readiness.ts), so only CLI commands that send nothing run with this; a message queued
// meanwhile fails its tries loudly and stays in the outbox rather than vanish (DESIGN §4 rule 10).
const undeliverable: Notifier = {
  reaches: { phone: false, email: false },
  send: async () => {
    throw Object.assign(new Error('No notifier configured: set YKT_MAIL_URL or YKT_SMS_GATEWAY_URL (ykt doctor)'), { code: 'NOT_CONFIGURED' });
  },
};

/**
 * Opens the configured store (or takes `store`, already open) and builds the context for config's mode.
 * In production on PostgreSQL the secrets must come from the environment: nodes never generate their own.
 * @example const system = await openSystem(loadConfig()); … await system.close();
 */
export async function openSystem(config: Config, log: Logger = pino({ level: config.logLevel }), store?: Store): Promise<System> {
  const generate = config.demo || !config.databaseUrl;
  const secrets = loadSecrets(config.dataDir, config.secretEnv, { generate });
  const keyRing = loadKeyRing(config.dataDir, config.secretEnv, { generate, rotationDays: config.listKeyRotationDays });
  const opened = store ?? (await openStore(config));
  const outbox = config.demo ? new OutboxNotifier(log) : undefined;
  const ctx: Context = {
    store: opened,
    personalData: new PersonalData(secrets),
    notifier: outbox ?? deliveryNotifier(config) ?? undeliverable,
    clock: Date.now,
    log,
    config,
    secrets,
    keyRing,
  };
  return { ctx, outbox, log, close: () => opened.close() };
}
