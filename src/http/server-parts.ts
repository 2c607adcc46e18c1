// The long-lived parts the routes share within one server: the list publisher (push and online
// verification), terminal authentication with its small cache, staff sign-in, the holders' identity
// providers (an OpenID provider's metadata is discovered once), the outbox worker, housekeeping, and the
// scan for passes about to lapse.
import type { Context } from '../services/context.ts';
import { identityProviders } from '../services/identity/providers.ts';
import type { IdentityProviders } from '../services/identity/identity-provider.ts';
import { ListPublisher } from '../services/lists/publisher.ts';
import { StaffAuth } from '../services/operator/staff.ts';
import { TapWriter } from '../services/feeds/taps.ts';
import { housekeep } from '../services/operator/housekeeping.ts';
import { remindLapsing } from '../services/holder/reminders.ts';
import { OutboxWorker } from '../services/messages/outbox-worker.ts';
import { TerminalAuth } from '../services/operator/terminals.ts';
import { NodeMetrics } from './node-metrics.ts';

const HOUSEKEEPING_MS = 3_600_000;
// Often enough that a reminder goes out close to 12 hours before the pass lapses; each scan reads the list
// entries in short steps.
const REMINDER_SCAN_MS = 10 * 60_000;

export interface ServerParts {
  publisher: ListPublisher;
  terminalAuth: TerminalAuth;
  staffAuth: StaffAuth;
  identity: IdentityProviders;
  tapWriter: TapWriter;
  metrics: NodeMetrics;
  outbox: OutboxWorker;
  start(): void;
  /** Stops the background work and resolves once in-flight writes (tap group commits, a list build, message sends) are done. */
  stop(): Promise<void>;
}

export function createServerParts(ctx: Context): ServerParts {
  const publisher = new ListPublisher(ctx);
  const tapWriter = new TapWriter(ctx);
  const outbox = new OutboxWorker(ctx);
  let housekeeping: NodeJS.Timeout | undefined;
  let reminders: NodeJS.Timeout | undefined;
  let scan: Promise<unknown> = Promise.resolve();
  const remind = () => {
    // One scan at a time: a slow one delays the next rather than overlapping it.
    scan = scan.then(() => remindLapsing(ctx)).catch((err) => ctx.log.error({ err }, 'reminder scan failed'));
  };
  const purge = () =>
    housekeep(ctx)
      .then((purged) => Object.values(purged).some((n) => n > 0) && ctx.log.info({ purged }, 'expired records deleted'))
      .catch((err) => ctx.log.error({ err }, 'housekeeping failed'));
  return {
    publisher,
    terminalAuth: new TerminalAuth(ctx),
    staffAuth: new StaffAuth(ctx),
    identity: identityProviders(ctx),
    tapWriter,
    metrics: new NodeMetrics(),
    outbox,
    start() {
      publisher.start();
      outbox.start();
      void purge();
      housekeeping = setInterval(purge, HOUSEKEEPING_MS);
      reminders = setInterval(remind, REMINDER_SCAN_MS);
    },
    async stop() {
      clearInterval(housekeeping);
      clearInterval(reminders);
      await Promise.all([publisher.stop(), tapWriter.idle(), scan, outbox.stop()]);
    },
  };
}
