// The key ring as production loads it from the environment: a signing key whose certificate is not its own,
// not from a trusted root, or that is revoked stops the start naming the variable; with a revoked key and
// another usable one, lists are signed with the other and name the revoked one.
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { ConfigError } from '../../../src/config.ts';
import { generateRootKey, generateSigningKey, signingKeyToPem, type RootKey } from '../../../src/readers/builder/index.ts';
import { loadKeyRing } from '../../../src/services/lists/key-ring.ts';
import { addSigningKey } from '../../../src/services/lists/key-file.ts';
import { sharedSecretsEnv, tempDataDir } from '../../support/system.ts';

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const production = { generate: false, rotationDays: 7 };

/** The refusal loading `env` gives, as "VARIABLE problem" lines. */
function refusal(env: Record<string, string>): string {
  try {
    loadKeyRing(tempDataDir(), env, production);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.variable} ${p.problem}`).join('\n');
    throw error;
  }
  assert.fail('loaded');
}

function certifiedBy(root: RootKey, keyId: number): Record<string, string> {
  const key = generateSigningKey(keyId, root);
  return { YKT_LIST_SIGNING_KEY: signingKeyToPem(key), YKT_LIST_SIGNING_KEY_ID: String(keyId), YKT_LIST_SIGNING_CERT: b64(key.certificate) };
}

describe('production key ring from the environment', () => {
  test('loads a signing key certified by a root of YKT_LIST_ROOT_KEY, and writes nothing', () => {
    const dataDir = tempDataDir();
    const ring = loadKeyRing(dataDir, sharedSecretsEnv(), production);
    assert.equal(ring.signing.keyId, 1);
    assert.deepEqual([...ring.rootKeys.keys()], [1]);
    assert.equal(ring.hashKeys.periodMs, 7 * 24 * 3_600_000);
  });

  test('refuses a certificate that is not the signing key\'s own', () => {
    const env = sharedSecretsEnv();
    const other = sharedSecretsEnv();
    assert.match(refusal({ ...env, YKT_LIST_SIGNING_CERT: other.YKT_LIST_SIGNING_CERT! }), /^YKT_LIST_SIGNING_CERT does not match YKT_LIST_SIGNING_KEY: it certifies another public key/);
    assert.match(refusal({ ...env, YKT_LIST_SIGNING_KEY_ID: '2' }), /^YKT_LIST_SIGNING_CERT certifies signing key 1, but YKT_LIST_SIGNING_KEY_ID is 2/);
  });

  test('refuses a certificate no root of YKT_LIST_ROOT_KEY signed', () => {
    const env = sharedSecretsEnv();
    assert.match(refusal({ ...env, ...certifiedBy(generateRootKey(7), 1) }), /^YKT_LIST_SIGNING_CERT signing key 1 is certified by root key 7, which readers do not trust \(YKT_LIST_ROOT_KEY roots: 1\)/);
    // Another root under the same id: its signature does not verify under the root readers hold.
    assert.match(refusal({ ...env, ...certifiedBy(generateRootKey(1), 1) }), /^YKT_LIST_SIGNING_CERT signing key 1's certificate is not signed by root key 1 of YKT_LIST_ROOT_KEY/);
  });

  test('refuses a signing key that is itself revoked', () => {
    assert.match(refusal({ ...sharedSecretsEnv(), YKT_LIST_REVOKED_KEY_IDS: '1' }), /^YKT_LIST_SIGNING_KEY_ID every list signing key \(1\) is revoked: certify a new one/);
  });
});

describe('a data directory with a revoked key id in the environment', () => {
  test('signs with the other key, and names the revoked one', () => {
    const dataDir = tempDataDir();
    loadKeyRing(dataDir, {}, { generate: true, rotationDays: 7 });
    addSigningKey(dataDir);
    const ring = loadKeyRing(dataDir, { YKT_LIST_REVOKED_KEY_IDS: '2' }, { generate: true, rotationDays: 7 });
    assert.equal(ring.signing.keyId, 1);
    assert.deepEqual(ring.revokedKeyIds, [2]);
  });
});

describe('a data directory from before the trust chain', () => {
  test('gets a root that certifies the signing key it has, and keeps its hash key as the master', () => {
    const dataDir = tempDataDir();
    const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const hash = randomBytes(16).toString('base64');
    fs.writeFileSync(path.join(dataDir, 'list-keys.json'), JSON.stringify({ signing: [{ keyId: 1, pem }], hash: [{ keyId: 1, key: hash }] }));
    const ring = loadKeyRing(dataDir, {}, { generate: true, rotationDays: 7 });
    assert.equal(ring.signing.keyId, 1);
    assert.deepEqual([...ring.rootKeys.keys()], [1]);
    const again = loadKeyRing(dataDir, {}, { generate: true, rotationDays: 7 });
    assert.deepEqual(again.hashKeys.at(0), ring.hashKeys.at(0), 'the same keys after a restart');
  });
});
