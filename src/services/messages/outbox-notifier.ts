// The demo notifier: codes and e-mails go to an in-memory outbox that the demo page shows, since the demo
// has no phone or mail server to send them with. A code is recorded with its contact masked, and its log
// line names only the challenge and the masked contact — never the code or the contact itself; a mail is
// kept whole in the outbox (the address is the holder's own contact), but its log line names only the
// ticket and the Message-ID.
import { subjectTicketId } from '../../domain/tickets.ts';
import type { Log, Notifier, OutgoingCode, OutgoingMail } from '../ports.ts';

export interface OutboxMessage {
  challengeId: string;
  /** The masked contact the code went to ("c***@example.com"). */
  to: string;
  /** 'phone' or 'email'. */
  via: string;
  channel: string;
  code: string;
  expiresAt: number;
}

export class OutboxNotifier implements Notifier {
  readonly reaches = { phone: true, email: true } as const;
  private readonly messages: OutboxMessage[] = [];
  private readonly mails: OutgoingMail[] = [];

  constructor(
    private readonly log: Log,
    private readonly keep = 50,
  ) {}

  async sendCode(message: OutgoingCode): Promise<void> {
    // Never the code itself: a log is read by more people, and kept longer, than the code is valid (DESIGN §4 rule 6).
    this.log.info({ challengeId: message.challengeId, to: message.sentTo }, 'one-time code put in the demo outbox');
    const { challengeId, sentTo, channel, code, expiresAt } = message;
    this.messages.unshift({ challengeId, to: sentTo, via: message.to.kind, channel, code, expiresAt });
    this.messages.length = Math.min(this.messages.length, this.keep);
  }

  async sendMail(message: OutgoingMail): Promise<void> {
    this.log.info({ ticket: subjectTicketId(message.subject), messageId: message.messageId }, 'e-mail reply to a ticket');
    this.mails.unshift({ ...message });
    this.mails.length = Math.min(this.mails.length, this.keep);
  }

  /** Newest first. */
  recent(): readonly OutboxMessage[] {
    return this.messages;
  }

  /** The e-mails "sent", newest first. */
  recentMails(): readonly OutgoingMail[] {
    return this.mails;
  }
}
