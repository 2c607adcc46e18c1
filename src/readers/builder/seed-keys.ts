// Ed25519 keys from fixed 32-byte seeds (RFC 8032 §5.1.5): for the worked example of
// docs/reader-list-format.md and the conformance vectors, whose bytes must be the same on every run.
// Never for a deployment: a seed anyone can read is a key anyone holds.
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { certifySigningKey, rawPublicKey, type RootKey } from './certificate.ts';
import type { ListSigningKey } from './signer.ts';

/** The PKCS#8 DER prefix of an Ed25519 private key; the 32-byte seed follows it. */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export function keyFromSeed(seed: Uint8Array): KeyObject {
  if (seed.length !== 32) throw new RangeError('an Ed25519 seed is 32 bytes');
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

/** @example rootKeyFromSeed(1, new Uint8Array(32)) */
export function rootKeyFromSeed(keyId: number, seed: Uint8Array): RootKey {
  const privateKey = keyFromSeed(seed);
  return { keyId, privateKey, publicKeyRaw: rawPublicKey(privateKey) };
}

/** A signing key from its seed, certified by `root` (whose id the certificate names). */
export function signingKeyFromSeed(keyId: number, seed: Uint8Array, root: RootKey): ListSigningKey {
  const privateKey = keyFromSeed(seed);
  const publicKeyRaw = rawPublicKey(privateKey);
  return { keyId, privateKey, publicKeyRaw, certificate: certifySigningKey(root, keyId, publicKeyRaw) };
}
