// The key ring of reader lists: Ed25519 signing keys (lists are signed with them) and SipHash hash keys
// (card numbers become card keys under them), each under a key id. "Key ring" and not "list keys": a
// list's keys are its card keys. Generated into the data directory on first start unless given by
// environment; rotating adds a key, never replaces one, so readers provisioned with the old public key
// keep verifying until they are updated.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { generateSigningKey, signingKeyFromPem, signingKeyToPem, type ListSigningKey } from '../../readers/builder/index.ts';
import { requireFromEnvironment } from '../secrets.ts';

/** The variables that carry the key ring's newest keys. */
export const KEY_RING_VARIABLES: readonly string[] = ['YKT_LIST_SIGNING_KEY', 'YKT_LIST_HASH_KEY'];

export interface KeyRing {
  /** The newest signing key: lists are signed with it. */
  signing: ListSigningKey;
  /** The public half of every signing key, by key id: what readers verify lists with. */
  publicKeys: Map<number, Uint8Array>;
  /** The newest hash key and its id: lists are built under it. */
  hashKeyId: number;
  hashKey: Uint8Array;
  /** Every hash key by key id, so that card keys of taps under an older one still link to their card. */
  hashKeys: Map<number, Uint8Array>;
}

interface StoredKeys {
  signing: Array<{ keyId: number; pem: string }>;
  hash: Array<{ keyId: number; key: string }>;
}

// The file keeps its first name: deployments already hold their keys in it.
const fileOf = (dataDir: string) => path.join(dataDir, 'list-keys.json');

function read(dataDir: string): StoredKeys {
  const file = fileOf(dataDir);
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : { signing: [], hash: [] };
}

function write(dataDir: string, keys: StoredKeys): void {
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(fileOf(dataDir), JSON.stringify(keys, null, 2), { mode: 0o600 });
}

/** Adds a new signing key (and, with `hash`, a new hash key) under the next key id. */
export function rotateKeyRing(dataDir: string, options: { hash: boolean }): { signingKeyId: number; hashKeyId: number } {
  const stored = read(dataDir);
  const signingKeyId = Math.max(0, ...stored.signing.map((k) => k.keyId)) + 1;
  stored.signing.push({ keyId: signingKeyId, pem: signingKeyToPem(generateSigningKey(signingKeyId)) });
  if (options.hash || stored.hash.length === 0) {
    stored.hash.push({ keyId: Math.max(0, ...stored.hash.map((k) => k.keyId)) + 1, key: randomBytes(16).toString('base64') });
  }
  write(dataDir, stored);
  return { signingKeyId, hashKeyId: stored.hash.at(-1)!.keyId };
}

/**
 * Loads the key ring: YKT_LIST_SIGNING_KEY (PKCS#8 PEM, key id YKT_LIST_SIGNING_KEY_ID, default 1) and
 * YKT_LIST_HASH_KEY (16 bytes base64, id YKT_LIST_HASH_KEY_ID) override the data directory's file. With
 * `generate: false` (production on PostgreSQL) both must be given: nothing is generated per node.
 * @example const keyRing = loadKeyRing(config.dataDir); // keyRing.signing.keyId === 1 on a first start
 */
export function loadKeyRing(dataDir: string, env: NodeJS.ProcessEnv = process.env, options = { generate: true }): KeyRing {
  if (!options.generate) requireFromEnvironment(KEY_RING_VARIABLES, env);
  let stored = read(dataDir);
  if (stored.signing.length === 0 && !env.YKT_LIST_SIGNING_KEY) {
    rotateKeyRing(dataDir, { hash: true });
    stored = read(dataDir);
  }
  const signingKeys = stored.signing.map((k) => signingKeyFromPem(k.keyId, k.pem));
  if (env.YKT_LIST_SIGNING_KEY) signingKeys.push(signingKeyFromPem(Number(env.YKT_LIST_SIGNING_KEY_ID ?? 1), env.YKT_LIST_SIGNING_KEY));
  const hashKeys = new Map(stored.hash.map((k) => [k.keyId, new Uint8Array(Buffer.from(k.key, 'base64'))]));
  if (env.YKT_LIST_HASH_KEY) hashKeys.set(Number(env.YKT_LIST_HASH_KEY_ID ?? 1), new Uint8Array(Buffer.from(env.YKT_LIST_HASH_KEY, 'base64')));
  const signing = signingKeys.reduce((a, b) => (b.keyId > a.keyId ? b : a));
  const hashKeyId = Math.max(...hashKeys.keys());
  return {
    signing,
    publicKeys: new Map(signingKeys.map((k) => [k.keyId, k.publicKeyRaw])),
    hashKeyId,
    hashKey: hashKeys.get(hashKeyId)!,
    hashKeys,
  };
}

/** The keys a reader is provisioned with (at enrolment, and again from its config as they rotate), base64. */
export function provisioningKeys(keys: KeyRing): { publicKeys: Array<{ keyId: number; key: string }>; hashKeys: Array<{ keyId: number; key: string }> } {
  const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
  return {
    publicKeys: [...keys.publicKeys].map(([keyId, key]) => ({ keyId, key: b64(key) })),
    hashKeys: [...keys.hashKeys].map(([keyId, key]) => ({ keyId, key: b64(key) })),
  };
}
