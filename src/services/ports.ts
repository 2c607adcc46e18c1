// The ports the services speak through, so that a real deployment swaps the sign-in and delivery
// (Health Kit, WeChat, Alipay, SMS) without touching the rest.
import type { Channel } from '../domain/channels.ts';
import type { Contact, ContactKind } from '../domain/contacts.ts';

/** The languages everything a person reads exists in. */
export type Lang = 'zh' | 'en';

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
  /** The language subject and text are written in (the holder's); sent as Content-Language. */
  lang?: Lang;
}

/** A one-time code on its way to the contact a person gave or proved. */
export interface OutgoingCode {
  challengeId: string;
  /** Where it goes: a phone number (E.164) by SMS or an e-mail address. Never logged. */
  to: Contact;
  /** The same, masked ("+852 ****1234", "c***@example.com"): what the person and the demo outbox see. */
  sentTo: string;
  channel: Channel;
  code: string;
  expiresAt: number;
  lang: Lang;
  /** Why the code is sent: a sign-in, or proving a contact before it replaces the old one. */
  purpose: 'sign-in' | 'contact-change';
}

/**
 * Delivers what the services send out: one-time sign-in codes and e-mail replies to holders. The demo's
 * keeps them in an outbox; a deployment's (messages/delivery.ts) sends codes by SMTP or an SMS gateway.
 */
export interface Notifier {
  /** Which kinds of contact a code can reach: a code is refused, coded, before it is promised to one it cannot. */
  readonly reaches: Readonly<Record<ContactKind, boolean>>;
  sendCode(message: OutgoingCode): Promise<void>;
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
