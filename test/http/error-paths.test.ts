// Every error a client can reach answers its coded bilingual error with the catalogue's status, and changes
// nothing: the whole database is compared before and after (DESIGN §4 rule 8). A wrong one-time code is the
// one designed exception: it counts against its challenge, and that counter is the only change.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { ERROR_CODES, type ErrorCode } from '../../src/domain/errors.ts';
import { SIGN_IN_REQUESTS_PER_ADDRESS } from '../../src/http/holder.ts';
import { publishAgreement } from '../../src/services/operator/agreement.ts';
import { requestCode, verifyCode } from '../../src/services/holder/sign-in.ts';
import { unbind, upgrade } from '../../src/services/holder/upgrade.ts';
import { assertCoded, demoCard, demoDocument, settle } from '../support/fixtures.ts';
import { codeFor, signIn, startSystem, type TestSystem } from '../support/system.ts';

interface Request {
  method: string;
  url: string;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as is, with `contentType` (default application/json). */
  raw?: string;
  contentType?: string;
  token?: string;
  authorization?: string;
}

async function send(base: string, r: Request): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = {};
  let payload: string | undefined;
  if (r.raw !== undefined) {
    headers['content-type'] = r.contentType ?? 'application/json';
    payload = r.raw;
  } else if (r.body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(r.body);
  }
  if (r.token) headers.authorization = `Bearer ${r.token}`;
  if (r.authorization) headers.authorization = r.authorization;
  const response = await fetch(base + r.url, { method: r.method, headers, body: payload });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

const passport = (number: string) => ({ type: 'passport', number, state: 'GBR', email: 'holder@example.com' });
const residence = (first17: string, check: string) => ({ type: 'residence-permit', number: first17 + check });

describe('every error path answers its coded bilingual error and changes nothing', () => {
  let sys: TestSystem;
  const tokens = { a: '', b: '', app: '' };
  const ids = { bOwn: 0, aEnded: 0 };

  before(async () => {
    sys = await startSystem();
    // Version 2 is current, so that ticking version 1 is reachable as AGREEMENT_OUTDATED.
    await publishAgreement(sys.ctx, { version: 2, zh: '协议第 2 版', en: 'Agreement version 2' }, 'test');
    tokens.a = await signIn(sys, 'kit', demoDocument('passport'));
    tokens.b = await signIn(sys, 'kit', demoDocument('hk-macao-permit'));
    tokens.app = await signIn(sys, 'app', demoDocument('residence-permit'));
    const a = (await sys.ctx.store.sessions.get(tokens.a.split('.')[0]!))!.personId;
    const b = (await sys.ctx.store.sessions.get(tokens.b.split('.')[0]!))!.personId;
    const up = (personId: number, serial: number, medium: 'physical' | 'nfc') =>
      upgrade(sys.ctx, { personId, channel: 'kit', cardNumber: demoCard(serial), medium, agreementVersion: 2 });
    // Person A: an ended binding of card 8, then card 1 (physical) and card 31 (NFC). Person B: card 2.
    ids.aEnded = (await up(a, 8, 'physical')).id;
    await unbind(sys.ctx, a, ids.aEnded);
    await up(a, 1, 'physical');
    await up(a, 31, 'nfc');
    ids.bOwn = (await up(b, 2, 'physical')).id;
  });
  after(() => sys.stop());

  /** The challenge id and code of a fresh sign-in code, requested through the service. */
  async function freshChallenge(number: string) {
    const sent = await requestCode(sys.ctx, 'kit', passport(number));
    return { challengeId: sent.challengeId, code: await codeFor(sys, sent.challengeId) };
  }
  const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');
  const cardsOf = (token: string, body: unknown): Request => ({ method: 'POST', url: '/api/v1/kit/cards', body, token });
  const upgradeBody = (serial: number | string, medium: string, agreementVersion: number | null = 2) => ({
    cardNumber: typeof serial === 'number' ? demoCard(serial) : serial,
    medium,
    agreementVersion,
  });

  const cases: Array<{ name: string; code: ErrorCode; request: () => Request | Promise<Request> }> = [
    // Requests
    { name: 'a body that is not JSON', code: 'VALIDATION_FAILED', request: () => ({ method: 'POST', url: '/api/v1/kit/login/code', raw: '{"type": "passport",' }) },
    { name: 'an empty JSON body', code: 'VALIDATION_FAILED', request: () => ({ method: 'POST', url: '/api/v1/kit/login/code', raw: '' }) },
    { name: 'a body over the 1 MiB limit', code: 'BODY_TOO_LARGE', request: () => ({ method: 'POST', url: '/api/v1/kit/login/code', raw: JSON.stringify({ type: 'passport', number: 'E'.repeat(1_100_000) }) }) },
    { name: 'a body of another content type', code: 'VALIDATION_FAILED', request: () => ({ method: 'POST', url: '/api/v1/kit/login/code', raw: 'type=passport', contentType: 'text/plain' }) },
    { name: 'a code request without a number', code: 'VALIDATION_FAILED', request: () => ({ method: 'POST', url: '/api/v1/kit/login/code', body: { type: 'passport' } }) },
    { name: 'a sign-in without the code', code: 'VALIDATION_FAILED', request: () => ({ method: 'POST', url: '/api/v1/kit/login', body: { challengeId: randomUUID() } }) },
    { name: 'an upgrade with no fields', code: 'VALIDATION_FAILED', request: () => cardsOf(tokens.a, {}) },
    { name: 'an upgrade without agreementVersion', code: 'VALIDATION_FAILED', request: () => cardsOf(tokens.a, { cardNumber: demoCard(3), medium: 'physical' }) },
    { name: 'an upgrade with a medium that does not exist', code: 'VALIDATION_FAILED', request: () => cardsOf(tokens.a, upgradeBody(3, 'plastic')) },
    { name: 'an upgrade with agreementVersion -1', code: 'VALIDATION_FAILED', request: () => cardsOf(tokens.a, upgradeBody(3, 'physical', -1)) },
    { name: 'an upgrade with agreementVersion as a word', code: 'VALIDATION_FAILED', request: () => cardsOf(tokens.a, { ...upgradeBody(3, 'physical'), agreementVersion: 'v2' }) },
    { name: 'an upgrade whose body is an array', code: 'VALIDATION_FAILED', request: () => cardsOf(tokens.a, [upgradeBody(3, 'physical')]) },
    { name: 'an unbind whose bindingId is not a number', code: 'VALIDATION_FAILED', request: () => ({ method: 'DELETE', url: '/api/v1/kit/cards/abc', token: tokens.a }) },
    { name: 'an unbind whose bindingId is not an integer', code: 'VALIDATION_FAILED', request: () => ({ method: 'DELETE', url: '/api/v1/kit/cards/1.5', token: tokens.a }) },
    { name: 'an unbind whose bindingId is 0', code: 'VALIDATION_FAILED', request: () => ({ method: 'DELETE', url: '/api/v1/kit/cards/0', token: tokens.a }) },
    { name: 'a route that does not exist', code: 'NOT_FOUND', request: () => ({ method: 'GET', url: '/api/v1/kit/nothing-here' }) },
    { name: 'a method the route does not serve', code: 'NOT_FOUND', request: () => ({ method: 'PUT', url: '/api/v1/kit/cards', body: {}, token: tokens.a }) },

    // Documents
    { name: 'a document type that is not supported', code: 'DOC_TYPE_UNKNOWN', request: () => ({ method: 'POST', url: '/api/v1/kit/login/code', body: { type: 'id-card', number: '110101199003070000' } }) },
    { name: 'an HK/Macao permit number without H or M', code: 'DOC_HK_MACAO_FORMAT', request: () => ({ method: 'POST', url: '/api/v1/kit/login/code', body: { type: 'hk-macao-permit', number: 'X12345678' } }) },
    { name: 'a Taiwan permit number of 9 digits', code: 'DOC_TAIWAN_FORMAT', request: () => ({ method: 'POST', url: '/api/v1/kit/login/code', body: { type: 'taiwan-permit', number: '123456789' } }) },
    { name: 'a passport number of 10 characters', code: 'DOC_PASSPORT_FORMAT', request: () => ({ method: 'POST', url: '/api/v1/kit/login/code', body: passport('E123456789') }) },
    { name: 'a passport without its issuing state', code: 'DOC_PASSPORT_STATE_MISSING', request: () => ({ method: 'POST', url: '/api/v1/kit/login/code', body: { type: 'passport', number: 'E1234567' } }) },
    { name: 'a passport with an unknown issuing state', code: 'DOC_PASSPORT_STATE_UNKNOWN', request: () => ({ method: 'POST', url: '/api/v1/kit/login/code', body: { type: 'passport', number: 'E1234567', state: 'ZZZ' } }) },
    { name: 'a residence permit number of 17 characters', code: 'DOC_RESIDENCE_FORMAT', request: () => ({ method: 'POST', url: '/api/v1/app/login/code', body: { type: 'residence-permit', number: '81000019900101001' } }) },
    { name: 'a residence permit number from a mainland region', code: 'DOC_RESIDENCE_REGION', request: () => ({ method: 'POST', url: '/api/v1/app/login/code', body: residence('11010119900101001', '5') }) },
    { name: 'a residence permit number born on 30 February', code: 'DOC_RESIDENCE_BIRTH_DATE', request: () => ({ method: 'POST', url: '/api/v1/app/login/code', body: residence('81000019900230001', '0') }) },
    { name: 'a residence permit number with a wrong check character', code: 'DOC_RESIDENCE_CHECK', request: () => ({ method: 'POST', url: '/api/v1/app/login/code', body: { type: 'residence-permit', number: wrongCheck(demoDocument('residence-permit').number) } }) },
    { name: 'a residence permit in the Health Kit applet', code: 'WRONG_CHANNEL_USE_APP', request: () => ({ method: 'POST', url: '/api/v1/kit/login/code', body: demoDocument('residence-permit') }) },
    { name: 'a passport in the Yikatong app', code: 'WRONG_CHANNEL_USE_KIT', request: () => ({ method: 'POST', url: '/api/v1/app/login/code', body: demoDocument('passport') }) },
    { name: 'a sign-in at an OpenID provider where none is configured', code: 'SIGN_IN_METHOD_OFF', request: () => ({ method: 'GET', url: '/api/v1/kit/login/oidc' }) },

    // Contacts
    { name: 'a first sign-in without a contact', code: 'CONTACT_REQUIRED', request: () => ({ method: 'POST', url: '/api/v1/kit/login/code', body: { type: 'passport', number: 'N0000001', state: 'GBR' } }) },
    { name: 'a first sign-in with a phone and an e-mail', code: 'CONTACT_ONE_ONLY', request: () => ({ method: 'POST', url: '/api/v1/kit/login/code', body: { ...passport('N0000002'), phone: '+852 9123 4567' } }) },
    { name: 'a first sign-in with a landline', code: 'CONTACT_PHONE_INVALID', request: () => ({ method: 'POST', url: '/api/v1/kit/login/code', body: { type: 'passport', number: 'N0000003', state: 'GBR', phone: '+852 2123 4567' } }) },
    { name: 'a first sign-in with an e-mail without a domain', code: 'CONTACT_EMAIL_INVALID', request: () => ({ method: 'POST', url: '/api/v1/kit/login/code', body: { type: 'passport', number: 'N0000004', state: 'GBR', email: 'chan@' } }) },
    { name: 'a contact change to the contact on file', code: 'CONTACT_UNCHANGED', request: () => ({ method: 'POST', url: '/api/v1/kit/contact/code', body: { email: 'holder@example.com' }, token: tokens.a }) },
    { name: 'a contact change without a token', code: 'AUTH_REQUIRED', request: () => ({ method: 'POST', url: '/api/v1/kit/contact/code', body: { email: 'new@example.com' } }) },

    // Sign-in codes
    {
      name: 'a wrong one-time code',
      code: 'CODE_WRONG',
      request: async () => {
        const c = await freshChallenge('W0000001');
        return { method: 'POST', url: '/api/v1/kit/login', body: { challengeId: c.challengeId, code: wrong(c.code) } };
      },
    },
    { name: 'a challenge that was never issued', code: 'CODE_EXPIRED', request: () => ({ method: 'POST', url: '/api/v1/kit/login', body: { challengeId: randomUUID(), code: '123456' } }) },
    {
      name: 'a code that was already used',
      code: 'CODE_EXPIRED',
      request: async () => {
        const c = await freshChallenge('U0000001');
        await verifyCode(sys.ctx, 'kit', c.challengeId, c.code);
        return { method: 'POST', url: '/api/v1/kit/login', body: c };
      },
    },
    {
      name: 'a code past its time to live',
      code: 'CODE_EXPIRED',
      request: async () => {
        const c = await freshChallenge('X0000001');
        sys.advance(sys.ctx.config.codeTtlMs + 1);
        return { method: 'POST', url: '/api/v1/kit/login', body: c };
      },
    },
    {
      name: 'a code issued in the applet, presented in the app',
      code: 'CODE_EXPIRED',
      request: async () => ({ method: 'POST', url: '/api/v1/app/login', body: await freshChallenge('Y0000001') }),
    },
    {
      name: 'the right code after five wrong ones',
      code: 'CODE_ATTEMPTS_EXCEEDED',
      request: async () => {
        const c = await freshChallenge('Z0000001');
        for (let i = 0; i < 5; i++) await assert.rejects(verifyCode(sys.ctx, 'kit', c.challengeId, wrong(c.code)));
        return { method: 'POST', url: '/api/v1/kit/login', body: c };
      },
    },
    {
      name: 'a sixth code request for one document within 10 minutes',
      code: 'CODE_REQUESTS_EXCEEDED',
      request: async () => {
        for (let i = 0; i < 5; i++) await freshChallenge('R0000001');
        return { method: 'POST', url: '/api/v1/kit/login/code', body: passport('r0000001') };
      },
    },

    // Sessions
    { name: 'my cards without a token', code: 'AUTH_REQUIRED', request: () => ({ method: 'GET', url: '/api/v1/kit/cards' }) },
    { name: 'an upgrade without a token', code: 'AUTH_REQUIRED', request: () => cardsOf('', upgradeBody(3, 'physical')) },
    { name: 'an account deletion with a Basic authorization', code: 'AUTH_REQUIRED', request: () => ({ method: 'DELETE', url: '/api/v1/kit/me', authorization: 'Basic YTpi' }) },
    { name: 'a forged token', code: 'SESSION_INVALID', request: () => ({ method: 'GET', url: '/api/v1/kit/cards', token: 'abc.def' }) },
    { name: 'a token without a signature', code: 'SESSION_INVALID', request: () => ({ method: 'GET', url: '/api/v1/kit/cards', token: tokens.a.split('.')[0]! }) },
    { name: 'a real session id with a tampered signature', code: 'SESSION_INVALID', request: () => ({ method: 'DELETE', url: '/api/v1/kit/me', token: tamper(tokens.a) }) },
    { name: 'an app token in the applet', code: 'SESSION_INVALID', request: () => ({ method: 'GET', url: '/api/v1/kit/cards', token: tokens.app }) },
    { name: 'an applet token in the app', code: 'SESSION_INVALID', request: () => ({ method: 'DELETE', url: '/api/v1/app/me', token: tokens.a }) },

    // Cards
    { name: 'a card number of 5 digits', code: 'CARD_NUMBER_FORMAT', request: () => cardsOf(tokens.a, upgradeBody('12345', 'physical')) },
    { name: 'a card number with letters', code: 'CARD_NUMBER_FORMAT', request: () => cardsOf(tokens.a, upgradeBody('1000 7510 ABCD 0001', 'physical')) },
    { name: 'a card number no card has', code: 'CARD_NOT_FOUND', request: () => cardsOf(tokens.a, upgradeBody('9999999999999999', 'physical')) },
    { name: 'a physical card upgraded as NFC', code: 'CARD_MEDIUM_MISMATCH', request: () => cardsOf(tokens.a, upgradeBody(3, 'nfc')) },
    { name: 'an NFC card upgraded as physical', code: 'CARD_MEDIUM_MISMATCH', request: () => cardsOf(tokens.b, upgradeBody(33, 'physical')) },
    { name: 'a lost card', code: 'CARD_LOST', request: () => cardsOf(tokens.a, upgradeBody(4, 'physical')) },
    { name: 'a refunded card', code: 'CARD_REFUNDED', request: () => cardsOf(tokens.a, upgradeBody(5, 'physical')) },
    { name: 'a blocked card', code: 'CARD_BLOCKED', request: () => cardsOf(tokens.a, upgradeBody(6, 'physical')) },

    // Bindings and the agreement
    { name: "someone else's upgraded card", code: 'CARD_ALREADY_BOUND', request: () => cardsOf(tokens.a, upgradeBody(2, 'physical')) },
    { name: 'my own upgraded card again', code: 'CARD_ALREADY_YOURS', request: () => cardsOf(tokens.a, upgradeBody(1, 'physical')) },
    { name: 'a second physical card', code: 'LIMIT_PHYSICAL_REACHED', request: () => cardsOf(tokens.a, upgradeBody(3, 'physical')) },
    { name: 'a second NFC card', code: 'LIMIT_NFC_REACHED', request: () => cardsOf(tokens.a, upgradeBody(32, 'nfc')) },
    { name: 'an upgrade with the agreement not ticked', code: 'AGREEMENT_NOT_ACCEPTED', request: () => cardsOf(tokens.b, upgradeBody(32, 'nfc', null)) },
    { name: 'an upgrade that ticked the previous agreement', code: 'AGREEMENT_OUTDATED', request: () => ({ method: 'POST', url: '/api/v1/app/cards', body: upgradeBody(9, 'physical', 1), token: tokens.app }) },
    { name: "unbinding someone else's binding", code: 'BINDING_NOT_FOUND', request: () => ({ method: 'DELETE', url: `/api/v1/kit/cards/${ids.bOwn}`, token: tokens.a }) },
    { name: 'unbinding an already ended binding', code: 'BINDING_NOT_FOUND', request: () => ({ method: 'DELETE', url: `/api/v1/kit/cards/${ids.aEnded}`, token: tokens.a }) },
    { name: 'unbinding a binding that never existed', code: 'BINDING_NOT_FOUND', request: () => ({ method: 'DELETE', url: '/api/v1/kit/cards/99999999', token: tokens.a }) },
  ];

  for (const c of cases) {
    test(`${c.name} answers ${c.code} and changes nothing`, async () => {
      const request = await c.request();
      await settle(sys.app);
      const before = await sys.ctx.store.dump();
      const reply = await send(sys.base, request);
      assertCoded(reply, c.code);
      const after = await sys.ctx.store.dump();
      if (c.code === 'CODE_WRONG') {
        // By design the wrong guess counts: the challenge's attempts go up by one, and nothing else moves.
        const challengeId = (request.body as { challengeId: string }).challengeId;
        const codes = before.login_code as Array<{ id: string; attempts: number }>;
        assert.ok(codes.some((r) => r.id === challengeId));
        const login_code = codes.map((r) => (r.id === challengeId ? { ...r, attempts: r.attempts + 1 } : r));
        assert.deepEqual(after, { ...before, login_code });
      } else {
        assert.deepEqual(after, before);
      }
    });
  }

  test('every code a holder can reach through the holder routes is among the cases above', () => {
    const covered = new Set(cases.map((c) => c.code));
    // The catalogue also holds staff, terminal and operator codes; these are the holder's (AGREEMENT_MISSING
    // needs a store with no agreement, RATE_LIMITED has its own test below).
    const holderCodes: ErrorCode[] = ERROR_CODES.slice(0, ERROR_CODES.indexOf('BINDING_NOT_FOUND') + 1);
    // The delivery refusals need another notifier: test/services/messages/delivery.test.ts; the daily cap
    // needs a day of wrong codes: test/services/holder/sign-in-limits.test.ts; the OpenID Connect refusals
    // need a provider: test/http/oidc-sign-in.test.ts; a store that cannot take work (locked, full, down):
    // test/http/store-unavailable.test.ts.
    const elsewhere = [
      'RATE_LIMITED', 'INTERNAL', 'STORE_UNAVAILABLE', 'CARD_FIELD_INVALID', 'AGREEMENT_MISSING', 'AGREEMENT_VERSION_TAKEN', 'CONTACT_SMS_UNAVAILABLE', 'CONTACT_EMAIL_UNAVAILABLE', 'CODE_DAILY_FAILURES_EXCEEDED',
      'OIDC_STATE_MISMATCH', 'OIDC_NONCE_MISMATCH', 'OIDC_SIGN_IN_CANCELLED', 'OIDC_CLAIMS_UNUSABLE', 'OIDC_PROVIDER_ERROR',
    ];
    assert.deepEqual(holderCodes.filter((code) => !covered.has(code) && !elsewhere.includes(code)), []);
  });
});

describe('the per-address limit on code requests', () => {
  let sys: TestSystem;
  before(async () => {
    sys = await startSystem();
  });
  after(() => sys.stop());

  test('answers RATE_LIMITED once an address has asked its limit in 10 minutes, and changes nothing', async () => {
    const request: Request = { method: 'POST', url: '/api/v1/kit/login/code', body: { type: 'passport', number: 'E1234567' } };
    for (let i = 0; i < SIGN_IN_REQUESTS_PER_ADDRESS; i++) assertCoded(await send(sys.base, request), 'DOC_PASSPORT_STATE_MISSING');
    await settle(sys.app);
    const before = await sys.ctx.store.dump();
    assertCoded(await send(sys.base, { ...request, body: demoDocument('passport') }), 'RATE_LIMITED');
    assert.deepEqual(await sys.ctx.store.dump(), before);
  });
});

describe('junk requests', () => {
  let sys: TestSystem;
  let token: string;
  before(async () => {
    sys = await startSystem();
    token = await signIn(sys, 'kit', demoDocument('taiwan-permit'));
  });
  after(() => sys.stop());

  test('a thousand junk requests never get a 5xx, always get a coded error or success, and the server is still ready', async () => {
    const random = mulberry32(20220620);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const junkValue = (depth = 0): unknown =>
      pick([
        () => null,
        () => true,
        () => Math.floor(random() * 2 ** 53) * (random() < 0.5 ? -1 : 1),
        () => random() * 1e308,
        () => 'x'.repeat(Math.floor(random() * 100_000)),
        () => '１２３４５６７８９０１２３４５６'.slice(0, Math.floor(random() * 16)),
        () => String.fromCharCode(...Array.from({ length: 40 }, () => Math.floor(random() * 0xd7ff))),
        () => '\u0000\n\t<script>',
        () => (depth < 2 ? [junkValue(depth + 1), junkValue(depth + 1)] : []),
        () => (depth < 2 ? { cardNumber: junkValue(depth + 1), __proto__x: 1 } : {}),
        () => demoCard(Math.floor(random() * 40)),
        () => pick(['physical', 'nfc', 'passport', 'residence-permit', 'GBR', '1', '0', '-1']),
      ])();
    const junkBody = (): string => {
      const r = random();
      if (r < 0.1) return '{"a":'.repeat(Math.floor(random() * 50));
      if (r < 0.15) return '{"__proto__": {"x": 1}}';
      if (r < 0.2) return JSON.stringify(junkValue());
      const keys = ['type', 'number', 'state', 'name', 'challengeId', 'code', 'cardNumber', 'medium', 'agreementVersion'];
      const body: Record<string, unknown> = {};
      for (const key of keys) if (random() < 0.6) body[key] = junkValue();
      return JSON.stringify(body);
    };
    const routes = [
      ['POST', '/login/code'],
      ['POST', '/login'],
      ['POST', '/cards'],
      ['POST', '/cards'],
      ['POST', '/cards'],
      ['GET', '/cards'],
      ['DELETE', '/cards/'],
      ['GET', '/agreement'],
      ['GET', '/me/export'],
    ] as const;
    const statuses = new Map<number, number>();
    for (let batch = 0; batch < 20; batch++) {
      await Promise.all(
        Array.from({ length: 50 }, async () => {
          const [method, path] = pick(routes);
          const channel = pick(['kit', 'app']);
          const suffix = path === '/cards/' ? encodeURIComponent(String(junkValue())).slice(0, 200) : '';
          const headers: Record<string, string> = { 'content-type': pick(['application/json', 'application/json', 'text/plain', 'application/x-www-form-urlencoded']) };
          const t = random();
          // The valid token only on routes that cannot delete it (no logout, no account deletion).
          if (t < 0.5) headers.authorization = `Bearer ${token}`;
          else if (t < 0.8) headers.authorization = `Bearer ${String(junkValue()).slice(0, 4000).replace(/[^\x20-\x7e]/g, '.')}`;
          const response = await fetch(`${sys.base}/api/v1/${channel}${path}${suffix}`, {
            method,
            headers,
            body: method === 'GET' ? undefined : junkBody(),
          });
          const text = await response.text();
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          assert.ok(response.status < 500, `${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
          if (response.status >= 400) {
            const body = JSON.parse(text);
            assert.match(String(body.error?.code), /^[A-Z_]+$/, `${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
            assert.ok(body.error.message.zh && body.error.message.en);
          }
        }),
      );
    }
    const total = [...statuses.values()].reduce((a, b) => a + b, 0);
    assert.equal(total, 1000);
    const health = await fetch(`${sys.base}/readyz`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { ok: true, store: 'sqlite', notReady: [] });
  });
});

function wrongCheck(number: string): string {
  const check = number.at(-1)!;
  return number.slice(0, -1) + (check === '0' ? '1' : '0');
}

function tamper(token: string): string {
  const [id, signature] = token.split('.');
  return `${id}.${signature![0] === 'A' ? 'B' : 'A'}${signature!.slice(1)}`;
}

/** A small seeded PRNG, so that a failing junk run can be repeated exactly. */
function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
