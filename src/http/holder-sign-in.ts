// The holder's sign-in at an OpenID provider, and which ways of signing in are offered. The browser goes to
// …/login/oidc, on to the provider, and back to …/login/oidc/callback, which finishes the sign-in and sends
// the browser to the holder page with the outcome in a sealed, HttpOnly cookie; the page then fetches the
// outcome once (POST …/login/oidc/result), so the session token never travels in a URL that gets logged or
// kept in the history, and a refusal reaches the page as the same coded zh/en error as any other.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { HolderChannel } from '../domain/channels.ts';
import { YktError, type ErrorCode } from '../domain/errors.ts';
import type { Context } from '../services/context.ts';
import { offered, type IdentityProviders, type SignedIn } from '../services/identity/identity-provider.ts';
import { OIDC_FLOW_TTL_MS } from '../services/identity/oidc.ts';
import { openCookie, sealCookie } from '../services/identity/sealed-cookie.ts';
import { cookieValue, setCookie, type CookieScope } from './cookies.ts';
import { CallbackQuery, redirectAnswer, SignedInReply, SignInMethods, StartQuery } from './holder-sign-in-schemas.ts';
import { errorResponses } from './schemas.ts';

const FLOW_COOKIE = 'ykt_oidc_flow';
const RESULT_COOKIE = 'ykt_sign_in_result';
// Long enough for the page to load and ask, short enough that a forgotten one is soon worthless.
const RESULT_TTL_MS = 60_000;

/** A sign-in's outcome on its way to the page. */
type SignInResult = { session: SignedIn } | { error: { code: ErrorCode; details?: Record<string, unknown> } };

// The provider's answer carries a one-time authorization code: the log line keeps the path only.
const withoutQuery = (request: FastifyRequest) => ({ method: request.method, url: request.url.split('?')[0], host: request.host, remoteAddress: request.ip });

export interface HolderSignInOptions {
  ctx: Context;
  channel: HolderChannel;
  identity: IdentityProviders;
  rateLimit: { max: number; timeWindow: string };
}

export const holderSignInRoutes: FastifyPluginAsyncTypebox<HolderSignInOptions> = async (app, { ctx, channel, identity, rateLimit }) => {
  const tags = [channel];
  const start = `/api/v1/${channel}/login/oidc`;
  const scope: CookieScope = { path: start, secure: ctx.config.identity.oidc?.publicUrl.startsWith('https:') ?? true };
  const page = `/${channel}?signin=oidc`;

  /** A failed sign-in's outcome for the page to fetch; a fault is logged here, since nothing throws it on. */
  function refused(request: FastifyRequest, error: unknown): SignInResult {
    if (!(error instanceof YktError)) request.log.error({ err: error }, 'sign-in failed');
    const refusal = error instanceof YktError ? error : new YktError('INTERNAL');
    if (refusal.status < 500) request.log.info({ code: refusal.code }, 'sign-in refused');
    return { error: { code: refusal.code, ...(refusal.details ? { details: refusal.details } : {}) } };
  }

  app.get('/login/methods', {
    schema: { tags, summary: 'The ways of signing in offered here: the document and one-time code, a sign-in at an OpenID provider, or both', response: { 200: SignInMethods, ...errorResponses } },
    handler: async () => ({
      documentCode: identity.code !== undefined,
      redirect: identity.redirect ? { kind: identity.redirect.kind, name: identity.redirect.name, start } : null,
    }),
  });

  app.get('/login/oidc', {
    config: { rateLimit },
    schema: {
      tags,
      summary: 'Start a sign-in at the OpenID provider: a page navigation, answered by a redirect to the provider (PKCE, state and nonce kept in a sealed HttpOnly cookie)',
      querystring: StartQuery,
      response: { 303: redirectAnswer('To the provider; or, when it cannot be reached, back to the holder page with the refusal to fetch'), ...errorResponses },
    },
    handler: async (request, reply) => {
      const provider = offered(identity.redirect);
      try {
        const { redirectTo, flow } = await provider.begin(channel, request.query.lang ?? 'zh');
        setCookie(reply, FLOW_COOKIE, flow, OIDC_FLOW_TTL_MS / 1000, scope);
        return reply.redirect(redirectTo.href, 303);
      } catch (error) {
        setCookie(reply, RESULT_COOKIE, sealCookie(ctx, 'sign-in-result', refused(request, error), RESULT_TTL_MS), RESULT_TTL_MS / 1000, scope);
        return reply.redirect(page, 303);
      }
    },
  });

  app.get('/login/oidc/callback', {
    config: { rateLimit },
    logSerializers: { req: withoutQuery },
    schema: {
      tags,
      summary: 'Where the OpenID provider sends the browser back: finishes the sign-in (state, PKCE, nonce checked; claims → document → person → session) and redirects to the holder page',
      querystring: CallbackQuery,
      response: { 303: redirectAnswer('To the holder page, which fetches the outcome from POST …/login/oidc/result'), ...errorResponses },
    },
    handler: async (request, reply) => {
      const provider = offered(identity.redirect);
      const at = request.url.indexOf('?');
      const query = new URLSearchParams(at < 0 ? '' : request.url.slice(at + 1));
      const outcome: SignInResult = await provider.finish(channel, query, cookieValue(request, FLOW_COOKIE)).then(
        (session) => ({ session }),
        (error: unknown) => refused(request, error),
      );
      // One flow, one try: whatever happened, its state is spent.
      setCookie(reply, FLOW_COOKIE, '', 0, scope);
      setCookie(reply, RESULT_COOKIE, sealCookie(ctx, 'sign-in-result', outcome, RESULT_TTL_MS), RESULT_TTL_MS / 1000, scope);
      return reply.redirect(page, 303);
    },
  });

  app.post('/login/oidc/result', {
    schema: {
      tags,
      summary: 'The outcome of the sign-in at the provider, once: the session, or the coded refusal (OIDC_STATE_MISMATCH when there is none to give)',
      response: { 200: SignedInReply, ...errorResponses },
    },
    handler: async (request, reply) => {
      offered(identity.redirect);
      const outcome = openCookie<SignInResult>(ctx, 'sign-in-result', cookieValue(request, RESULT_COOKIE));
      setCookie(reply, RESULT_COOKIE, '', 0, scope);
      if (!outcome) throw new YktError('OIDC_STATE_MISMATCH');
      if ('error' in outcome) throw new YktError(outcome.error.code, outcome.error.details);
      return { ...outcome.session, expiresAt: new Date(outcome.session.expiresAt).toISOString() };
    },
  });
};
