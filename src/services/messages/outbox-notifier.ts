// The demo notifier: messages go to an in-memory list that the demo page shows, since the demo has no phone
// or mail server to send them with. A code is listed apart, with its contact masked, and its log line names
// only the challenge and the masked contact — never the code or the contact itself; any other message is
// kept whole (the address is the holder's own contact), and its log line names only its Message-ID.
import { maskContact } from '../../domain/contacts.ts';
import type { Log, Notifier, OutgoingMessage } from '../ports.ts';

export interface OutboxCode {
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
  private readonly codes: OutboxCode[] = [];
  private readonly mails: OutgoingMessage[] = [];

  constructor(
    private readonly log: Log,
    private readonly keep = 50,
  ) {}

  async send(message: OutgoingMessage): Promise<void> {
    const { code } = message;
    if (code) {
      const to = maskContact(message.to);
      // Never the code itself: a log is read by more people, and kept longer, than the code is valid (DESIGN §4 rule 6).
      this.log.info({ challengeId: code.challengeId, to }, 'one-time code put in the demo outbox');
      this.codes.unshift({ challengeId: code.challengeId, to, via: message.to.kind, channel: code.channel, code: code.value, expiresAt: code.expiresAt });
      this.codes.length = Math.min(this.codes.length, this.keep);
      return;
    }
    this.log.info({ messageId: message.messageId }, 'message put in the demo outbox');
    this.mails.unshift({ ...message });
    this.mails.length = Math.min(this.mails.length, this.keep);
  }

  /** The codes "sent", newest first. */
  recent(): readonly OutboxCode[] {
    return this.codes;
  }

  /** The other messages "sent" (agents' replies, notices), newest first. */
  recentMails(): readonly OutgoingMessage[] {
    return this.mails;
  }
}
