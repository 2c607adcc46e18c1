// Graceful shutdown of `ykt serve` on SIGTERM/SIGINT (and on a crash): stop accepting, end the readers' push
// streams, let in-flight requests and writes finish, close the store — each step logged — within a time
// limit; past it the process exits 1, so a supervisor sees that work may have been cut short.
import closeWithGrace from 'close-with-grace';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';

export interface Closable {
  app: FastifyInstance;
  /** Closes the store (after the app: in-flight requests still use it). */
  closeStore(): Promise<void>;
  log: Logger;
  timeoutMs: number;
}

/**
 * Installs the handlers; the process exits 0 once everything closed, 1 on timeout or after a crash.
 * @example closeGracefully({ app, closeStore: () => system.close(), log, timeoutMs: 10_000 })
 */
export function closeGracefully({ app, closeStore, log, timeoutMs }: Closable): void {
  closeWithGrace(
    {
      delay: timeoutMs,
      logger: log,
      onTimeout: (delay) => log.error({ timeoutMs: delay }, 'shutdown: time limit reached with work unfinished; exiting 1'),
      onSecondSignal: (signal) => log.error({ signal }, 'shutdown: second signal; exiting 1 at once'),
    },
    async ({ signal, err }) => {
      if (err) log.fatal({ err }, 'shutdown: after an uncaught error');
      log.info({ signal, timeoutMs }, 'shutdown: no new connections; requests in flight may finish');
      // Fastify's preClose and onClose hooks (src/http/server.ts) log ending the push streams and the writes.
      await app.close();
      log.info('shutdown: every request answered');
      await closeStore();
      log.info('shutdown: store closed; exiting');
    },
  );
}
