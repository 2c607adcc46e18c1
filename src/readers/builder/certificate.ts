// The operator's root key: generated once (`ykt keys init-root`) and meant to be kept offline; it signs a
// certificate for each list-signing key, and readers trust signing keys only through it.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { CERTIFICATE_BYTES, certifiedBytes } from '../sdk/certificate.ts';

export interface RootKey {
  keyId: number;
  privateKey: KeyObject;
  /** The 32 raw bytes readers are provisioned with at enrolment. */
  publicKeyRaw: Uint8Array;
}

export function generateRootKey(keyId: number): RootKey {
  return rootKeyFrom(keyId, generateKeyPairSync('ed25519').privateKey);
}

/** A root key from PKCS#8 PEM. */
export function rootKeyFromPem(keyId: number, pem: string): RootKey {
  return rootKeyFrom(keyId, createPrivateKey(pem));
}

export function rootKeyToPem(key: RootKey): string {
  return key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** The 32 raw public key bytes of an Ed25519 key. */
export function rawPublicKey(privateKey: KeyObject): Uint8Array {
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new TypeError('reader list keys are Ed25519');
  return new Uint8Array(Buffer.from(createPublicKey(privateKey).export({ format: 'jwk' }).x!, 'base64url'));
}

function rootKeyFrom(keyId: number, privateKey: KeyObject): RootKey {
  checkKeyId(keyId);
  return { keyId, privateKey, publicKeyRaw: rawPublicKey(privateKey) };
}

export function checkKeyId(keyId: number): void {
  if (!Number.isInteger(keyId) || keyId < 1 || keyId > 0xffff_ffff) throw new RangeError('a key id is a u32 from 1');
}

/**
 * The 112-byte certificate by which `root` vouches for signing key `signingKeyId` with public key `publicKey`.
 * @example const certificate = certifySigningKey(root, 2, signingKey.publicKeyRaw);
 */
export function certifySigningKey(root: RootKey, signingKeyId: number, publicKey: Uint8Array): Uint8Array {
  checkKeyId(signingKeyId);
  const signed = certifiedBytes(signingKeyId, root.keyId, publicKey);
  const certificate = new Uint8Array(CERTIFICATE_BYTES);
  certificate.set(signed);
  certificate.set(sign(null, signed, root.privateKey), signed.length);
  return certificate;
}
