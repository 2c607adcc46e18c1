// The key ring of reader lists: the operator's root public keys (readers are provisioned with them and
// trust nothing else), the certified Ed25519 signing key lists are signed with, the signing key ids the
// operator revoked, and the rotating SipHash hash keys card numbers become card keys under (hash-keys.ts).
// "Key ring" and not "list keys": a list's keys are its card keys. In the demo and on a first start with
// the embedded store everything is generated into the data directory (key-file.ts), the root's private key
// included — production on SQLite refuses to start until it is moved offline (readiness.ts); in production
// on PostgreSQL all of it comes from the environment, and the root's private key never reaches a node.
import { createPrivateKey, createPublicKey, randomBytes, verify } from 'node:crypto';
import { ConfigError } from '../../config.ts';
import { readCertificate } from '../../readers/sdk/certificate.ts';
import { certifySigningKey, generateRootKey, rawPublicKey, rootKeyFromPem, rootKeyToPem, signingKeyFromPem, type ListSigningKey } from '../../readers/builder/index.ts';
import { requireFromEnvironment } from '../secrets.ts';
import { HashKeySchedule } from './hash-keys.ts';
import { b64, fromB64, generateKeyFile, readKeyFile, storedRootPublic, writeKeyFile, type StoredKeys } from './key-file.ts';

/** The variables that carry the key ring when nothing may be generated (production on PostgreSQL). */
export const KEY_RING_VARIABLES: readonly string[] = ['YKT_LIST_ROOT_KEY', 'YKT_LIST_SIGNING_KEY', 'YKT_LIST_SIGNING_CERT', 'YKT_LIST_HASH_KEY'];

export interface KeyRing {
  /** The newest usable signing key, with the root's certificate for it: lists are signed with it. */
  signing: ListSigningKey;
  /** The operator's root public keys by root key id: what readers are provisioned with at enrolment. */
  rootKeys: Map<number, Uint8Array>;
  /** Signing key ids the operator revoked: every list header names them, and readers refuse them. */
  revokedKeyIds: number[];
  /** The hash key in force at any instant, and its id: lists are built under `hashKeys.at(now)`. */
  hashKeys: HashKeySchedule;
}

export interface KeyRingOptions {
  /** False in production on PostgreSQL: every key comes from the environment, nothing is written. */
  generate: boolean;
  /** How long each hash key is in force (YKT_LIST_KEY_ROTATION_DAYS). */
  rotationDays: number;
}

/**
 * Loads the key ring. Environment variables override the data directory's file: YKT_LIST_ROOT_KEY (root
 * public keys, `id:base64`), YKT_LIST_SIGNING_KEY (PKCS#8 PEM, id YKT_LIST_SIGNING_KEY_ID) with
 * YKT_LIST_SIGNING_CERT (its certificate, base64), YKT_LIST_HASH_KEY (the 16-byte master hash key, base64)
 * and YKT_LIST_REVOKED_KEY_IDS. With `generate: false` (production on PostgreSQL) the first four must be given.
 * @throws ConfigError naming the variable when the signing key's certificate is not its own, is not signed by
 *   a trusted root, or the key is revoked.
 * @example const keyRing = loadKeyRing(config.dataDir, process.env, { generate: true, rotationDays: 7 });
 */
export function loadKeyRing(dataDir: string, env: NodeJS.ProcessEnv, options: KeyRingOptions): KeyRing {
  if (!options.generate) requireFromEnvironment(KEY_RING_VARIABLES, env);
  let stored = readKeyFile(dataDir);
  if (options.generate) stored = prepare(dataDir, stored, env);
  const master = env.YKT_LIST_HASH_KEY ? fromB64(env.YKT_LIST_HASH_KEY) : stored.hash.length > 0 ? fromB64(stored.hash.at(-1)!.key) : null;
  if (!master) throw new ConfigError([{ variable: 'YKT_LIST_HASH_KEY', problem: `is not given and ${dataDir}/list-keys.json holds no hash key` }]);
  return { ...signingChain(stored, env), hashKeys: new HashKeySchedule(master, options.rotationDays) };
}

/** Generates what a first start lacks, and certifies keys from before the trust chain, in the data directory. */
function prepare(dataDir: string, stored: StoredKeys, env: NodeJS.ProcessEnv): StoredKeys {
  if (stored.signing.length === 0 && !env.YKT_LIST_SIGNING_KEY) {
    generateKeyFile(dataDir);
    return readKeyFile(dataDir);
  }
  let changed = false;
  if (stored.hash.length === 0 && !env.YKT_LIST_HASH_KEY) {
    stored.hash.push({ keyId: 1, key: randomBytes(16).toString('base64') });
    changed = true;
  }
  if (stored.signing.some((k) => !k.certificate) && (stored.root?.pem || (!stored.root && !env.YKT_LIST_ROOT_KEY))) {
    // A data directory from before the trust chain: a root (made now if it has none) certifies the keys it already has.
    stored.root ??= { keyId: 1, pem: rootKeyToPem(generateRootKey(1)) };
    const root = rootKeyFromPem(stored.root.keyId, stored.root.pem!);
    for (const k of stored.signing) k.certificate ??= b64(certifySigningKey(root, k.keyId, rawPublicKey(createPrivateKey(k.pem))));
    changed = true;
  }
  if (changed) writeKeyFile(dataDir, stored);
  return stored;
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

const refuse = (variable: string, problem: string) => new ConfigError([{ variable, problem }]);

/** The root keys, revoked ids and the signing key to use, checked: its certificate is its own, from a trusted root, and it is not revoked. */
export function signingChain(stored: StoredKeys, env: NodeJS.ProcessEnv): Omit<KeyRing, 'hashKeys'> {
  const storedRoot = storedRootPublic(stored);
  const rootKeys = env.YKT_LIST_ROOT_KEY ? parseRootKeys(env.YKT_LIST_ROOT_KEY) : new Map(storedRoot ? [[storedRoot.keyId, storedRoot.publicKey]] : []);
  const revokedKeyIds = [...new Set([...(stored.revoked ?? []), ...(env.YKT_LIST_REVOKED_KEY_IDS ?? '').split(',').filter((s) => s.trim() !== '').map(Number)])].sort((a, b) => a - b);
  const candidates: Array<{ key: ListSigningKey; from: string }> = stored.signing
    .filter((k) => k.certificate)
    .map((k) => ({ key: signingKeyFromPem(k.keyId, k.pem, fromB64(k.certificate!)), from: 'list-keys.json' }));
  if (env.YKT_LIST_SIGNING_KEY) candidates.push({ key: envSigningKey(env), from: 'YKT_LIST_SIGNING_CERT' });
  const usable = candidates.filter((c) => !revokedKeyIds.includes(c.key.keyId));
  if (candidates.length === 0) throw refuse('YKT_LIST_SIGNING_KEY', 'is not given and list-keys.json holds no certified signing key: ykt keys certify --root FILE');
  if (usable.length === 0) {
    const ids = candidates.map((c) => c.key.keyId).join(', ');
    throw refuse(env.YKT_LIST_SIGNING_KEY ? 'YKT_LIST_SIGNING_KEY_ID' : 'YKT_LIST_REVOKED_KEY_IDS', `every list signing key (${ids}) is revoked: certify a new one (ykt keys certify --root FILE, or ykt keys rotate) and sign with it`);
  }
  const chosen = usable.reduce((a, b) => (b.key.keyId > a.key.keyId ? b : a));
  const problem = rootProblem(chosen.key, rootKeys);
  if (problem) throw refuse(chosen.from, problem);
  return { signing: chosen.key, rootKeys, revokedKeyIds };
}

function envSigningKey(env: NodeJS.ProcessEnv): ListSigningKey {
  const keyId = Number(env.YKT_LIST_SIGNING_KEY_ID ?? 1);
  const certificate = readCertificate(fromB64(env.YKT_LIST_SIGNING_CERT ?? ''));
  if (typeof certificate === 'string') throw refuse('YKT_LIST_SIGNING_CERT', `is not a key certificate (${certificate}): ykt keys certify prints one`);
  if (certificate.signingKeyId !== keyId) {
    throw refuse('YKT_LIST_SIGNING_CERT', `certifies signing key ${certificate.signingKeyId}, but YKT_LIST_SIGNING_KEY_ID is ${keyId}: give the three lines ykt keys certify printed together`);
  }
  try {
    return signingKeyFromPem(keyId, env.YKT_LIST_SIGNING_KEY!, fromB64(env.YKT_LIST_SIGNING_CERT!));
  } catch {
    throw refuse('YKT_LIST_SIGNING_CERT', `does not match YKT_LIST_SIGNING_KEY: it certifies another public key (ykt keys certify --root FILE --key FILE --id ${keyId} certifies this one)`);
  }
}

/** Why readers would refuse lists signed with `key`: its certificate's root is unknown or did not sign it; null when it chains. */
function rootProblem(key: ListSigningKey, rootKeys: ReadonlyMap<number, Uint8Array>): string | null {
  const certificate = readCertificate(key.certificate);
  if (typeof certificate === 'string') return certificate;
  const known = [...rootKeys.keys()].join(', ') || 'none';
  const root = rootKeys.get(certificate.rootKeyId);
  if (!root) return `signing key ${key.keyId} is certified by root key ${certificate.rootKeyId}, which readers do not trust (YKT_LIST_ROOT_KEY roots: ${known})`;
  const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(root).toString('base64url') }, format: 'jwk' });
  if (!verify(null, certificate.signed, publicKey, certificate.signature)) {
    return `signing key ${key.keyId}'s certificate is not signed by root key ${certificate.rootKeyId} of YKT_LIST_ROOT_KEY: certify it with that root (ykt keys certify --root FILE)`;
  }
  return null;
}

/**
 * What a reader is provisioned with at enrolment, and fetches again from its config as hash keys rotate:
 * the root keys, the revoked signing key ids, and the hash key in force at `nowMs` and the next one — never
 * an older one, so that a key that leaked is not handed out again.
 */
export function provisioningKeys(keys: KeyRing, nowMs: number): {
  rootKeys: Array<{ keyId: number; key: string }>;
  hashKeys: Array<{ keyId: number; key: string }>;
  revokedKeyIds: number[];
} {
  return {
    rootKeys: [...keys.rootKeys].map(([keyId, key]) => ({ keyId, key: b64(key) })),
    hashKeys: [...keys.hashKeys.served(nowMs)].map(([keyId, key]) => ({ keyId, key: b64(key) })),
    revokedKeyIds: keys.revokedKeyIds,
  };
}
