// The long-lived parts the routes share within one server: the list publisher (push and online
// verification), terminal authentication with its small cache, staff sign-in, and housekeeping.
import type { Context } from '../services/context.ts';
import { ListPublisher } from '../services/lists/publisher.ts';
import { StaffAuth } from '../services/operator/staff.ts';
import { TapWriter } from '../services/feeds/taps.ts';
import { housekeep } from '../services/operator/housekeeping.ts';
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
    housekeep(ctx)
      .then((purged) => Object.values(purged).some((n) => n > 0) && ctx.log.info({ purged }, 'expired records deleted'))
      .catch((err) => ctx.log.error({ err }, 'housekeeping failed'));
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
