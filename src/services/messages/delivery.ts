// How production delivers what the services send: the real adapters (SMTP for e-mail when YKT_MAIL_URL is
// set, the HTTP gateway for SMS when YKT_SMS_GATEWAY_URL is set) plug in here. The demo never comes here: it
// keeps everything in the outbox (system.ts).
import type { Config } from '../../config.ts';
import type { Log, Notifier } from '../ports.ts';

/**
 * The notifier production sends with, or undefined when none is configured (then `ykt serve` refuses to
 * start: services/operator/readiness.ts).
 * @example const notifier = deliveryNotifier(config, log) // undefined until the adapters are wired in
 */
export function deliveryNotifier(_config: Config, _log: Log): Notifier | undefined {
  // The SMTP and SMS gateway adapters plug in here, chosen from config.mail and config.sms.
  return undefined;
}
