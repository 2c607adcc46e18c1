// A real OpenID provider for the tests: oidc-provider 8 (the last line that runs on Node 20) on loopback,
// with one client (this service), accounts whose claims carry a document the way a real-name platform's
// do, and the library's development login and consent pages. consentAtProvider() goes through those pages
// over plain HTTP, for the tests that need no browser.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  stop(): Promise<void>;
}

/** The claim mapping our server is configured with for this provider (YKT_OIDC_CLAIMS). */
export const TEST_CLAIMS = { type: 'id_doc_type', number: 'id_doc_number', state: 'nationality', name: 'name' };
/** The provider's names for document types → ours (YKT_OIDC_DOCUMENT_TYPES). */
export const TEST_DOCUMENT_TYPES = { PASSPORT: 'passport', HKM_PERMIT: 'hk-macao-permit', TW_PERMIT: 'taiwan-permit', RESIDENCE: 'residence-permit' };

/** The settings that point our server at `provider`, answering on `publicUrl`. */
export function oidcEnv(provider: Pick<TestProvider, 'issuer' | 'clientId' | 'clientSecret'>, publicUrl: string, identity = 'document-code,oidc'): Record<string, string> {
  return {
    YKT_IDENTITY: identity,
    YKT_PUBLIC_URL: publicUrl,
    YKT_OIDC_ISSUER: provider.issuer,
    YKT_OIDC_CLIENT_ID: provider.clientId,
    YKT_OIDC_CLIENT_SECRET: provider.clientSecret,
    YKT_OIDC_SCOPES: 'openid profile email id_document',
    YKT_OIDC_NAME: '健康宝|Health Kit',
    YKT_OIDC_CLAIMS: JSON.stringify(TEST_CLAIMS),
    YKT_OIDC_DOCUMENT_TYPES: JSON.stringify(TEST_DOCUMENT_TYPES),
  };
}

/**
 * Starts the provider on 127.0.0.1. `accounts` maps a login name (anything typed at its login page) to
 * the claims it releases; `redirectUris` are the callbacks registered for our client.
 */
export async function startOidcProvider(options: { redirectUris: string[]; accounts: Record<string, Record<string, unknown>> }): Promise<TestProvider> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'yikatong-upgrade';
  const clientSecret = randomBytes(24).toString('base64url');
  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const provider = new Provider(issuer, {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: options.redirectUris, grant_types: ['authorization_code'], response_types: ['code'] }],
    claims: { openid: ['sub'], profile: ['name'], email: ['email', 'email_verified'], id_document: ['id_doc_type', 'id_doc_number', 'nationality'] },
    findAccount: async (_ctx, sub) => {
      const claims = options.accounts[sub];
      return claims && { accountId: sub, claims: async () => ({ sub, ...claims }) };
    },
    // Lax, not the library's None: on plain http a browser drops a SameSite=None cookie that is not Secure.
    cookies: { keys: [randomBytes(16).toString('hex')], long: { httpOnly: true, sameSite: 'lax' } },
    features: { devInteractions: { enabled: true } },
    jwks: { keys: [{ ...signingKey, kid: 'test', use: 'sig', alg: 'RS256' }] },
    pkce: { required: () => true },
  });
  server.on('request', provider.callback());
  return {
    issuer,
    clientId,
    clientSecret,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Cookies by name, as a browser would keep them for one host (paths are ignored: the tests need no more). */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      if (/max-age=0\b/i.test(line) || pair.slice(eq + 1) === '') this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(eq + 1));
    }
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

/** One request without following redirects, with the jar's cookies; the jar takes what the answer sets. */
export async function visit(jar: CookieJar, url: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie: jar.header() } });
  jar.take(response);
  return response;
}

/**
 * Goes through the provider's login and consent pages as `login`, from the authorization URL our server
 * redirected to, and returns the URL the provider sends the browser back to (our callback, with its answer).
 */
export async function consentAtProvider(authorizationUrl: string, login: string): Promise<URL> {
  const jar = new CookieJar();
  let url = new URL(authorizationUrl);
  for (let step = 0; step < 10; step++) {
    const response = await visit(jar, url.href);
    const location = response.headers.get('location');
    if (location) {
      const next = new URL(location, url);
      if (next.origin !== url.origin) return next;
      url = next;
      continue;
    }
    const page = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
    const prompt = /name="prompt" value="(\w+)"/.exec(page)?.[1];
    if (!action || !prompt) throw new Error(`no login or consent form at ${url.href} (${response.status})`);
    const form = new URLSearchParams(prompt === 'login' ? { prompt, login, password: 'any' } : { prompt });
    const submitted = await visit(jar, new URL(action, url).href, { method: 'POST', body: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    url = new URL(submitted.headers.get('location') ?? '', url);
  }
  throw new Error('the provider did not send the browser back');
}
