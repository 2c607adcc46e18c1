// A signing key's certificate: the operator's root key vouches for one list-signing key. Every list file
// carries the certificate of the key that signed it, so a reader provisioned with the root public key alone
// can check any file, and a key that only a (compromised) config endpoint vouches for is worth nothing.
// docs/reader-list-format.md §6 is the normative layout.

export const CERTIFICATE_BYTES = 112;
/** The certificate's first 48 bytes are what the root signs. */
export const CERTIFIED_BYTES = 48;
/** "YKTK" in ASCII, read as a little-endian u32. */
export const CERTIFICATE_MAGIC = 0x4b544b59;

export interface Certificate {
  signingKeyId: number;
  rootKeyId: number;
  /** The signing key's 32 raw Ed25519 public key bytes. */
  publicKey: Uint8Array<ArrayBuffer>;
  /** The 48 signed bytes and the root's 64-byte signature over them. */
  signed: Uint8Array<ArrayBuffer>;
  signature: Uint8Array<ArrayBuffer>;
}

/** Writes the 48 bytes a root signs for a signing key (the signature goes in bytes 48..112). */
export function certifiedBytes(signingKeyId: number, rootKeyId: number, publicKey: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(CERTIFIED_BYTES);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, CERTIFICATE_MAGIC, true);
  view.setUint32(4, signingKeyId, true);
  view.setUint32(8, rootKeyId, true);
  bytes.set(publicKey, 16);
  return bytes;
}

/** Parses a certificate; a reason string when it is not one. The signature is checked by ListVerifier. */
export function readCertificate(bytes: Uint8Array): Certificate | string {
  if (bytes.length !== CERTIFICATE_BYTES) return 'bad certificate length';
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== CERTIFICATE_MAGIC) return 'not a key certificate';
  if (view.getUint32(12, true) !== 0) return 'certificate reserved bytes set';
  return {
    signingKeyId: view.getUint32(4, true),
    rootKeyId: view.getUint32(8, true),
    publicKey: bytes.slice(16, 48),
    signed: bytes.slice(0, CERTIFIED_BYTES),
    signature: bytes.slice(CERTIFIED_BYTES, CERTIFICATE_BYTES),
  };
}
