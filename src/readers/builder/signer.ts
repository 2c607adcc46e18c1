// Server-side Ed25519 signing of reader lists under a key id. Readers trust several public keys by id,
// so a new key can be rolled out before lists are signed with it and the old one retired after.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { SIGNATURE_BYTES } from '../sdk/list-format.ts';

export interface ListSigningKey {
  keyId: number;
  privateKey: KeyObject;
  /** The 32 raw bytes a reader is provisioned with (ReaderListOptions.publicKeys). */
  publicKeyRaw: Uint8Array;
}

/** A fresh key pair, e.g. on first start when no key is configured. */
export function generateSigningKey(keyId: number): ListSigningKey {
  const { privateKey } = generateKeyPairSync('ed25519');
  return signingKeyFrom(keyId, privateKey);
}

/** A key from PKCS#8 PEM, as kept in the data directory or an environment variable. */
export function signingKeyFromPem(keyId: number, pem: string): ListSigningKey {
  return signingKeyFrom(keyId, createPrivateKey(pem));
}

export function signingKeyToPem(key: ListSigningKey): string {
  return key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

function signingKeyFrom(keyId: number, privateKey: KeyObject): ListSigningKey {
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new TypeError('list signing keys are Ed25519');
  if (!Number.isInteger(keyId) || keyId < 0 || keyId > 0xffff_ffff) throw new RangeError('key id must be a u32');
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  return { keyId, privateKey, publicKeyRaw: new Uint8Array(Buffer.from(jwk.x!, 'base64url')) };
}

/** Writes the signature of everything before the last 64 bytes into those bytes. */
export function signInPlace(bytes: Uint8Array, key: ListSigningKey): void {
  const body = bytes.subarray(0, bytes.length - SIGNATURE_BYTES);
  bytes.set(sign(null, body, key.privateKey), bytes.length - SIGNATURE_BYTES);
}
