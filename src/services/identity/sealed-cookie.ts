// Short-lived state a sign-in keeps in the browser instead of a table, so that any node can finish what
// another began: sealed with AES-256-GCM under a key derived from the session key (one key per purpose, so
// one kind of cookie never opens as another), and dated inside the seal, so an old one is refused whatever
// lifetime the cookie itself was given.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { Context } from '../context.ts';

/** What a sealed cookie carries: an OpenID Connect flow waiting for the browser, or a sign-in's outcome. */
export type CookiePurpose = 'oidc-flow' | 'sign-in-result';

type Sealer = Pick<Context, 'secrets' | 'clock'>;

const TAG_BYTES = 16;

const keyFor = (ctx: Sealer, purpose: CookiePurpose): Buffer =>
  Buffer.from(hkdfSync('sha256', ctx.secrets.sessionKey, Buffer.alloc(0), `ykt ${purpose} cookie`, 32));

/**
 * Seals `value` for `ttlMs`, as base64url (a cookie value needs no quoting).
 * @example const cookie = sealCookie(ctx, 'oidc-flow', { state }, 600_000)
 */
export function sealCookie(ctx: Sealer, purpose: CookiePurpose, value: object, ttlMs: number): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(ctx, purpose), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify({ value, until: ctx.clock() + ttlMs }), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** The value sealed for `purpose`, or undefined when there is none, it was altered, or its time is up. */
export function openCookie<T>(ctx: Sealer, purpose: CookiePurpose, sealed: string | undefined): T | undefined {
  if (!sealed) return undefined;
  try {
    const bytes = Buffer.from(sealed, 'base64url');
    // The tag length is fixed, or a truncated tag would be checked as a shorter, weaker one.
    const decipher = createDecipheriv('aes-256-gcm', keyFor(ctx, purpose), bytes.subarray(0, 12), { authTagLength: TAG_BYTES });
    decipher.setAuthTag(bytes.subarray(12, 12 + TAG_BYTES));
    const opened = JSON.parse(Buffer.concat([decipher.update(bytes.subarray(12 + TAG_BYTES)), decipher.final()]).toString('utf8'));
    return typeof opened.until === 'number' && opened.until > ctx.clock() ? (opened.value as T) : undefined;
  } catch {
    return undefined;
  }
}
