// Sign-in with OpenID Connect over real HTTP, against a real OpenID provider the test starts (oidc-provider):
// the redirect with PKCE, state and nonce; login and consent at the provider; the callback; the outcome
// handed to the page once; the session upgrading a card. Then every way it is refused — a tampered or
// missing state, another nonce, a cancelled sign-in, a document of the other channel, claims without a
// usable document, a provider that does not answer — each coded in zh and en and changing nothing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import { freePort } from '../../scripts/free-port.ts';
import { residenceCheckCharacter, type TravelDocument } from '../../src/domain/documents.ts';
import { buildServer } from '../../src/http/server.ts';
import { assertCoded, demoCard } from '../support/fixtures.ts';
import { consentAtProvider, CookieJar, oidcEnv, startOidcProvider, visit, type TestProvider } from '../support/oidc-provider.ts';
import { call, startSystem, type TestSystem } from '../support/system.ts';

const VISITOR: TravelDocument = { type: 'passport', number: 'K98765432', state: 'CAN' };
const RESIDENT: TravelDocument = { type: 'residence-permit', number: `81000019850505002${residenceCheckCharacter('81000019850505002')}` };

/** The provider's accounts: the login typed at its page → the claims it releases. */
const ACCOUNTS: Record<string, Record<string, unknown>> = {
  visitor: { id_doc_type: 'PASSPORT', id_doc_number: VISITOR.number, nationality: 'CAN', name: 'Taylor Morgan', email: 'taylor@example.com', email_verified: true },
  resident: { id_doc_type: 'RESIDENCE', id_doc_number: RESIDENT.number, name: 'Ho Ka Yan' },
  tampered: { id_doc_type: 'PASSPORT', id_doc_number: 'K11111111', nationality: 'CAN' },
  'no-document': { name: 'No Document' },
  'bad-number': { id_doc_type: 'PASSPORT', id_doc_number: 'K1234567890', nationality: 'CAN' },
  'unknown-type': { id_doc_type: 'DRIVING_LICENCE', id_doc_number: 'D1234567' },
};

let provider: TestProvider;
let sys: TestSystem;

before(async () => {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  provider = await startOidcProvider({ redirectUris: ['kit', 'app'].map((c) => `${base}/api/v1/${c}/login/oidc/callback`), accounts: ACCOUNTS });
  sys = await startSystem({ port, env: oidcEnv(provider, base) });
});
after(async () => {
  await sys?.stop();
  await provider?.stop();
});

/** Starts a sign-in on our side as a browser would: the jar keeps our cookies, the answer is the provider's URL. */
async function begin(channel: 'kit' | 'app', jar = new CookieJar()): Promise<{ jar: CookieJar; authorization: URL; flowCookie: string }> {
  const started = await visit(jar, `${sys.base}/api/v1/${channel}/login/oidc?lang=en`);
  assert.equal(started.status, 303);
  const flowCookie = started.headers.getSetCookie().find((c) => c.startsWith('ykt_oidc_flow=')) ?? '';
  return { jar, authorization: new URL(started.headers.get('location') ?? ''), flowCookie };
}

/** Brings the browser back to our callback, then fetches the outcome as the page does. */
async function finish(channel: 'kit' | 'app', jar: CookieJar, callback: URL) {
  const back = await visit(jar, callback.href);
  assert.equal(back.status, 303);
  assert.equal(back.headers.get('location'), `/${channel}?signin=oidc`, 'back to the holder page, no token in the URL');
  const result = await visit(jar, `${sys.base}/api/v1/${channel}/login/oidc/result`, { method: 'POST' });
  return { status: result.status, body: await result.json() };
}

async function signInAt(channel: 'kit' | 'app', login: string) {
  const { jar, authorization } = await begin(channel);
  return finish(channel, jar, await consentAtProvider(authorization.href, login));
}

const personOf = (document: TravelDocument) => sys.ctx.store.people.findByDocKey(sys.ctx.personalData.documentKey(document));

describe('signing in at the OpenID provider', () => {
  test('the holder page learns the provider\'s name in both languages and where to start', async () => {
    const methods = await call(sys.base, 'GET', '/api/v1/kit/login/methods');
    assert.deepEqual(methods.body, { documentCode: true, redirect: { kind: 'oidc', name: { zh: '健康宝', en: 'Health Kit' }, start: '/api/v1/kit/login/oidc' } });
  });

  test('the redirect carries PKCE (S256), state and nonce; the flow waits in a sealed HttpOnly, SameSite=Lax cookie', async () => {
    const { authorization, flowCookie } = await begin('kit');
    assert.equal(authorization.origin, provider.issuer);
    const params = authorization.searchParams;
    assert.equal(params.get('code_challenge_method'), 'S256');
    for (const name of ['code_challenge', 'state', 'nonce']) assert.ok((params.get(name) ?? '').length >= 32, name);
    assert.equal(params.get('redirect_uri'), `${sys.base}/api/v1/kit/login/oidc/callback`);
    assert.equal(params.get('ui_locales'), 'en zh-CN');
    assert.match(flowCookie, /; Path=\/api\/v1\/kit\/login\/oidc; Max-Age=600; HttpOnly; SameSite=Lax$/);
    for (const name of ['state', 'nonce', 'code_challenge']) assert.ok(!flowCookie.includes(params.get(name)!), `the cookie does not show the ${name}`);
  });

  test('a passport holder signs in, is one person with the verified e-mail on file, and upgrades a card', async () => {
    const signedIn = await signInAt('kit', 'visitor');
    assert.equal(signedIn.status, 200, JSON.stringify(signedIn.body));
    assert.deepEqual(signedIn.body.person, { docType: 'passport', docMasked: 'K9*****32', contactMasked: 't***@example.com' });

    const agreement = await call(sys.base, 'GET', '/api/v1/kit/agreement');
    const upgraded = await call(sys.base, 'POST', '/api/v1/kit/cards', { cardNumber: demoCard(2), medium: 'physical', agreementVersion: agreement.body.version }, signedIn.body.token);
    assert.equal(upgraded.status, 201, JSON.stringify(upgraded.body));
    const person = await personOf(VISITOR);
    assert.ok(person);
    assert.deepEqual((await sys.ctx.store.bindings.of(person.id, { activeOnly: true })).map((b) => [b.medium, b.channel]), [['physical', 'kit']]);

    // The same person by the other way in: the one-time code goes to the contact the provider verified.
    const sent = await call(sys.base, 'POST', '/api/v1/kit/login/code', { ...VISITOR, email: 'someone-else@example.com' });
    assert.equal(sent.status, 200);
    assert.deepEqual([sent.body.contactOnFile, sent.body.sentTo], [true, 't***@example.com']);
  });

  test('the outcome is handed to the page once', async () => {
    const { jar, authorization } = await begin('kit');
    const callback = await consentAtProvider(authorization.href, 'visitor');
    assert.equal((await finish('kit', jar, callback)).status, 200);
    const again = await visit(jar, `${sys.base}/api/v1/kit/login/oidc/result`, { method: 'POST' });
    assertCoded({ status: again.status, body: await again.json() }, 'OIDC_STATE_MISMATCH');
  });
});

describe('refusals, coded in zh and en, changing nothing', () => {
  const TAMPERED: TravelDocument = { type: 'passport', number: 'K11111111', state: 'CAN' };

  test('a tampered state is refused, and nobody is signed in or created', async () => {
    const { jar, authorization } = await begin('kit');
    const callback = await consentAtProvider(authorization.href, 'tampered');
    callback.searchParams.set('state', `${callback.searchParams.get('state')}x`);
    const refused = await finish('kit', jar, callback);
    assertCoded(refused, 'OIDC_STATE_MISMATCH');
    assert.match(refused.body.error.message.zh, /登录未能完成/);
    assert.match(refused.body.error.message.en, /not started on this device/);
    assert.equal(await personOf(TAMPERED), undefined);
  });

  test('a callback in a browser that did not start the sign-in (no flow cookie) is refused', async () => {
    const { authorization } = await begin('kit');
    const callback = await consentAtProvider(authorization.href, 'tampered');
    assertCoded(await finish('kit', new CookieJar(), callback), 'OIDC_STATE_MISMATCH');
    assert.equal(await personOf(TAMPERED), undefined);
  });

  test('an ID token that carries another nonce is refused, and the log line names no claim', async () => {
    const lines: string[] = [];
    const log = sys.ctx.log;
    sys.ctx.log = { info: (o, m) => void lines.push(JSON.stringify([o, m])), warn: (o, m) => void lines.push(JSON.stringify([o, m])), error: (o, m) => void lines.push(JSON.stringify([o, m])) };
    try {
      const { jar, authorization } = await begin('kit');
      authorization.searchParams.set('nonce', 'a-nonce-this-sign-in-never-sent-0123456789');
      assertCoded(await finish('kit', jar, await consentAtProvider(authorization.href, 'tampered')), 'OIDC_NONCE_MISMATCH');
    } finally {
      sys.ctx.log = log;
    }
    assert.equal(await personOf(TAMPERED), undefined);
    assert.ok(lines.some((l) => l.includes('nonce')), 'the refusal is logged');
    for (const line of lines) assert.ok(!/K11111111|a-nonce-this|"claims"/.test(line), line);
  });

  test('a sign-in cancelled at the provider is refused as cancelled', async () => {
    const { jar, authorization } = await begin('kit');
    const callback = new URL(authorization.searchParams.get('redirect_uri')!);
    callback.search = new URLSearchParams({ error: 'access_denied', state: authorization.searchParams.get('state')!, iss: provider.issuer }).toString();
    assertCoded(await finish('kit', jar, callback), 'OIDC_SIGN_IN_CANCELLED');
  });

  test('a residence permit at the Health Kit column is sent to the app, where it signs in', async () => {
    assertCoded(await signInAt('kit', 'resident'), 'WRONG_CHANNEL_USE_APP');
    assert.equal(await personOf(RESIDENT), undefined);
    const inApp = await signInAt('app', 'resident');
    assert.equal(inApp.status, 200, JSON.stringify(inApp.body));
    assert.equal(inApp.body.person.docType, 'residence-permit');
    assert.equal(inApp.body.person.contactMasked, null, 'the provider vouched for no contact');
  });

  test('claims without a document we accept are refused as unusable, naming the rule for the operator', async () => {
    assertCoded(await signInAt('kit', 'no-document'), 'OIDC_CLAIMS_UNUSABLE');
    assertCoded(await signInAt('kit', 'unknown-type'), 'OIDC_CLAIMS_UNUSABLE');
    const badNumber = await signInAt('kit', 'bad-number');
    assertCoded(badNumber, 'OIDC_CLAIMS_UNUSABLE');
    assert.deepEqual(badNumber.body.error.details, { document: 'DOC_PASSPORT_FORMAT' });
  });

  test('the callback is logged without its query: the authorization code stays out of the logs', async () => {
    const lines: string[] = [];
    const logged = await buildServer(sys.ctx, { logger: pino({ level: 'info' }, { write: (line: string) => void lines.push(line) }) });
    try {
      await logged.inject('/api/v1/kit/login/oidc/callback?code=an-authorization-code&state=a-state');
    } finally {
      await logged.close();
    }
    assert.ok(lines.some((l) => l.includes('/api/v1/kit/login/oidc/callback')), 'the request is logged');
    for (const line of lines) assert.ok(!/an-authorization-code|a-state/.test(line), line);
  });
});

describe('a deployment whose only sign-in is a provider that does not answer', () => {
  let alone: TestSystem;
  before(async () => {
    const port = await freePort();
    const gone = { ...provider, issuer: `http://127.0.0.1:${await freePort()}` };
    alone = await startSystem({ seed: false, port, env: oidcEnv(gone, `http://127.0.0.1:${port}`, 'oidc') });
  });
  after(() => alone?.stop());

  test('offers no one-time code, and says so coded', async () => {
    assert.deepEqual((await call(alone.base, 'GET', '/api/v1/app/login/methods')).body.documentCode, false);
    assertCoded(await call(alone.base, 'POST', '/api/v1/app/login/code', { type: 'passport', number: 'E1234567', state: 'GBR', email: 'a@example.com' }), 'SIGN_IN_METHOD_OFF');
  });

  test('sends the browser back to the page with OIDC_PROVIDER_ERROR', async () => {
    const jar = new CookieJar();
    const started = await visit(jar, `${alone.base}/api/v1/app/login/oidc`);
    assert.equal(started.status, 303);
    assert.equal(started.headers.get('location'), '/app?signin=oidc');
    const result = await visit(jar, `${alone.base}/api/v1/app/login/oidc/result`, { method: 'POST' });
    assertCoded({ status: result.status, body: await result.json() }, 'OIDC_PROVIDER_ERROR');
  });
});
