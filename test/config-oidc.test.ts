// OpenID Connect settings are checked when the configuration loads: everything the flow needs is there once
// YKT_IDENTITY lists oidc, nothing of it is given when it does not, and every problem is named at once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../src/config.ts';
import { productionReadiness } from '../src/services/operator/readiness.ts';

const OIDC = {
  YKT_IDENTITY: 'oidc',
  YKT_PUBLIC_URL: 'https://upgrade.example.com',
  YKT_OIDC_ISSUER: 'https://login.healthkit.example.cn',
  YKT_OIDC_CLIENT_ID: 'yikatong-upgrade',
  YKT_OIDC_CLIENT_SECRET: 'a-client-secret',
  YKT_OIDC_NAME: '健康宝|Health Kit',
  YKT_OIDC_CLAIMS: '{"type":"id_doc_type","number":"id_doc_number","state":"nationality","name":"name"}',
  YKT_OIDC_DOCUMENT_TYPES: '{"PP":"passport","HM":"hk-macao-permit"}',
};

function problems(env: Record<string, string>): Record<string, string> {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return Object.fromEntries(error.problems.map((p) => [p.variable, p.problem]));
  }
  assert.fail(`accepted ${JSON.stringify(env)}`);
}

test('the one-time code alone is the default, and OpenID Connect is off', () => {
  assert.deepEqual(loadConfig({}).identity, { documentCode: true, oidc: undefined });
});

test('a full OpenID Connect configuration loads, its secret kept with the other secrets', () => {
  const config = loadConfig({ ...OIDC, YKT_IDENTITY: 'document-code,oidc', YKT_PUBLIC_URL: 'https://upgrade.example.com/' });
  assert.equal(config.identity.documentCode, true);
  assert.deepEqual(config.identity.oidc, {
    issuer: OIDC.YKT_OIDC_ISSUER,
    clientId: 'yikatong-upgrade',
    publicUrl: 'https://upgrade.example.com',
    scopes: 'openid profile',
    name: { zh: '健康宝', en: 'Health Kit' },
    claims: { type: 'id_doc_type', number: 'id_doc_number', state: 'nationality', name: 'name' },
    documentTypes: { PP: 'passport', HM: 'hk-macao-permit' },
    insecure: false,
  });
  assert.equal(config.secretEnv.YKT_OIDC_CLIENT_SECRET, 'a-client-secret');
  assert.deepEqual(loadConfig({ ...OIDC, YKT_OIDC_NAME: 'WeChat' }).identity.oidc?.name, { zh: 'WeChat', en: 'WeChat' });
});

test('oidc without its settings is refused, naming every one missing', () => {
  assert.deepEqual(Object.keys(problems({ YKT_IDENTITY: 'oidc' })).sort(), ['YKT_OIDC_CLAIMS', 'YKT_OIDC_CLIENT_ID', 'YKT_OIDC_ISSUER', 'YKT_OIDC_NAME', 'YKT_PUBLIC_URL']);
});

test('an OpenID Connect setting without oidc in YKT_IDENTITY is refused rather than ignored', () => {
  assert.match(problems({ YKT_OIDC_ISSUER: OIDC.YKT_OIDC_ISSUER }).YKT_OIDC_ISSUER!, /add oidc to YKT_IDENTITY/);
});

test('YKT_IDENTITY names known ways of signing in only', () => {
  assert.match(problems({ YKT_IDENTITY: 'password' }).YKT_IDENTITY!, /must match pattern/);
});

test('plain http is refused except on loopback', () => {
  const refused = problems({ ...OIDC, YKT_OIDC_ISSUER: 'http://login.example.cn', YKT_PUBLIC_URL: 'http://upgrade.example.com' });
  assert.match(refused.YKT_OIDC_ISSUER!, /must be https/);
  assert.match(refused.YKT_PUBLIC_URL!, /must be https/);
  assert.equal(loadConfig({ ...OIDC, YKT_OIDC_ISSUER: 'http://127.0.0.1:4000', YKT_PUBLIC_URL: 'http://localhost:8080' }).identity.oidc?.insecure, true);
  assert.match(problems({ ...OIDC, YKT_OIDC_ISSUER: 'https://exa mple.cn' }).YKT_OIDC_ISSUER!, /must be a URL/);
});

test('a claim mapping must be JSON naming the claims for type and number', () => {
  assert.match(problems({ ...OIDC, YKT_OIDC_CLAIMS: 'id_doc_type' }).YKT_OIDC_CLAIMS!, /must be a JSON object/);
  assert.match(problems({ ...OIDC, YKT_OIDC_CLAIMS: '{"type":"id_doc_type"}' }).YKT_OIDC_CLAIMS!, /must map "type" and "number"/);
  assert.match(problems({ ...OIDC, YKT_OIDC_CLAIMS: '{"type":"t","number":"n","birthday":"b"}' }).YKT_OIDC_CLAIMS!, /must map "type" and "number"/);
  assert.match(problems({ ...OIDC, YKT_OIDC_DOCUMENT_TYPES: '{"ID":"id-card"}' }).YKT_OIDC_DOCUMENT_TYPES!, /passport/);
  assert.match(problems({ ...OIDC, YKT_OIDC_NAME: 'a|b|c' }).YKT_OIDC_NAME!, /中文名\|English name/);
});

test('production readiness: a provider alone is an identity that needs no notifier', async () => {
  const checks = await productionReadiness(loadConfig(OIDC), new Error('not opened'));
  const identity = checks.find((c) => c.item === 'identity');
  assert.deepEqual(identity, { item: 'identity', ok: true, detail: `oidc: "Sign in with Health Kit" at ${OIDC.YKT_OIDC_ISSUER}` });
  const both = await productionReadiness(loadConfig({ ...OIDC, YKT_IDENTITY: 'document-code,oidc' }), new Error('not opened'));
  assert.equal(both.find((c) => c.item === 'identity')?.ok, false, 'the one-time code still needs a notifier');
});
