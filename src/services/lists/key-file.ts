// The data directory's list keys (list-keys.json, mode 0600), for deployments on the embedded store: the
// signing keys with their certificates, the revoked key ids, the master hash key, and the root — its
// private key only until the operator moves it offline (`ykt keys export-root`), then its public key alone.
// These are what `ykt keys rotate | certify --data-dir | revoke | export-root` change; the server reads
// the file at start (key-ring.ts).
import { createPrivateKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { certifySigningKey, generateRootKey, rawPublicKey, rootKeyFromPem, rootKeyToPem, signingKeyToPem, type RootKey } from '../../readers/builder/index.ts';

export interface StoredKeys {
  /** The operator's root: `pem` while it is kept here (the demo, a first start), `publicKey` once it is offline. */
  root?: { keyId: number; pem?: string; publicKey?: string };
  signing: Array<{ keyId: number; pem: string; certificate?: string }>;
  /** The newest is the master the rotating hash keys derive from (hash-keys.ts). */
  hash: Array<{ keyId: number; key: string }>;
  revoked?: number[];
}

/** An operator's key command that cannot be done as asked: the message says why and what to do instead. */
export class KeyFileError extends Error {
  override name = 'KeyFileError';
}

export const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
export const fromB64 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'base64'));

// The file keeps its first name: deployments already hold their keys in it.
export const keyFileOf = (dataDir: string): string => path.join(dataDir, 'list-keys.json');

export function readKeyFile(dataDir: string): StoredKeys {
  const file = keyFileOf(dataDir);
  return fs.existsSync(file) ? { signing: [], hash: [], ...JSON.parse(fs.readFileSync(file, 'utf8')) } : { signing: [], hash: [] };
}

export function writeKeyFile(dataDir: string, keys: StoredKeys): void {
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(keyFileOf(dataDir), JSON.stringify(keys, null, 2), { mode: 0o600 });
}

/** The root's public key the file records (from its private key while that is here), or null. */
export function storedRootPublic(stored: StoredKeys): { keyId: number; publicKey: Uint8Array } | null {
  if (!stored.root) return null;
  const publicKey = stored.root.pem ? rawPublicKey(createPrivateKey(stored.root.pem)) : fromB64(stored.root.publicKey ?? '');
  return { keyId: stored.root.keyId, publicKey };
}

/** Generates everything a first start needs: a root (kept here), a certified signing key and a master hash key. */
export function generateKeyFile(dataDir: string): void {
  const root = generateRootKey(1);
  const stored: StoredKeys = { root: { keyId: 1, pem: rootKeyToPem(root) }, signing: [], hash: [{ keyId: 1, key: randomBytes(16).toString('base64') }] };
  addSigning(stored, root, 1, newKeyPair());
  writeKeyFile(dataDir, stored);
}

const newKeyPair = (): KeyObject => generateKeyPairSync('ed25519').privateKey;

function addSigning(stored: StoredKeys, root: RootKey, keyId: number, privateKey: KeyObject): void {
  const certificate = certifySigningKey(root, keyId, rawPublicKey(privateKey));
  stored.signing.push({ keyId, pem: signingKeyToPem({ privateKey }), certificate: b64(certificate) });
}

/**
 * Adds a signing key (`privateKey`, or a new one) under the next key id, certified by `root` — or, without
 * it, by the root kept in the file. The file records the root's public key if it had none.
 * @throws KeyFileError when the root is offline and not given, or is not the root this data directory trusts.
 * @example addSigningKey('data', { root }) // { signingKeyId: 2, rootKeyId: 1 }
 */
export function addSigningKey(dataDir: string, given: { root?: RootKey; privateKey?: KeyObject; keyId?: number } = {}): { signingKeyId: number; rootKeyId: number } {
  // An empty data directory gets what a first start would make, then the key asked for.
  if (!given.root && !fs.existsSync(keyFileOf(dataDir))) generateKeyFile(dataDir);
  const stored = readKeyFile(dataDir);
  const held = storedRootPublic(stored);
  const root = given.root ?? (stored.root?.pem ? rootKeyFromPem(stored.root.keyId, stored.root.pem) : undefined);
  if (!root) throw new KeyFileError(`The root key is offline (list-keys.json in ${dataDir} keeps its public key only): pass --root FILE, the PEM file \`ykt keys init-root\` or \`ykt keys export-root\` wrote.`);
  if (held && (held.keyId !== root.keyId || b64(held.publicKey) !== b64(root.publicKeyRaw))) {
    throw new KeyFileError(`This data directory trusts root key ${held.keyId}, not the one given: readers enrolled here trust that root only.`);
  }
  stored.root ??= { keyId: root.keyId, publicKey: b64(root.publicKeyRaw) };
  const keyId = given.keyId ?? Math.max(0, ...stored.signing.map((k) => k.keyId), ...(stored.revoked ?? [])) + 1;
  if (stored.signing.some((k) => k.keyId === keyId)) throw new KeyFileError(`Signing key ${keyId} already exists in list-keys.json.`);
  addSigning(stored, root, keyId, given.privateKey ?? newKeyPair());
  if (stored.hash.length === 0) stored.hash.push({ keyId: 1, key: randomBytes(16).toString('base64') });
  writeKeyFile(dataDir, stored);
  return { signingKeyId: keyId, rootKeyId: root.keyId };
}

/**
 * Records `keyId` as revoked. `alsoUsable` are signing key ids given elsewhere (the environment).
 * @throws KeyFileError when no other usable signing key would be left ("rotate first").
 */
export function revokeSigningKey(dataDir: string, keyId: number, elsewhere: { usable: number[]; revoked: number[] }): number[] {
  const stored = readKeyFile(dataDir);
  const revoked = [...new Set([...(stored.revoked ?? []), ...elsewhere.revoked, keyId])].sort((a, b) => a - b);
  const usable = [...stored.signing.filter((k) => k.certificate).map((k) => k.keyId), ...elsewhere.usable].filter((id) => !revoked.includes(id));
  if (usable.length === 0) throw new KeyFileError(`Signing key ${keyId} is the only usable one: lists could no longer be signed. Rotate first (ykt keys rotate, or ykt keys certify), then revoke it.`);
  stored.revoked = [...new Set([...(stored.revoked ?? []), keyId])].sort((a, b) => a - b);
  writeKeyFile(dataDir, stored);
  return revoked;
}

/**
 * Moves the root's private key out of the data directory into `out` (PEM, mode 0600, never over a file),
 * keeping only its public key in list-keys.json.
 */
export function exportRoot(dataDir: string, out: string): { keyId: number } {
  const stored = readKeyFile(dataDir);
  if (!stored.root?.pem) throw new KeyFileError(`list-keys.json in ${dataDir} holds no root private key${stored.root ? ': it is offline already' : ''}.`);
  writePrivateFile(out, stored.root.pem);
  stored.root = { keyId: stored.root.keyId, publicKey: b64(storedRootPublic(stored)!.publicKey) };
  writeKeyFile(dataDir, stored);
  return { keyId: stored.root.keyId };
}

/** Writes a private key file: mode 0600, and never over an existing file (it may be the only copy of a key). */
export function writePrivateFile(file: string, pem: string): void {
  try {
    fs.writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new KeyFileError(`${file} exists: a key file is never overwritten (it may be the only copy of a key). Choose another --out.`);
    throw error;
  }
}
