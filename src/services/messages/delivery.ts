// The notifier of a real deployment, from the configuration: codes to e-mail contacts and all mail over SMTP
// (YKT_MAIL_URL), codes to phones through the SMS gateway (YKT_SMS_GATEWAY_URL). Either may be missing —
// a service may offer e-mail only — and `reaches` says so, so that sign-in refuses, coded, a contact it
// cannot send to instead of promising a code that never comes. Neither configured: no notifier, and
// production refuses to start (services/operator/readiness.ts).
import type { Config } from '../../config.ts';
import type { ContactKind } from '../../domain/contacts.ts';
import type { Log, Notifier, OutgoingCode, OutgoingMail } from '../ports.ts';
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

  async sendCode(message: OutgoingCode): Promise<void> {
    const sender = message.to.kind === 'phone' ? this.sms : this.mailer;
    // Sign-in checks `reaches` first; this is the backstop for a caller that did not.
    if (!sender) throw Object.assign(new Error(`no ${message.to.kind} delivery configured`), { code: 'NOT_CONFIGURED' });
    await sender.sendCode(message);
  }

  async sendMail(mail: OutgoingMail): Promise<void> {
    if (!this.mailer) throw Object.assign(new Error('no SMTP server configured (YKT_MAIL_URL)'), { code: 'NOT_CONFIGURED' });
    await this.mailer.sendMail(mail);
  }
}

/**
 * The configured delivery, or undefined when neither SMTP nor an SMS gateway is configured.
 * @example const notifier = deliveryNotifier(loadConfig(), log) // SMTP when YKT_MAIL_URL is set, SMS when YKT_SMS_GATEWAY_URL is
 */
export function deliveryNotifier(config: Pick<Config, 'mail' | 'sms'>, log: Log): Notifier | undefined {
  const mailer = config.mail ? new SmtpMailer(config.mail, log) : undefined;
  const sms = config.sms ? new SmsGateway(config.sms, log) : undefined;
  return mailer || sms ? new DeliveryNotifier(mailer, sms) : undefined;
}
