// The key ring of reader lists: the operator's root public keys (readers are provisioned with them and
// trust nothing else), the certified Ed25519 signing key lists are signed with, the signing key ids the
// operator revoked, and SipHash hash keys (card numbers become card keys under them), each under a key id.
// "Key ring" and not "list keys": a list's keys are its card keys. In the demo and on a first start with
// the embedded store everything is generated into the data directory, the root's private key included; in
// production on PostgreSQL all of it comes from the environment, and the root's private key stays offline.
import { createPrivateKey, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  certifySigningKey,
  generateRootKey,
  generateSigningKey,
  rawPublicKey,
  rootKeyFromPem,
  rootKeyToPem,
  signingKeyFromPem,
  signingKeyToPem,
  type ListSigningKey,
  type RootKey,
} from '../../readers/builder/index.ts';
import { requireFromEnvironment } from '../secrets.ts';

/** The variables that carry the key ring when nothing may be generated (production on PostgreSQL). */
export const KEY_RING_VARIABLES: readonly string[] = ['YKT_LIST_ROOT_KEY', 'YKT_LIST_SIGNING_KEY', 'YKT_LIST_SIGNING_CERT', 'YKT_LIST_HASH_KEY'];

export interface KeyRing {
  /** The newest signing key, with the root's certificate for it: lists are signed with it. */
  signing: ListSigningKey;
  /** The operator's root public keys by root key id: what readers are provisioned with at enrolment. */
  rootKeys: Map<number, Uint8Array>;
  /** Signing key ids the operator revoked: every list header names them, and readers refuse them. */
  revokedKeyIds: number[];
  /** The newest hash key and its id: lists are built under it. */
  hashKeyId: number;
  hashKey: Uint8Array;
  /** Every hash key by key id, so that card keys of taps under an older one still link to their card. */
  hashKeys: Map<number, Uint8Array>;
}

interface StoredKeys {
  /** Generated on a first start without YKT_LIST_ROOT_KEY: convenient for the demo, kept offline in production. */
  root?: { keyId: number; pem: string };
  signing: Array<{ keyId: number; pem: string; certificate?: string }>;
  hash: Array<{ keyId: number; key: string }>;
  revoked?: number[];
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

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const fromB64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));

/** The data directory's root key, made on first use. */
function storedRoot(stored: StoredKeys): RootKey {
  if (!stored.root) stored.root = { keyId: 1, pem: rootKeyToPem(generateRootKey(1)) };
  return rootKeyFromPem(stored.root.keyId, stored.root.pem);
}

/** Adds a new signing key, certified by the data directory's root (and, with `hash`, a new hash key), under the next key id. */
export function rotateKeyRing(dataDir: string, options: { hash: boolean }): { signingKeyId: number; hashKeyId: number } {
  const stored = read(dataDir);
  const root = storedRoot(stored);
  const signingKeyId = Math.max(0, ...stored.signing.map((k) => k.keyId)) + 1;
  const key = generateSigningKey(signingKeyId, root);
  stored.signing.push({ keyId: signingKeyId, pem: signingKeyToPem(key), certificate: b64(key.certificate) });
  if (options.hash || stored.hash.length === 0) {
    stored.hash.push({ keyId: Math.max(0, ...stored.hash.map((k) => k.keyId)) + 1, key: randomBytes(16).toString('base64') });
  }
  write(dataDir, stored);
  return { signingKeyId, hashKeyId: stored.hash.at(-1)!.keyId };
}

/** `id:base64[,id:base64…]` → root public keys. */
function parseRootKeys(text: string): Map<number, Uint8Array> {
  return new Map(
    text.split(',').map((item) => {
      const [id, key] = item.trim().split(':');
      return [Number(id), fromB64(key!)] as const;
    }),
  );
}

/**
 * Loads the key ring. Environment variables override the data directory's file: YKT_LIST_ROOT_KEY (root
 * public keys, `id:base64`), YKT_LIST_SIGNING_KEY (PKCS#8 PEM, id YKT_LIST_SIGNING_KEY_ID) with
 * YKT_LIST_SIGNING_CERT (its certificate, base64), YKT_LIST_HASH_KEY (16 bytes base64, id
 * YKT_LIST_HASH_KEY_ID) and YKT_LIST_REVOKED_KEY_IDS. With `generate: false` (production on PostgreSQL) the
 * first four must be given: nothing is generated per node.
 * @example const keyRing = loadKeyRing(config.dataDir); // keyRing.signing.keyId === 1 on a first start
 */
export function loadKeyRing(dataDir: string, env: NodeJS.ProcessEnv = process.env, options = { generate: true }): KeyRing {
  if (!options.generate) requireFromEnvironment(KEY_RING_VARIABLES, env);
  let stored = read(dataDir);
  if (stored.signing.length === 0 && !env.YKT_LIST_SIGNING_KEY) {
    rotateKeyRing(dataDir, { hash: true });
    stored = read(dataDir);
  }
  if (stored.signing.some((k) => !k.certificate) && !env.YKT_LIST_ROOT_KEY) {
    // A data directory from before the trust chain: its root certifies the keys it already has.
    const root = storedRoot(stored);
    for (const k of stored.signing) k.certificate ??= b64(certifySigningKey(root, k.keyId, rawPublicKey(createPrivateKey(k.pem))));
    write(dataDir, stored);
  }
  const signingKeys = stored.signing.filter((k) => k.certificate).map((k) => signingKeyFromPem(k.keyId, k.pem, fromB64(k.certificate!)));
  if (env.YKT_LIST_SIGNING_KEY) {
    signingKeys.push(signingKeyFromPem(Number(env.YKT_LIST_SIGNING_KEY_ID ?? 1), env.YKT_LIST_SIGNING_KEY, fromB64(env.YKT_LIST_SIGNING_CERT ?? '')));
  }
  const rootKeys = env.YKT_LIST_ROOT_KEY ? parseRootKeys(env.YKT_LIST_ROOT_KEY) : new Map([[stored.root!.keyId, storedRoot(stored).publicKeyRaw]]);
  const hashKeys = new Map(stored.hash.map((k) => [k.keyId, fromB64(k.key)]));
  if (env.YKT_LIST_HASH_KEY) hashKeys.set(Number(env.YKT_LIST_HASH_KEY_ID ?? 1), fromB64(env.YKT_LIST_HASH_KEY));
  const revokedKeyIds = [...new Set([...(stored.revoked ?? []), ...(env.YKT_LIST_REVOKED_KEY_IDS ?? '').split(',').filter((s) => s.trim() !== '').map(Number)])].sort((a, b) => a - b);
  const usable = signingKeys.filter((k) => !revokedKeyIds.includes(k.keyId));
  if (usable.length === 0) throw new Error('every list signing key is revoked: add one (ykt keys rotate) before revoking the last');
  const signing = usable.reduce((a, b) => (b.keyId > a.keyId ? b : a));
  const hashKeyId = Math.max(...hashKeys.keys());
  return { signing, rootKeys, revokedKeyIds, hashKeyId, hashKey: hashKeys.get(hashKeyId)!, hashKeys };
}

/** What a reader is provisioned with at enrolment, and fetches again from its config as hash keys rotate. */
export function provisioningKeys(keys: KeyRing): {
  rootKeys: Array<{ keyId: number; key: string }>;
  hashKeys: Array<{ keyId: number; key: string }>;
  revokedKeyIds: number[];
} {
  return {
    rootKeys: [...keys.rootKeys].map(([keyId, key]) => ({ keyId, key: b64(key) })),
    hashKeys: [...keys.hashKeys].map(([keyId, key]) => ({ keyId, key: b64(key) })),
    revokedKeyIds: keys.revokedKeyIds,
  };
}
