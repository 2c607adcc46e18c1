// The ports the services speak through, so that a real deployment swaps the sign-in and delivery
// (Health Kit, WeChat, Alipay, SMS) without touching the rest.
import type { Channel } from '../domain/channels.ts';

/** An e-mail to a holder: an agent's reply to an e-mail ticket, tagged [#id] and threaded by Message-ID. */
export interface OutgoingMail {
  /** The holder's own address, as the ticket has it. */
  to: string;
  subject: string;
  text: string;
  /** Our Message-ID (`<ticket-42-…@ykt>`), stored with the reply so that the holder's answer threads back. */
  messageId: string;
  /** The Message-ID of the holder's mail this answers, when there is one. */
  inReplyTo?: string;
}

/**
 * Delivers what the services send out: one-time sign-in codes and e-mail replies to holders. The default
 * writes them to the log (never an address or body of a mail) and the demo outbox.
 */
export interface Notifier {
  sendCode(message: { challengeId: string; to: string; channel: Channel; code: string; expiresAt: number }): Promise<void>;
  sendMail(message: OutgoingMail): Promise<void>;
}

/** Milliseconds since the epoch; tests pass a clock they can move. */
export type Clock = () => number;

/** The minimal logger services use (pino's shape). Never pass personal data to it. */
export interface Log {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}
