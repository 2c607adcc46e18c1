// The notifier of a real deployment, from the configuration: messages to e-mail contacts over SMTP
// (YKT_MAIL_URL), to phones through the SMS gateway (YKT_SMS_GATEWAY_URL). Either may be missing — a
// service may offer e-mail only — and `reaches` says so, so that sign-in refuses, coded, a contact it
// cannot send to instead of promising a code that never comes. Neither configured: no notifier, and
// production refuses to start (services/operator/readiness.ts).
import type { Config } from '../../config.ts';
import type { ContactKind } from '../../domain/contacts.ts';
import type { Notifier, OutgoingMessage } from '../ports.ts';
import { SmsGateway } from './sms-gateway.ts';
import { SmtpMailer } from './smtp-mailer.ts';

class DeliveryNotifier implements Notifier {
  readonly reaches: Readonly<Record<ContactKind, boolean>>;

  constructor(
    private readonly mailer: SmtpMailer | undefined,
    private readonly sms: SmsGateway | undefined,
  ) {
    this.reaches = { phone: sms !== undefined, email: mailer !== undefined };
  }

  async send(message: OutgoingMessage): Promise<void> {
    const sender = message.to.kind === 'phone' ? this.sms : this.mailer;
    // Sign-in checks `reaches` first; for anything else the failed try stays queued (and shows on /ops)
    // until the missing transport is configured and the message retried.
    if (!sender) throw Object.assign(new Error(`no ${message.to.kind} delivery configured`), { code: 'NOT_CONFIGURED' });
    await sender.send(message);
  }
}

/**
 * The configured delivery, or undefined when neither SMTP nor an SMS gateway is configured.
 * @example const notifier = deliveryNotifier(loadConfig()) // SMTP when YKT_MAIL_URL is set, SMS when YKT_SMS_GATEWAY_URL is
 */
export function deliveryNotifier(config: Pick<Config, 'mail' | 'sms' | 'sendTimeoutMs'>): Notifier | undefined {
  const mailer = config.mail ? new SmtpMailer(config.mail, config.sendTimeoutMs) : undefined;
  const sms = config.sms ? new SmsGateway(config.sms, config.sendTimeoutMs) : undefined;
  return mailer || sms ? new DeliveryNotifier(mailer, sms) : undefined;
}
