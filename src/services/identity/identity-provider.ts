// The identity port (DESIGN §3, identity): the ways a holder proves who they are. The holder routes speak to
// this, never to one implementation, so that a platform's real-name login (Health Kit, WeChat, Alipay)
// replaces the built-in one by configuration alone (YKT_IDENTITY; providers.ts builds the ones that are on).
// Two shapes, because the two kinds of sign-in differ in what the browser does: a code is asked for and
// proven by calls to us; a redirect sign-in sends the browser to the provider and takes it back.
import type { HolderChannel } from '../../domain/channels.ts';
import { YktError, type Message } from '../../domain/errors.ts';
import type { CodeRequest, CodeSent } from '../holder/sign-in.ts';

/** What every sign-in ends with: a session for one person on one channel. */
export interface SignedIn {
  token: string;
  expiresAt: number;
  person: { docType: string; docMasked: string | null; contactMasked: string | null };
}

/** The built-in: a document, then a one-time code sent to the person's verified contact. */
export interface CodeIdentityProvider {
  readonly kind: 'document-code';
  requestCode(channel: HolderChannel, request: CodeRequest): Promise<CodeSent>;
  /** `lang`, the language the holder reads, becomes the language of their notices. */
  verifyCode(channel: HolderChannel, challengeId: string, code: string, lang?: 'zh' | 'en'): Promise<SignedIn>;
}

/** The flow state a redirect sign-in keeps in the browser (sealed) until the browser comes back. */
export interface RedirectStart {
  /** Where to send the browser. */
  redirectTo: URL;
  /** Opaque and sealed; given back to finish() as it was. */
  flow: string;
}

/** A platform's login the browser is sent to and comes back from (OpenID Connect). */
export interface RedirectIdentityProvider {
  readonly kind: 'oidc';
  /** The provider as the sign-in button names it: "使用{zh}登录", "Sign in with {en}". */
  readonly name: Message;
  /** @throws YktError OIDC_PROVIDER_ERROR when the provider cannot be reached. */
  begin(channel: HolderChannel, lang: 'zh' | 'en'): Promise<RedirectStart>;
  /**
   * The browser is back with the provider's answer (`query`, the callback URL's parameters) and the flow
   * state begin() gave (undefined when the browser brought none). Checks them, proves the person, and
   * opens a session; changes nothing when it throws.
   */
  finish(channel: HolderChannel, query: URLSearchParams, flow: string | undefined): Promise<SignedIn>;
}

export type IdentityProvider = CodeIdentityProvider | RedirectIdentityProvider;

/** The providers a deployment offers: at least one of the two (the configuration refuses none). */
export interface IdentityProviders {
  code: CodeIdentityProvider | undefined;
  redirect: RedirectIdentityProvider | undefined;
}

/**
 * The provider, or the coded refusal for a way of signing in this deployment does not offer.
 * @example await offered(identity.code).requestCode('kit', request)
 */
export function offered<P extends IdentityProvider>(provider: P | undefined): P {
  if (!provider) throw new YktError('SIGN_IN_METHOD_OFF');
  return provider;
}
