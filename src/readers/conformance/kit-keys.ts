// The conformance kit's keys, from fixed seeds so that every file of the kit is the same on every build.
// Root 1 and signing key 2 are those of the worked example in docs/reader-list-format.md §8. These keys are
// public test data: a deployment that trusted one of them would trust anyone.
import { certifySigningKey, type ListSigningKey, type RootKey } from '../builder/index.ts';
import { keyFromSeed, rootKeyFromSeed, signingKeyFromSeed } from '../builder/seed-keys.ts';
import { rawPublicKey } from '../builder/certificate.ts';

/** 32 bytes `from, from + 1, …`: a seed anyone can retype from the manifest. */
export const seedFrom = (from: number) => new Uint8Array(32).map((_, i) => from + i);

/** The root every case provisions. */
export const ROOT = rootKeyFromSeed(1, seedFrom(0x00));
/** A root the readers are not provisioned with (unless a case says so). */
export const OTHER_ROOT = rootKeyFromSeed(9, seedFrom(0x40));
/** Signs nearly every file. */
export const SIGNER = signingKeyFromSeed(2, seedFrom(0x20), ROOT);
/** Certified by ROOT, revoked in the revocation cases. */
export const SIGNER_REVOKED = signingKeyFromSeed(3, seedFrom(0x60), ROOT);
/** Certified by OTHER_ROOT. */
export const OTHER_ROOT_SIGNER = signingKeyFromSeed(4, seedFrom(0x80), OTHER_ROOT);

/**
 * Key 5, whose certificate names root 1 but was signed by root 9's private key: a forger who holds some root
 * and claims the trusted one's id.
 */
export const FORGED_CERT_SIGNER: ListSigningKey = (() => {
  const privateKey = keyFromSeed(seedFrom(0xa0));
  const publicKeyRaw = rawPublicKey(privateKey);
  const impostor: RootKey = { ...OTHER_ROOT, keyId: ROOT.keyId };
  return { keyId: 5, privateKey, publicKeyRaw, certificate: certifySigningKey(impostor, 5, publicKeyRaw) };
})();

export const HASH_KEYS = {
  1: new Uint8Array(16).map((_, i) => i),
  2: new Uint8Array(16).map((_, i) => 0x10 + i),
} as const;

/** What the manifest says of each key, seeds included (they are test data). */
export function describeKeys() {
  const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
  const roots = [
    { key: ROOT, seed: 0x00 },
    { key: OTHER_ROOT, seed: 0x40 },
  ].map(({ key, seed }) => ({ id: key.keyId, seed: hex(seedFrom(seed)), publicKey: hex(key.publicKeyRaw) }));
  const signers = [
    { key: SIGNER, seed: 0x20, note: 'certified by root 1; signs nearly every file' },
    { key: SIGNER_REVOKED, seed: 0x60, note: 'certified by root 1; revoked in the revocation cases' },
    { key: OTHER_ROOT_SIGNER, seed: 0x80, note: 'certified by root 9, which readers are provisioned with only where a case says so' },
    { key: FORGED_CERT_SIGNER, seed: 0xa0, note: 'its certificate names root 1 but root 9 signed it' },
  ].map(({ key, seed, note }) => ({ id: key.keyId, seed: hex(seedFrom(seed)), publicKey: hex(key.publicKeyRaw), certificate: hex(key.certificate), note }));
  const hashKeys = Object.entries(HASH_KEYS).map(([id, key]) => ({ id: Number(id), key: hex(key) }));
  return { roots, signingKeys: signers, hashKeys };
}
