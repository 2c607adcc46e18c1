// The long-lived parts the routes share within one server: the list publisher (push and online
// verification), terminal authentication with its small cache, staff sign-in, and housekeeping.
import type { Context } from '../services/context.ts';
import { ListPublisher } from '../services/lists/publisher.ts';
import { StaffAuth } from '../services/operator/staff.ts';
import { TapWriter, purgeTaps } from '../services/feeds/taps.ts';
import { TerminalAuth } from '../services/operator/terminals.ts';

const HOUSEKEEPING_MS = 3_600_000;

export interface ServerParts {
  publisher: ListPublisher;
  terminalAuth: TerminalAuth;
  staffAuth: StaffAuth;
  tapWriter: TapWriter;
  start(): void;
  stop(): void;
}

export function createServerParts(ctx: Context): ServerParts {
  const publisher = new ListPublisher(ctx);
  let housekeeping: NodeJS.Timeout | undefined;
  const purge = () =>
    purgeTaps(ctx)
      .then((purged) => purged > 0 && ctx.log.info({ purged }, 'tap records past retention deleted'))
      .catch((err) => ctx.log.error({ err }, 'tap purge failed'));
  return {
    publisher,
    terminalAuth: new TerminalAuth(ctx),
    staffAuth: new StaffAuth(ctx),
    tapWriter: new TapWriter(ctx),
    start() {
      publisher.start();
      void purge();
      housekeeping = setInterval(purge, HOUSEKEEPING_MS);
    },
    stop() {
      publisher.stop();
      clearInterval(housekeeping);
    },
  };
}
