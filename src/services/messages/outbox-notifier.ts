// The default notifier: codes and e-mails go to an in-memory outbox that the demo page shows, since the demo
// has no phone or mail server to send them with. Only the masked document is ever recorded for a code; a mail
// is kept whole in the outbox (the address is the holder's own contact), but its log line names only the
// ticket and the Message-ID.
import { subjectTicketId } from '../../domain/tickets.ts';
import type { Log, Notifier, OutgoingMail } from '../ports.ts';

export interface OutboxMessage {
  challengeId: string;
  to: string;
  channel: string;
  code: string;
  expiresAt: number;
}

export class OutboxNotifier implements Notifier {
  private readonly messages: OutboxMessage[] = [];
  private readonly mails: OutgoingMail[] = [];

  constructor(
    private readonly log: Log,
    private readonly keep = 50,
  ) {}

  async sendCode(message: OutboxMessage): Promise<void> {
    // Never the code itself: a log is read by more people, and kept longer, than the code is valid (DESIGN §4 rule 6).
    this.log.info({ challengeId: message.challengeId, to: message.to, channel: message.channel }, 'one-time sign-in code put in the demo outbox');
    this.messages.unshift(message);
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
