// The ports the services speak through, so that a real deployment swaps the sign-in and delivery
// (Health Kit, WeChat, Alipay, SMS) without touching the rest.
import type { Channel } from '../store/store.ts';

/** Delivers a one-time sign-in code. The default writes it to the log and the demo outbox. */
export interface Notifier {
  sendCode(message: { challengeId: string; to: string; channel: Channel; code: string; expiresAt: number }): Promise<void>;
}

/** Milliseconds since the epoch; tests pass a clock they can move. */
export type Clock = () => number;

/** The minimal logger services use (pino's shape). Never pass personal data to it. */
export interface Log {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}
