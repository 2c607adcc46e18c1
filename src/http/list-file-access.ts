// Who may have a reader list file, answered as who may keep it (services/lists/list-links.ts makes the links).
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Context } from '../services/context.ts';
import { checkListLink } from '../services/lists/list-links.ts';
import type { TerminalAuth } from '../services/operator/terminals.ts';
import { bearerToken } from './holder-auth.ts';

/** The query of a signed link; both absent when the reader asks on its credentials. */
export const LinkQuery = Type.Object({
  expires: Type.Optional(Type.String({ maxLength: 16, description: 'With `sig`: a signed link from the sync plan, valid until these unix seconds' })),
  sig: Type.Optional(Type.String({ maxLength: 64, description: 'With `expires`: the link\'s signature (base64url)' })),
});

/**
 * The Cache-Control of a list file the request may have; refuses it otherwise. A valid signed link: any
 * cache may keep it until the link expires (not `immutable`: the URL stops working then, though the bytes
 * never change). Else the reader's credentials: that reader only, for good. A reader sends its credentials
 * with a link too; when the link has lapsed (a download across its expiry) they still serve it, so that a
 * reader never takes a link's 401 for its own revocation (the SDK forgets its list on 401/403).
 * @throws YktError TERMINAL_AUTH_INVALID or TERMINAL_REVOKED for the credentials; LIST_LINK_INVALID or
 * LIST_LINK_EXPIRED for a link sent without credentials.
 * @example reply.header('cache-control', await listFileCacheControl(ctx, parts.terminalAuth, request, request.query))
 */
export async function listFileCacheControl(ctx: Context, auth: TerminalAuth, request: FastifyRequest, link: { expires?: string; sig?: string }): Promise<string> {
  if (link.expires !== undefined || link.sig !== undefined) {
    try {
      return `public, max-age=${checkListLink(ctx, request.url.split('?')[0]!, link.expires, link.sig)}`;
    } catch (refusal) {
      if (request.headers.authorization === undefined) throw refusal;
    }
  }
  await auth.authenticate(bearerToken(request));
  return 'private, max-age=31536000, immutable';
}
