// Puts the parts together once, for the server and the CLI alike: config → store, secrets, ports → context.
import pino, { type Logger } from 'pino';
import type { Config } from './config.ts';
import type { Context } from './services/context.ts';
import { loadKeyRing } from './services/lists/key-ring.ts';
import { OutboxNotifier } from './services/messages/outbox-notifier.ts';
import { PersonalData } from './services/personal-data.ts';
import { loadSecrets } from './services/secrets.ts';
import { openStore } from './store/open-store.ts';

export interface System {
  ctx: Context;
  outbox: OutboxNotifier;
  log: Logger;
  close(): Promise<void>;
}

export async function openSystem(config: Config, log: Logger = pino({ level: config.logLevel })): Promise<System> {
  const store = await openStore(config);
  const secrets = loadSecrets(config.dataDir);
  const outbox = new OutboxNotifier(log);
  const ctx: Context = {
    store,
    personalData: new PersonalData(secrets),
    notifier: outbox,
    clock: Date.now,
    log,
    config,
    secrets,
    keyRing: loadKeyRing(config.dataDir),
  };
  return { ctx, outbox, log, close: () => store.close() };
}
