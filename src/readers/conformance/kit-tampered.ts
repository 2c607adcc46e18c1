// The broken files of the conformance kit, each derived from a well-formed one. "Forged" and "truncated"
// files are changed after signing, so their signature no longer holds. "Structure" files are changed and
// then signed again with the trusted key 2: that models a builder bug or a stolen signing key, so that only
// the structure checks of docs/reader-list-format.md §3–§5 stand between the bytes and the reader.
import { sign } from 'node:crypto';
import { listValue, type ListSigningKey } from '../builder/index.ts';
import { signInPlace } from '../builder/signer.ts';
import { certifiedBytes } from '../sdk/certificate.ts';
import { BUCKETS, BUCKET_TABLE_BYTES, Offset, pad4 } from '../sdk/list-format.ts';
import { T0, HOUR } from './kit-cards.ts';
import { FORGED_CERT_SIGNER, ROOT, SIGNER, SIGNER_REVOKED } from './kit-keys.ts';
import { delta101, delta102, heartbeat, snapshot100, sameBucketPair, type KitFile } from './kit-lists.ts';

type Edit = (bytes: Uint8Array, view: DataView) => void;

/** A copy of `bytes` changed by `edit`, then signed again by `resign` (or left with its old signature). */
function tamper(bytes: Uint8Array, edit: Edit, resign: ListSigningKey | null): Uint8Array {
  const copy = bytes.slice();
  edit(copy, new DataView(copy.buffer));
  if (resign !== null) signInPlace(copy, resign);
  return copy;
}

const resigned = (bytes: Uint8Array, edit: Edit) => tamper(bytes, edit, SIGNER);
const unsigned = (bytes: Uint8Array, edit: Edit) => tamper(bytes, edit, null);

/** Where a snapshot's columns start, for a header of `headerBytes` and `count` entries. */
function columns(headerBytes: number, count: number) {
  const mid = headerBytes + BUCKET_TABLE_BYTES;
  const low = mid + 4 * count;
  return { mid, low, value: low + pad4(2 * count) };
}

/** Signing key 2's private key with a certificate whose reserved bytes are set, properly signed by root 1. */
function certReservedSigner(): ListSigningKey {
  const signed = certifiedBytes(SIGNER.keyId, ROOT.keyId, SIGNER.publicKeyRaw);
  signed[12] = 1;
  const certificate = new Uint8Array(112);
  certificate.set(signed);
  certificate.set(sign(null, signed, ROOT.privateKey), 48);
  return { ...SIGNER, certificate };
}

/** Key 5's private key behind key 2's certificate with key 5's public key put in: the root's signature no longer holds. */
function swappedKeySigner(): ListSigningKey {
  const certificate = SIGNER.certificate.slice();
  certificate.set(FORGED_CERT_SIGNER.publicKeyRaw, 16);
  return { ...FORGED_CERT_SIGNER, keyId: SIGNER.keyId, certificate };
}

export function tamperedFiles(): KitFile[] {
  const s100 = snapshot100();
  const d101 = delta101();
  const h100 = heartbeat(100, T0 + 11 * HOUR);
  const n = 12; // bindings in snapshot 100
  const col = columns(240, n);
  const greenValue = listValue('active', { colour: 'green', testedAt: T0 - HOUR, recordedAt: T0 - HOUR });
  const [pairA, pairB] = sameBucketPair();
  const pair = snapshot100({}, SIGNER, [[pairA, greenValue], [pairB, greenValue]]);
  const pairCol = columns(240, 2);
  const twoRevoked = snapshot100({ revokedKeyIds: [1000, 1001] });
  const deltaUpAt = 240; // delta 101: two upserts, then one removal
  return [
    // Forged: changed after signing.
    { name: 's100-forged-value.ykl', about: 'snapshot 100 with its first value set to green tested T0 − 1 h, not signed again', bytes: unsigned(s100, (_, v) => v.setUint32(col.value, greenValue, true)) },
    { name: 's100-forged-signature.ykl', about: 'snapshot 100 with one bit of its signature flipped', bytes: unsigned(s100, (b) => (b[b.length - 1]! ^= 0x01)) },
    { name: 's100-forged-version.ykl', about: 'snapshot 100 whose header says version 101, not signed again', bytes: unsigned(s100, (_, v) => v.setUint32(Offset.VERSION, 101, true)) },
    { name: 'd101-forged-value.ykl', about: 'delta 101 whose first upsert value is changed to lost, not signed again', bytes: unsigned(d101, (_, v) => v.setUint32(deltaUpAt + 8, 5, true)) },
    { name: 'h100-forged-time.ykl', about: 'heartbeat 100 whose created-at is moved from T0 + 11 h to T0 + 20 h, not signed again', bytes: unsigned(h100, (_, v) => v.setUint32(Offset.CREATED_AT_MS, v.getUint32(Offset.CREATED_AT_MS, true) + 9 * HOUR, true)) },
    { name: 'h100-forged-revokes-3.ykl', about: 'heartbeat 100 at T0 + 1 min naming key 3 revoked, one bit of its signature flipped', bytes: unsigned(heartbeat(100, T0 + 60_000, { revokedKeyIds: [3] }), (b) => (b[b.length - 1]! ^= 0x80)) },
    { name: 's100-cert-reserved.ykl', about: 'snapshot 100 by key 2 whose certificate (properly signed by root 1) has reserved bytes set', bytes: snapshot100({}, certReservedSigner()) },
    { name: 's100-cert-swapped-key.ykl', about: "snapshot 100 signed by key 5's private key, carrying key 2's certificate with key 5's public key put in", bytes: snapshot100({}, swappedKeySigner()) },
    { name: 's100-cert-other-id.ykl', about: "snapshot 100 signed by key 3 with key 3's certificate, whose header says signing key 2", bytes: tamper(snapshot100({}, SIGNER_REVOKED), (_, v) => v.setUint32(Offset.SIGN_KEY_ID, 2, true), SIGNER_REVOKED) },
    // Truncated or extended.
    { name: 'empty.ykl', about: 'no bytes at all', bytes: new Uint8Array(0) },
    { name: 's100-cut-1.ykl', about: 'snapshot 100 without its last byte', bytes: s100.slice(0, -1) },
    { name: 's100-no-signature.ykl', about: 'snapshot 100 without its 64-byte signature', bytes: s100.slice(0, -64) },
    { name: 's100-header-only.ykl', about: 'the first 240 bytes of snapshot 100', bytes: s100.slice(0, 240) },
    { name: 's100-plus-1.ykl', about: 'snapshot 100 and one more zero byte', bytes: Uint8Array.from([...s100, 0]) },
    { name: 'd101-cut-12.ykl', about: 'delta 101 without its last 12 bytes', bytes: d101.slice(0, -12) },
    { name: 'h100-cut-1.ykl', about: 'heartbeat 100 without its last byte', bytes: h100.slice(0, -1) },
    // Structure: changed, then signed again by key 2.
    { name: 's100-bad-magic.ykl', about: 'snapshot 100 with magic "YKTM", signed again', bytes: resigned(s100, (b) => (b[3] = 0x4d)) },
    { name: 's100-format-1.ykl', about: 'snapshot 100 with format version 1, signed again', bytes: resigned(s100, (b) => (b[Offset.FORMAT] = 1)) },
    { name: 's100-format-3.ykl', about: 'snapshot 100 with format version 3, signed again', bytes: resigned(s100, (b) => (b[Offset.FORMAT] = 3)) },
    { name: 's100-kind-3.ykl', about: 'snapshot 100 with kind 3, signed again', bytes: resigned(s100, (b) => (b[Offset.KIND] = 3)) },
    { name: 's100-header-length.ykl', about: 'snapshot 100 whose header length says 244 with no revoked ids, signed again', bytes: resigned(s100, (_, v) => v.setUint16(Offset.HEADER_BYTES, 244, true)) },
    { name: 's100-bucket-bits-15.ykl', about: 'snapshot 100 with bucket bits 15, signed again', bytes: resigned(s100, (b) => (b[Offset.BUCKET_BITS] = 15)) },
    { name: 'd101-bucket-bits-16.ykl', about: 'delta 101 with bucket bits 16, signed again', bytes: resigned(d101, (b) => (b[Offset.BUCKET_BITS] = 16)) },
    { name: 's100-reserved-header.ykl', about: 'snapshot 100 with header byte 63 (reserved) set, signed again', bytes: resigned(s100, (b) => (b[63] = 1)) },
    { name: 's100-revoked-unordered.ykl', about: 'snapshot 100 naming revoked keys 1001, 1000 (not ascending), signed again', bytes: resigned(twoRevoked, (_, v) => { v.setUint32(240, 1001, true); v.setUint32(244, 1000, true); }) },
    { name: 's100-revoked-twice.ykl', about: 'snapshot 100 naming revoked key 1000 twice, signed again', bytes: resigned(twoRevoked, (_, v) => v.setUint32(244, 1000, true)) },
    { name: 's100-from-99.ykl', about: 'snapshot 100 with from version 99, signed again', bytes: resigned(s100, (_, v) => v.setUint32(Offset.FROM_VERSION, 99, true)) },
    { name: 's100-removals-1.ykl', about: 'snapshot 100 with removals 1, signed again', bytes: resigned(s100, (_, v) => v.setUint32(Offset.REMOVALS, 1, true)) },
    { name: 's100-policy-rule-0.ykl', about: 'snapshot 100 whose policy in force has rule 0, signed again', bytes: resigned(s100, (b) => (b[Offset.POLICY + 4] = 0)) },
    { name: 's100-next-rule-0-set.ykl', about: 'snapshot 100 whose next policy has rule 0 but other bytes set, signed again', bytes: resigned(s100, (b) => (b[Offset.NEXT_POLICY + 4] = 0)) },
    { name: 's100-policy-reserved.ykl', about: 'snapshot 100 whose policy in force has reserved byte 24 set, signed again', bytes: resigned(s100, (b) => (b[Offset.POLICY + 24] = 1)) },
    { name: 'd101-backwards.ykl', about: 'delta 101 whose version says 99 (below its from version 100), signed again', bytes: resigned(d101, (_, v) => v.setUint32(Offset.VERSION, 99, true)) },
    { name: 'h100-with-changes.ykl', about: 'delta 101 whose version says 100 (a heartbeat) while it carries changes, signed again', bytes: resigned(d101, (_, v) => v.setUint32(Offset.VERSION, 100, true)) },
    { name: 's100-class-8.ykl', about: 'snapshot 100 with a value of reserved class 8, signed again', bytes: resigned(s100, (_, v) => v.setUint32(col.value, 8, true)) },
    { name: 's100-lost-tested.ykl', about: 'snapshot 100 with a value of class 5 (lost) and a test minute, signed again', bytes: resigned(s100, (_, v) => v.setUint32(col.value, (1000 << 4) | 5, true)) },
    { name: 'd101-class-9.ykl', about: 'delta 101 with an upsert value of reserved class 9, signed again', bytes: resigned(d101, (_, v) => v.setUint32(deltaUpAt + 8, 9, true)) },
    { name: 'd101-upserts-unordered.ykl', about: 'delta 101 with its two upserts swapped, signed again', bytes: resigned(d101, (b) => swap(b, deltaUpAt, deltaUpAt + 12, 12)) },
    { name: 'd102-removals-unordered.ykl', about: 'delta 102 with its two removals swapped, signed again', bytes: resigned(delta102(), (b) => swap(b, 240 + 12, 240 + 20, 8)) },
    { name: 'd101-upsert-removed.ykl', about: 'delta 101 whose removal is its second upsert\'s key, signed again', bytes: resigned(d101, (b) => b.copyWithin(deltaUpAt + 24, deltaUpAt + 12, deltaUpAt + 20)) },
    { name: 's100-bucket-end.ykl', about: 'snapshot 100 whose bucket table ends at N − 1, signed again', bytes: resigned(s100, (_, v) => v.setUint32(240 + BUCKETS * 4, n - 1, true)) },
    { name: 's100-bucket-start.ykl', about: 'snapshot 100 whose bucket table starts at 1, signed again', bytes: resigned(s100, (_, v) => v.setUint32(240, 1, true)) },
    { name: 's100-pair-unordered.ykl', about: 'the same-bucket pair snapshot with its two entries swapped (mid, low and value), signed again', bytes: resigned(pair, (b) => { swap(b, pairCol.mid, pairCol.mid + 4, 4); swap(b, pairCol.low, pairCol.low + 2, 2); }) },
    { name: 's100-pair-twice.ykl', about: 'the same-bucket pair snapshot whose second entry is the first one again, signed again', bytes: resigned(pair, (b) => { b.copyWithin(pairCol.mid + 4, pairCol.mid, pairCol.mid + 4); b.copyWithin(pairCol.low + 2, pairCol.low, pairCol.low + 2); }) },
  ];
}

function swap(bytes: Uint8Array, a: number, b: number, length: number): void {
  const first = bytes.slice(a, a + length);
  bytes.copyWithin(a, b, b + length);
  bytes.set(first, b);
}
