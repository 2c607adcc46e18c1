// The default notifier: the code goes to the server log and to an in-memory outbox that the demo page
// shows, since the demo has no phone to send it to. Only the masked document is ever recorded.
import type { Log, Notifier } from './ports.ts';

export interface OutboxMessage {
  challengeId: string;
  to: string;
  channel: string;
  code: string;
  expiresAt: number;
}

export class OutboxNotifier implements Notifier {
  private readonly messages: OutboxMessage[] = [];

  constructor(
    private readonly log: Log,
    private readonly keep = 50,
  ) {}

  async sendCode(message: OutboxMessage): Promise<void> {
    this.log.info({ to: message.to, code: message.code }, 'one-time sign-in code');
    this.messages.unshift(message);
    this.messages.length = Math.min(this.messages.length, this.keep);
  }

  /** Newest first. */
  recent(): readonly OutboxMessage[] {
    return this.messages;
  }
}
