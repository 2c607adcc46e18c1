// Which request a piece of work belongs to, without passing a logger down every call: the HTTP layer runs
// each request inside `requestScope.run()`, and the process's pino logger tags every line written inside it
// (services' `ctx.log` lines included) through `logMixin`.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from 'pino';

export interface RequestScope {
  reqId: string;
}

export const requestScope = new AsyncLocalStorage<RequestScope>();

/**
 * Pino's `mixin`: adds the current request's id to a line that does not already carry it (Fastify's
 * per-request logger binds it itself; a second copy would only repeat the key).
 * @example pino({ mixin: logMixin })
 */
export function logMixin(_line: object, _level: number, logger?: Logger): Record<string, unknown> {
  const scope = requestScope.getStore();
  if (!scope || (logger && 'reqId' in logger.bindings())) return {};
  return { reqId: scope.reqId };
}
