// The long-lived parts the routes share within one server: the list publisher (push and online
// verification), terminal authentication with its small cache, staff sign-in, the holders' identity
// providers (an OpenID provider's metadata is discovered once), the outbox worker, housekeeping, and the
// scan for passes about to lapse.
import type { Context } from '../services/context.ts';
import { identityProviders } from '../services/identity/providers.ts';
import type { IdentityProviders } from '../services/identity/identity-provider.ts';
import { ListPublisher } from '../services/lists/publisher.ts';
import { TicketEvents } from '../services/desk/ticket-events.ts';
import { StaffAuth } from '../services/operator/staff.ts';
import { TapWriter } from '../services/feeds/taps.ts';
import { housekeep } from '../services/operator/housekeeping.ts';
import { remindLapsing } from '../services/holder/reminders.ts';
import { OutboxWorker } from '../services/messages/outbox-worker.ts';
import { TerminalAuth } from '../services/operator/terminals.ts';
import { StreamedSyncs } from '../services/operator/streamed-syncs.ts';
import { NodeMetrics } from './node-metrics.ts';

const HOUSEKEEPING_MS = 3_600_000;
// Often enough that a reminder goes out close to 12 hours before the pass lapses; each scan reads the list
// entries in short steps.
const REMINDER_SCAN_MS = 10 * 60_000;

export interface ServerParts {
  publisher: ListPublisher;
  /** The service desk's live conversations: who is watching a ticket, typing, a new message. */
  ticketEvents: TicketEvents;
  terminalAuth: TerminalAuth;
  /** Readers kept in sync by the heartbeats down their push streams, written down together. */
  streamedSyncs: StreamedSyncs;
  staffAuth: StaffAuth;
  identity: IdentityProviders;
  tapWriter: TapWriter;
  metrics: NodeMetrics;
  outbox: OutboxWorker;
  start(): void;
  /** Stops the background work and resolves once in-flight writes (tap group commits, a list build, message sends) are done. */
  stop(): Promise<void>;
}

/**
 * A job run every `ms`, one run at a time: a slow run delays the next rather than overlapping it, and stop()
 * waits for the run under way, so that no job outlives the store it writes to.
 */
function periodic(ms: number, run: () => Promise<unknown>, failed: (err: unknown) => void) {
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<unknown> = Promise.resolve();
  const tick = () => {
    current = current.then(run).catch(failed);
  };
  return {
    start(atOnce: boolean) {
      if (atOnce) tick();
      timer = setInterval(tick, ms);
    },
    async stop() {
      clearInterval(timer);
      await current;
    },
  };
}

export function createServerParts(ctx: Context): ServerParts {
  const terminalAuth = new TerminalAuth(ctx);
  // A reader revoked on another node: its credentials stop working here at once too, not when the cache lapses.
  const publisher = new ListPublisher(ctx, { onReaderRevoked: (terminalId) => terminalAuth.forget(terminalId) });
  const tapWriter = new TapWriter(ctx);
  const streamedSyncs = new StreamedSyncs(ctx);
  const ticketEvents = new TicketEvents(ctx);
  const outbox = new OutboxWorker(ctx);
  const housekeeping = periodic(
    HOUSEKEEPING_MS,
    async () => {
      const purged = await housekeep(ctx);
      if (Object.values(purged).some((n) => n > 0)) ctx.log.info({ purged }, 'expired records deleted');
    },
    (err) => ctx.log.error({ err }, 'housekeeping failed'),
  );
  const reminders = periodic(REMINDER_SCAN_MS, () => remindLapsing(ctx), (err) => ctx.log.error({ err }, 'reminder scan failed'));
  return {
    publisher,
    ticketEvents,
    terminalAuth,
    streamedSyncs,
    staffAuth: new StaffAuth(ctx),
    identity: identityProviders(ctx),
    tapWriter,
    metrics: new NodeMetrics(),
    outbox,
    start() {
      publisher.start();
      ticketEvents.start();
      outbox.start();
      housekeeping.start(true);
      reminders.start(false);
    },
    async stop() {
      await Promise.all([publisher.stop(), ticketEvents.stop(), tapWriter.idle(), streamedSyncs.idle(), housekeeping.stop(), reminders.stop(), outbox.stop()]);
    },
  };
}
