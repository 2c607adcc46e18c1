// Sign-in with OpenID Connect (openid-client): the authorization code flow with PKCE, state and nonce —
// the shape of a Health Kit, WeChat or Alipay real-name login. The flow's secrets wait in a sealed cookie
// rather than a table, so any node finishes what another began; the provider's claims become our document
// (oidc-claims.ts), which decides the channel exactly as a typed one does.
import * as client from 'openid-client';
import type { OidcConfig } from '../../config-oidc.ts';
import type { HolderChannel } from '../../domain/channels.ts';
import { YktError } from '../../domain/errors.ts';
import type { Context } from '../context.ts';
import type { RedirectIdentityProvider, RedirectStart, SignedIn } from './identity-provider.ts';
import { identityFromClaims } from './oidc-claims.ts';
import { providerRefusal } from './oidc-refusals.ts';
import { signInProven } from './proven-sign-in.ts';
import { openCookie, sealCookie } from './sealed-cookie.ts';

/** How long a person may take at the provider (login, consent) before the flow is refused as stale. */
export const OIDC_FLOW_TTL_MS = 10 * 60_000;
// A person is waiting on every call to the provider: fail soon and say so rather than hang.
const PROVIDER_TIMEOUT_SECONDS = 10;

/** What the sealed flow cookie carries between begin() and finish(). */
interface Flow {
  channel: HolderChannel;
  state: string;
  nonce: string;
  verifier: string;
}

/**
 * The address the provider sends the browser back to, one per channel: both are registered at the provider.
 * @example callbackUrl('https://upgrade.example.com', 'kit') // → 'https://upgrade.example.com/api/v1/kit/login/oidc/callback'
 */
export const callbackUrl = (publicUrl: string, channel: HolderChannel): string => `${publicUrl}/api/v1/${channel}/login/oidc/callback`;

export class OidcSignIn implements RedirectIdentityProvider {
  readonly kind = 'oidc';
  readonly name: OidcConfig['name'];
  private discovered: Promise<client.Configuration> | undefined;

  constructor(
    private readonly ctx: Context,
    private readonly settings: OidcConfig,
  ) {
    this.name = settings.name;
  }

  async begin(channel: HolderChannel, lang: 'zh' | 'en'): Promise<RedirectStart> {
    const config = await this.configuration();
    const flow: Flow = { channel, state: client.randomState(), nonce: client.randomNonce(), verifier: client.randomPKCECodeVerifier() };
    const redirectTo = client.buildAuthorizationUrl(config, {
      redirect_uri: callbackUrl(this.settings.publicUrl, channel),
      scope: this.settings.scopes,
      state: flow.state,
      nonce: flow.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(flow.verifier),
      code_challenge_method: 'S256',
      // The provider's pages in the language of ours, where it can.
      ui_locales: lang === 'zh' ? 'zh-CN en' : 'en zh-CN',
    });
    return { redirectTo, flow: sealCookie(this.ctx, 'oidc-flow', flow, OIDC_FLOW_TTL_MS) };
  }

  async finish(channel: HolderChannel, query: URLSearchParams, sealedFlow: string | undefined): Promise<SignedIn> {
    const flow = openCookie<Flow>(this.ctx, 'oidc-flow', sealedFlow);
    // No flow (expired, altered, or begun in another browser) or another state: this browser did not start
    // this sign-in, and finishing it could sign the person in as someone else (login CSRF).
    if (!flow || flow.channel !== channel || query.get('state') !== flow.state) throw new YktError('OIDC_STATE_MISMATCH');
    const claims = await this.claims(query, flow).catch((error: unknown) => {
      throw providerRefusal(this.ctx.log, error);
    });
    return signInProven(this.ctx, channel, identityFromClaims(claims, this.settings, new Date(this.ctx.clock())));
  }

  /** The ID token's claims, with the UserInfo endpoint's over them where the provider has one (most put real-name data there). */
  private async claims(query: URLSearchParams, flow: Flow): Promise<Record<string, unknown>> {
    const config = await this.configuration();
    // The URL the provider redirected to, as registered: behind a proxy the request's own host may differ.
    const current = new URL(callbackUrl(this.settings.publicUrl, flow.channel));
    current.search = query.toString();
    const tokens = await client.authorizationCodeGrant(config, current, { pkceCodeVerifier: flow.verifier, expectedState: flow.state, expectedNonce: flow.nonce, idTokenExpected: true });
    const idToken = tokens.claims();
    if (!idToken) throw new YktError('OIDC_PROVIDER_ERROR');
    if (!config.serverMetadata().userinfo_endpoint) return idToken;
    return { ...idToken, ...(await client.fetchUserInfo(config, tokens.access_token, idToken.sub)) };
  }

  /** The provider's metadata, discovered at the first sign-in and kept; a failed discovery is tried again next time. */
  private configuration(): Promise<client.Configuration> {
    this.discovered ??= this.discover().catch((error: unknown) => {
      this.discovered = undefined;
      throw error;
    });
    return this.discovered;
  }

  private async discover(): Promise<client.Configuration> {
    const { issuer, clientId, insecure } = this.settings;
    const secret = this.ctx.config.secretEnv.YKT_OIDC_CLIENT_SECRET;
    try {
      return await client.discovery(new URL(issuer), clientId, secret, secret ? client.ClientSecretBasic(secret) : client.None(), {
        timeout: PROVIDER_TIMEOUT_SECONDS,
        execute: insecure ? [client.allowInsecureRequests] : [],
      });
    } catch (error) {
      this.ctx.log.error({ issuer, oidcError: (error as { code?: string }).code ?? (error as Error).name, reason: (error as Error).message }, 'OpenID Connect: the provider\'s metadata could not be read');
      throw new YktError('OIDC_PROVIDER_ERROR');
    }
  }
}
