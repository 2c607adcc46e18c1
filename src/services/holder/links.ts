// Links in the notices a holder receives, that do one thing when opened: confirm an unbind an agent was asked
// for, or turn reminders off. A link is a capability, like a one-time code: it reaches only the contact the
// person proved, it names what it does and for whom, and it is signed (HMAC under the session key, apart from
// sessions by its prefix) so nobody can make or change one. It sits after the page's '#', so it never reaches
// a server log or a Referer. An unbind link expires; turning reminders off is harmless, so its link does not.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Channel } from '../../domain/channels.ts';
import { YktError } from '../../domain/errors.ts';
import type { Context } from '../context.ts';

/** How long an agent's unbind stays open for the holder to confirm. */
export const UNBIND_CONFIRM_MS = 24 * 3_600_000;

export type LinkClaim =
  | { do: 'unbind'; person: number; binding: number; ticket: number; until: number }
  | { do: 'reminders-off'; person: number };

const mac = (ctx: Context, payload: string): Buffer => createHmac('sha256', ctx.secrets.sessionKey).update(`link:v1:${payload}`).digest();

/** The signed token of a claim: `<payload>.<mac>`, both base64url. */
export function signLink(ctx: Context, claim: LinkClaim): string {
  const payload = Buffer.from(JSON.stringify(claim)).toString('base64url');
  return `${payload}.${mac(ctx, payload).toString('base64url')}`;
}

/**
 * The claim of a token, if it is ours, untouched, of the kind asked for and not expired; LINK_INVALID or
 * LINK_EXPIRED otherwise.
 */
export function openLink<K extends LinkClaim['do']>(ctx: Context, token: string, kind: K): Extract<LinkClaim, { do: K }> {
  const [payload, given, extra] = token.split('.');
  if (!payload || !given || extra !== undefined) throw new YktError('LINK_INVALID');
  const expected = mac(ctx, payload);
  const actual = Buffer.from(given, 'base64url');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) throw new YktError('LINK_INVALID');
  const claim = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as LinkClaim;
  if (claim.do !== kind) throw new YktError('LINK_INVALID');
  if (claim.do === 'unbind' && claim.until <= ctx.clock()) throw new YktError('LINK_EXPIRED');
  return claim as Extract<LinkClaim, { do: K }>;
}

/**
 * The holder page a link opens, on the holder's channel (the binding's): the Health Kit column for visitors,
 * the Yikatong app for residence-permit holders.
 * @example pageLink(ctx, 'kit', 'unbind', token) // 'https://ykt.example.com/kit#/unbind/eyJ…'
 */
export function pageLink(ctx: Context, channel: Channel, route: string, token?: string): string {
  return `${ctx.config.publicUrl}/${channel}#/${route}${token ? `/${token}` : ''}`;
}
