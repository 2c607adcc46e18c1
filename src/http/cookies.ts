// The cookies the API sets: a sign-in's sealed state on its way through the browser. HttpOnly, so no script
// reads them; SameSite=Lax, so they ride the provider's redirect back (a top-level GET) and nothing
// cross-site else; scoped to the path of the routes that read them; Secure wherever the service is https.
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface CookieScope {
  path: string;
  secure: boolean;
}

/** The value of cookie `name` in the request, or undefined. */
export function cookieValue(request: FastifyRequest, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Sets cookie `name` for `seconds`; 0 removes it. The value must be cookie-safe (base64url is). */
export function setCookie(reply: FastifyReply, name: string, value: string, seconds: number, scope: CookieScope): void {
  const attributes = [`${name}=${value}`, `Path=${scope.path}`, `Max-Age=${seconds}`, 'HttpOnly', 'SameSite=Lax', ...(scope.secure ? ['Secure'] : [])];
  // Fastify appends a second set-cookie rather than replacing the first.
  reply.header('set-cookie', attributes.join('; '));
}
