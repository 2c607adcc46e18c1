// SMS out through an HTTP gateway: one JSON request per message, signed so that the gateway can tell it
// came from us. Real SMS vendors each have their own API; a small relay that speaks this request on one side
// and the vendor's API on the other is how one plugs in (docs/deploy.md, "SMS gateway").
//
//   POST <YKT_SMS_GATEWAY_URL>
//   content-type: application/json
//   x-ykt-timestamp: 1717200000000                       (ms since the epoch)
//   x-ykt-signature: v1=<hex HMAC-SHA256(key, timestamp + "." + body)>
//   {"messageId":"code-…@ykt","to":"+85291234567","lang":"en","text":"[Beijing Yikatong] Sign-in code 123456, …"}
//
// Any 2xx is accepted; anything else, or no answer within the timeout, is a failed send.
import { createHmac } from 'node:crypto';
import type { Clock, OutgoingMessage } from '../ports.ts';

export interface SmsGatewaySettings {
  /** YKT_SMS_GATEWAY_URL. */
  url: string;
  /** YKT_SMS_GATEWAY_KEY: the HMAC key, as text. */
  key: string;
}

/** The JSON body of one request to the gateway. */
export interface SmsRequest {
  /** The same on every try of one message (its Message-ID without the angle brackets): a gateway may drop a repeat it has already sent. */
  messageId: string;
  /** E.164, e.g. +85291234567. */
  to: string;
  lang: 'zh' | 'en';
  text: string;
}

/**
 * The signature header of a request: what the gateway recomputes with the shared key to accept it.
 * @example smsSignature('key', '1717200000000', '{"to":"+85291234567"}') // 'v1=5f…'
 */
export const smsSignature = (key: string, timestamp: string, body: string): string =>
  `v1=${createHmac('sha256', key).update(`${timestamp}.${body}`).digest('hex')}`;

export class SmsGateway {
  constructor(
    private readonly settings: SmsGatewaySettings,
    private readonly timeoutMs: number,
    private readonly clock: Clock = Date.now,
  ) {}

  /** Sends one message to a phone contact; throws with `code` SMS_GATEWAY_<status> when refused. It logs nothing: the outbox does. */
  async send(message: OutgoingMessage): Promise<void> {
    const request: SmsRequest = { messageId: message.messageId.replace(/^<|>$/g, ''), to: message.to.value, lang: message.lang, text: message.sms ?? message.text };
    const body = JSON.stringify(request);
    const timestamp = String(this.clock());
    const response = await fetch(this.settings.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-ykt-timestamp': timestamp, 'x-ykt-signature': smsSignature(this.settings.key, timestamp, body) },
      body,
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    // The answer's body is the vendor's business (and may echo the number): drained, never logged.
    await response.arrayBuffer().catch(() => undefined);
    if (!response.ok) throw Object.assign(new Error(`SMS gateway answered ${response.status}`), { code: `SMS_GATEWAY_${response.status}` });
  }
}
