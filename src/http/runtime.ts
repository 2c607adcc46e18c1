// The long-lived parts the routes share within one server: the list publisher (push and online
// verification), terminal authentication with its small cache, and staff sign-in.
import type { Context } from '../services/context.ts';
import { ListPublisher } from '../services/list-publisher.ts';
import { StaffAuth } from '../services/staff-auth.ts';
import { TerminalAuth } from '../services/terminals.ts';

export interface Runtime {
  publisher: ListPublisher;
  terminalAuth: TerminalAuth;
  staffAuth: StaffAuth;
}

export function createRuntime(ctx: Context): Runtime {
  return { publisher: new ListPublisher(ctx), terminalAuth: new TerminalAuth(ctx), staffAuth: new StaffAuth(ctx) };
}
