// The ports the services speak through, so that a real deployment swaps the sign-in and delivery
// (Health Kit, WeChat, Alipay, SMS) without touching the rest.
import type { Channel } from '../domain/channels.ts';
import type { Contact, ContactKind } from '../domain/contacts.ts';

/** The languages everything a person reads exists in. */
export type Lang = 'zh' | 'en';

/**
 * A message to a person, written out when it is queued (services/messages/outbox.ts) and sent as it is on
 * every try: a one-time code, an agent's reply, a notice. E-mail sends the subject and text, SMS the sms text.
 */
export interface OutgoingMessage {
  /** A phone number (E.164), by SMS, or an e-mail address. Never logged. */
  to: Contact;
  /** The language the texts are written in (the holder's); sent as Content-Language. */
  lang: Lang;
  subject: string;
  text: string;
  /** What an SMS says when `to` is a phone (short); without one, the text. */
  sms?: string;
  /**
   * Stable for this message whatever the number of tries (`<ticket-42-…@ykt>`): its e-mail Message-ID, and
   * without the angle brackets the SMS request's messageId, so that a receiver can drop a repeat.
   */
  messageId: string;
  /** The Message-ID of the holder's mail this answers, so that mail programs thread it. */
  inReplyTo?: string;
  /** Written by no person (codes, notices): marked Auto-Submitted, so that auto-responders leave it alone. */
  automatic: boolean;
  /** A one-time code's facts, for the demo outbox, which lists codes apart; transports send only the texts. */
  code?: { challengeId: string; value: string; channel: Channel; expiresAt: number };
}

/**
 * Delivers one message to a person. Services never call it directly: they queue messages (the outbox),
 * which calls it. The demo's keeps messages in memory; a deployment's (messages/delivery.ts) sends by SMTP
 * or an SMS gateway.
 */
export interface Notifier {
  /** Which kinds of contact it can reach: a code is refused, coded, before it is promised to one it cannot. */
  readonly reaches: Readonly<Record<ContactKind, boolean>>;
  /** Resolves once the SMTP server or gateway accepted the message; throws (with `code` where known) when not. */
  send(message: OutgoingMessage): Promise<void>;
}

/** Milliseconds since the epoch; tests pass a clock they can move. */
export type Clock = () => number;

/** The minimal logger services use (pino's shape). Never pass personal data to it. */
export interface Log {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}
