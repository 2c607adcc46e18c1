// Short-lived signed URLs for reader list files. Lists go to enrolled readers only (DESIGN §4 rule 5), yet an
// HTTP cache or CDN should still serve one object to all of them: so the sync plan, which only an
// authenticated reader gets, names each file by a URL that carries its own proof, `<path>?expires=<unix s>
// &sig=<base64url HMAC-SHA256 of "<path>?expires=<unix s>">`. Expiry is rounded up to the end of the next
// window, so every reader asking within one window gets byte-identical URLs (one cached object per window)
// and each URL lives between one and two windows. The key is derived from the session key, which every node
// of a PostgreSQL cluster shares (services/secrets.ts), so any node makes and accepts the same URLs.
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { YktError } from '../../domain/errors.ts';
import type { Context } from '../context.ts';

/** Expiries are multiples of this; a URL is valid for at least one window and at most two. */
export const LIST_LINK_WINDOW_S = 300;

type Signer = Pick<Context, 'secrets' | 'clock'>;

// One key per purpose (as sealed-cookie.ts does): a list link's MAC can never pass for a session's or a link
// in a notice, which sign under the session key itself.
const keys = new WeakMap<Buffer, Buffer>();
function linkKey(ctx: Signer): Buffer {
  let key = keys.get(ctx.secrets.sessionKey);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', ctx.secrets.sessionKey, Buffer.alloc(0), 'ykt list link', 32));
    keys.set(ctx.secrets.sessionKey, key);
  }
  return key;
}

const mac = (ctx: Signer, path: string, expires: string): string => createHmac('sha256', linkKey(ctx)).update(`${path}?expires=${expires}`).digest('base64url');

/** The expiry (unix seconds) of every link made at `nowMs`: the end of the window after the current one. */
export function linkExpiry(nowMs: number): number {
  return (Math.floor(nowMs / 1000 / LIST_LINK_WINDOW_S) + 2) * LIST_LINK_WINDOW_S;
}

/**
 * `path` signed until the end of the next window; the same for every call within one window.
 * @example signListPath(ctx, '/api/v1/terminal/lists/delta/41/42') // '/api/v1/terminal/lists/delta/41/42?expires=1654041900&sig=Zk3…'
 */
export function signListPath(ctx: Signer, path: string): string {
  const expires = String(linkExpiry(ctx.clock()));
  return `${path}?expires=${expires}&sig=${mac(ctx, path, expires)}`;
}

/**
 * Checks a signed link to `path` (as the request named it, without its query) and returns the seconds it is
 * still valid for.
 * @throws YktError LIST_LINK_INVALID when it was not made by us for this path and expiry, LIST_LINK_EXPIRED
 * once its expiry has passed.
 */
export function checkListLink(ctx: Signer, path: string, expires: string | undefined, sig: string | undefined): number {
  // Only the form we make: digits without a leading zero, and the MAC as we encode it, compared as text so
  // that no other spelling of the same bytes (base64 is lenient) names a second, uncached URL.
  if (!expires || !sig || !/^[1-9][0-9]{0,11}$/.test(expires)) throw new YktError('LIST_LINK_INVALID');
  const expected = Buffer.from(mac(ctx, path, expires));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new YktError('LIST_LINK_INVALID');
  const remaining = Number(expires) - Math.floor(ctx.clock() / 1000);
  if (remaining <= 0) throw new YktError('LIST_LINK_EXPIRED');
  return remaining;
}
