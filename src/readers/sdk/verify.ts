// Ed25519 verification through WebCrypto, so the same code runs in Node 20+ and in a browser.
import { SIGNATURE_BYTES } from './list-format.ts';

/** Public keys by key id; importing is done once per key. Several ids may be trusted during rotation. */
export class ListVerifier {
  private readonly imported = new Map<number, Promise<CryptoKey>>();
  private readonly publicKeys: Map<number, Uint8Array>;

  constructor(publicKeys: ReadonlyMap<number, Uint8Array>) {
    this.publicKeys = new Map(publicKeys);
  }

  /** Trusts one more key (a rotated one); a key id already trusted keeps its key. */
  trust(keyId: number, raw: Uint8Array): void {
    if (!this.publicKeys.has(keyId)) this.publicKeys.set(keyId, raw);
  }

  knows(keyId: number): boolean {
    return this.publicKeys.has(keyId);
  }

  /** True when the last 64 bytes are a valid signature of everything before them under `keyId`. */
  async verify(bytes: Uint8Array<ArrayBuffer>, keyId: number): Promise<boolean> {
    const signed = bytes.subarray(0, bytes.length - SIGNATURE_BYTES);
    const signature = bytes.subarray(bytes.length - SIGNATURE_BYTES);
    try {
      const key = await this.key(keyId);
      if (key === null) return false;
      return await globalThis.crypto.subtle.verify({ name: 'Ed25519' }, key, signature, signed);
    } catch {
      return false;
    }
  }

  private key(keyId: number): Promise<CryptoKey> | null {
    const raw = this.publicKeys.get(keyId);
    if (raw === undefined) return null;
    let key = this.imported.get(keyId);
    if (key === undefined) {
      key = globalThis.crypto.subtle.importKey('raw', new Uint8Array(raw), { name: 'Ed25519' }, false, ['verify']);
      this.imported.set(keyId, key);
    }
    return key;
  }
}
