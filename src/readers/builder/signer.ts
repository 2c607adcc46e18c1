// Server-side Ed25519 signing of reader lists under a key id. Each signing key travels with the root's
// certificate for it, which every list file carries, so a new key can be rolled out without touching the
// readers and a revoked one is refused by id.
import { createPrivateKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { SIGNATURE_BYTES } from '../sdk/list-format.ts';
import { readCertificate } from '../sdk/certificate.ts';
import { certifySigningKey, checkKeyId, rawPublicKey, type RootKey } from './certificate.ts';

export interface ListSigningKey {
  keyId: number;
  privateKey: KeyObject;
  publicKeyRaw: Uint8Array;
  /** The root's certificate for this key (112 bytes), written into every list file it signs. */
  certificate: Uint8Array;
}

/** A fresh key pair certified by `root`: the demo's first start, tests, `ykt keys rotate` with the root at hand. */
export function generateSigningKey(keyId: number, root: RootKey): ListSigningKey {
  const { privateKey } = generateKeyPairSync('ed25519');
  return signingKeyFrom(keyId, privateKey, certifySigningKey(root, keyId, rawPublicKey(privateKey)));
}

/** A key from PKCS#8 PEM and its certificate, as kept in the data directory or environment variables. */
export function signingKeyFromPem(keyId: number, pem: string, certificate: Uint8Array): ListSigningKey {
  return signingKeyFrom(keyId, createPrivateKey(pem), certificate);
}

export function signingKeyToPem(key: Pick<ListSigningKey, 'privateKey'>): string {
  return key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

function signingKeyFrom(keyId: number, privateKey: KeyObject, certificate: Uint8Array): ListSigningKey {
  checkKeyId(keyId);
  const publicKeyRaw = rawPublicKey(privateKey);
  const cert = readCertificate(certificate);
  if (typeof cert === 'string') throw new TypeError(`signing key ${keyId}: ${cert}`);
  if (cert.signingKeyId !== keyId || !cert.publicKey.every((b, i) => b === publicKeyRaw[i])) {
    throw new TypeError(`signing key ${keyId}: its certificate is for another key`);
  }
  return { keyId, privateKey, publicKeyRaw, certificate };
}

/** Writes the signature of everything before the last 64 bytes into those bytes. */
export function signInPlace(bytes: Uint8Array, key: ListSigningKey): void {
  const body = bytes.subarray(0, bytes.length - SIGNATURE_BYTES);
  bytes.set(sign(null, body, key.privateKey), bytes.length - SIGNATURE_BYTES);
}
