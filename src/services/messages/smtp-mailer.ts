// E-mail out over SMTP (nodemailer): one-time codes and agent replies, From the service mailbox, with the
// holder's language in Content-Language and, for replies, In-Reply-To and References so that mail programs
// thread them. One message per call, nothing pooled: mail is rare next to taps, and a broken server shows at
// the next send rather than in an idle connection. Logs name the challenge or Message-ID, never an address.
import { createHash } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Clock, Log, OutgoingCode, OutgoingMail } from '../ports.ts';
import { codeTexts } from './code-texts.ts';

const CONTENT_LANGUAGE = { zh: 'zh-CN', en: 'en' } as const;

export interface SmtpSettings {
  /** smtp://… or smtps://user:pass@host:port (config YKT_MAIL_URL). */
  url: string;
  /** The service mailbox (config YKT_MAIL_FROM), e.g. 96066@bmac.com.cn. */
  from: string;
}

export class SmtpMailer {
  private readonly transport: Transporter;
  private readonly domain: string;

  constructor(
    private readonly settings: SmtpSettings,
    private readonly log: Log,
    private readonly clock: Clock = Date.now,
  ) {
    this.transport = nodemailer.createTransport(settings.url);
    this.domain = settings.from.split('@').pop() || 'localhost';
  }

  /** Sends a one-time code to an e-mail contact. */
  async sendCode(message: OutgoingCode): Promise<void> {
    const texts = codeTexts(message, this.clock());
    // Stable per challenge and address: a contact change sends two codes under one challenge.
    const tag = createHash('sha256').update(message.to.value).digest('hex').slice(0, 8);
    await this.transport.sendMail({
      from: this.settings.from,
      to: message.to.value,
      subject: texts.subject,
      text: texts.text,
      messageId: `<code-${message.challengeId}-${tag}@${this.domain}>`,
      headers: { 'Content-Language': CONTENT_LANGUAGE[message.lang], 'Auto-Submitted': 'auto-generated' },
    });
    this.log.info({ challengeId: message.challengeId, to: message.sentTo }, 'one-time code sent by e-mail');
  }

  /** Sends a reply to a holder, threaded under the mail it answers. */
  async sendMail(mail: OutgoingMail): Promise<void> {
    await this.transport.sendMail({
      from: this.settings.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      messageId: mail.messageId,
      ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo, references: [mail.inReplyTo] } : {}),
      ...(mail.lang ? { headers: { 'Content-Language': CONTENT_LANGUAGE[mail.lang] } } : {}),
    });
    this.log.info({ messageId: mail.messageId }, 'e-mail sent');
  }
}
