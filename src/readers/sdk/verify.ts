// Signature checks through WebCrypto, so the same code runs in Node 20+ and in a browser. A reader trusts
// root keys only (provisioned at enrolment); a list-signing key counts when the file carries a root's
// certificate for it and no list the reader accepted has named it revoked.
import type { Certificate } from './certificate.ts';
import { SIGNATURE_BYTES } from './list-format.ts';

export class ListVerifier {
  private readonly roots: Map<number, Uint8Array>;
  private readonly imported = new Map<string, Promise<CryptoKey>>();
  /** Certificates already checked, by their bytes: a heartbeat every 30 s does not re-check the root's signature. */
  private readonly vouched = new Set<string>();
  private readonly revoked = new Set<number>();

  constructor(rootKeys: ReadonlyMap<number, Uint8Array>) {
    this.roots = new Map(rootKeys);
  }

  /** Signing key ids never to trust again: from every verified list header, and from the reader's config. */
  revoke(keyIds: Iterable<number>): void {
    for (const id of keyIds) this.revoked.add(id);
  }

  isRevoked(keyId: number): boolean {
    return this.revoked.has(keyId);
  }

  /**
   * Null when `bytes` is signed (last 64 bytes) by the key `certificate` names, that key is not revoked
   * (here or in `alsoRevoked`, the file's own list), and a trusted root signed the certificate; otherwise why not.
   */
  async check(bytes: Uint8Array<ArrayBuffer>, certificate: Certificate, alsoRevoked: readonly number[]): Promise<string | null> {
    if (this.revoked.has(certificate.signingKeyId) || alsoRevoked.includes(certificate.signingKeyId)) return 'signing key revoked';
    const root = this.roots.get(certificate.rootKeyId);
    if (root === undefined) return 'unknown root key';
    const id = hex(certificate.signed) + hex(certificate.signature);
    if (!this.vouched.has(id)) {
      if (!(await this.verify(root, certificate.signature, certificate.signed))) return 'certificate not signed by the root';
      this.vouched.add(id);
    }
    const signed = bytes.subarray(0, bytes.length - SIGNATURE_BYTES);
    const signature = bytes.subarray(bytes.length - SIGNATURE_BYTES);
    return (await this.verify(certificate.publicKey, signature, signed)) ? null : 'bad signature';
  }

  private async verify(publicKey: Uint8Array, signature: Uint8Array<ArrayBuffer>, signed: Uint8Array<ArrayBuffer>): Promise<boolean> {
    try {
      const key = await this.key(publicKey);
      return await globalThis.crypto.subtle.verify({ name: 'Ed25519' }, key, signature, signed);
    } catch {
      return false;
    }
  }

  private key(raw: Uint8Array): Promise<CryptoKey> {
    const id = hex(raw);
    let key = this.imported.get(id);
    if (key === undefined) {
      key = globalThis.crypto.subtle.importKey('raw', new Uint8Array(raw), { name: 'Ed25519' }, false, ['verify']);
      this.imported.set(id, key);
    }
    return key;
  }
}

function hex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}
