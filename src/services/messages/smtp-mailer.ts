// E-mail out over SMTP (nodemailer): every message the outbox sends to an e-mail address, From the service
// mailbox, with the holder's language in Content-Language, Auto-Submitted on what no person wrote, and, for
// replies, In-Reply-To and References so that mail programs thread them. One message per call, nothing
// pooled: mail is rare next to taps, and a broken server shows at the next send rather than in an idle
// connection. It logs nothing: the outbox logs each try by message id, never an address.
import nodemailer, { type Transporter } from 'nodemailer';
import type { OutgoingMessage } from '../ports.ts';

const CONTENT_LANGUAGE = { zh: 'zh-CN', en: 'en' } as const;

export interface SmtpSettings {
  /** smtp://… or smtps://user:pass@host:port (config YKT_MAIL_URL). */
  url: string;
  /** The service mailbox (config YKT_MAIL_FROM), e.g. 96066@bmac.com.cn. */
  from: string;
}

export class SmtpMailer {
  private readonly transport: Transporter;

  constructor(
    private readonly settings: SmtpSettings,
    timeoutMs: number,
  ) {
    // Each phase (connect, greeting, idle socket) within the outbox's time for one try: a server that
    // accepts and then says nothing fails the try instead of holding the message past its claim.
    this.transport = nodemailer.createTransport(settings.url, { connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs });
  }

  /** Sends one message to an e-mail contact; throws nodemailer's error (`code` ECONNECTION, EENVELOPE, …) when refused. */
  async send(message: OutgoingMessage): Promise<void> {
    await this.transport.sendMail({
      from: this.settings.from,
      to: message.to.value,
      subject: message.subject,
      text: message.text,
      messageId: message.messageId,
      ...(message.inReplyTo ? { inReplyTo: message.inReplyTo, references: [message.inReplyTo] } : {}),
      headers: { 'Content-Language': CONTENT_LANGUAGE[message.lang], ...(message.automatic ? { 'Auto-Submitted': 'auto-generated' } : {}) },
    });
  }
}
