// The reader list byte format, shared by the builder (server) and the SDK (reader).
// docs/reader-list-format.md is the normative description; keep the two in step.
import { CERTIFICATE_BYTES } from './certificate.ts';
import { isNoPolicy, readPolicy, writePolicy, type ListPolicy } from './list-policy.ts';

/** "YKTL" in ASCII. */
export const MAGIC = 0x4c544b59; // little-endian u32 of the bytes 59 4B 54 4C
export const FORMAT_VERSION = 2;
/** The fixed part of the header; its full length adds 4 bytes per revoked key id. */
export const FIXED_HEADER_BYTES = 240;
export const SIGNATURE_BYTES = 64;
export const BUCKET_BITS = 16;
export const BUCKETS = 1 << BUCKET_BITS;
/** Snapshot bucket table: BUCKETS + 1 u32 start indexes. */
export const BUCKET_TABLE_BYTES = (BUCKETS + 1) * 4;
export const DELTA_UPSERT_BYTES = 12;
export const DELTA_REMOVAL_BYTES = 8;
/** More revoked signing key ids than this in one header: refused (a bound on what a reader parses). */
export const MAX_REVOKED_KEY_IDS = 1024;

export const Kind = { SNAPSHOT: 1, DELTA: 2 } as const;
export type Kind = (typeof Kind)[keyof typeof Kind];

/** Byte offsets of the header fields (all little-endian). */
export const Offset = {
  MAGIC: 0,
  FORMAT: 4,
  KIND: 5,
  HEADER_BYTES: 6,
  VERSION: 8,
  FROM_VERSION: 16,
  CREATED_AT_MS: 24,
  HASH_KEY_ID: 32,
  SIGN_KEY_ID: 36,
  COUNT: 40,
  REMOVALS: 44,
  REVOKED_COUNT: 48,
  BUCKET_BITS: 52,
  RESERVED: 53, // 11 bytes, must be zero
  POLICY: 64,
  NEXT_POLICY: 96,
  CERTIFICATE: 128,
  REVOKED: 240,
} as const;

export interface ListHeader {
  kind: Kind;
  /** Snapshot: its version. Delta: the version it leads to. */
  version: number;
  /** Delta: the version it applies to. Snapshot: 0. */
  fromVersion: number;
  createdAtMs: number;
  hashKeyId: number;
  signKeyId: number;
  /** Snapshot: bindings. Delta: upserts. */
  count: number;
  /** Delta: removals. Snapshot: 0. */
  removals: number;
  /** The entry policy in force when the file was made. */
  policy: ListPolicy;
  /** The policy that follows it from its effectiveAtMs, or NO_POLICY. */
  nextPolicy: ListPolicy;
  /** The root's certificate for the signing key (112 bytes). */
  certificate: Uint8Array;
  /** Signing key ids the operator revoked, ascending. */
  revokedKeyIds: number[];
  /** The header's length: where the body starts. */
  headerBytes: number;
}

export function headerBytesFor(revoked: number): number {
  return FIXED_HEADER_BYTES + revoked * 4;
}

/** Total file size implied by a header; the loader refuses any other length. */
export function expectedBytes(h: Pick<ListHeader, 'kind' | 'count' | 'removals' | 'headerBytes'>): number {
  if (h.kind === Kind.SNAPSHOT) {
    return h.headerBytes + BUCKET_TABLE_BYTES + snapshotColumnsBytes(h.count) + SIGNATURE_BYTES;
  }
  return h.headerBytes + h.count * DELTA_UPSERT_BYTES + h.removals * DELTA_REMOVAL_BYTES + SIGNATURE_BYTES;
}

/** mid (u32) + low (u16, padded to 4 bytes) + value (u32) columns. */
export function snapshotColumnsBytes(count: number): number {
  return count * 4 + pad4(count * 2) + count * 4;
}

export function pad4(n: number): number {
  return (n + 3) & ~3;
}

export function writeHeader(bytes: Uint8Array, h: ListHeader): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, h.headerBytes);
  view.setUint32(Offset.MAGIC, MAGIC, true);
  view.setUint8(Offset.FORMAT, FORMAT_VERSION);
  view.setUint8(Offset.KIND, h.kind);
  view.setUint16(Offset.HEADER_BYTES, h.headerBytes, true);
  setU64(view, Offset.VERSION, h.version);
  setU64(view, Offset.FROM_VERSION, h.fromVersion);
  setU64(view, Offset.CREATED_AT_MS, h.createdAtMs);
  view.setUint32(Offset.HASH_KEY_ID, h.hashKeyId, true);
  view.setUint32(Offset.SIGN_KEY_ID, h.signKeyId, true);
  view.setUint32(Offset.COUNT, h.count, true);
  view.setUint32(Offset.REMOVALS, h.removals, true);
  view.setUint32(Offset.REVOKED_COUNT, h.revokedKeyIds.length, true);
  view.setUint8(Offset.BUCKET_BITS, h.kind === Kind.SNAPSHOT ? BUCKET_BITS : 0);
  writePolicy(view, Offset.POLICY, h.policy);
  writePolicy(view, Offset.NEXT_POLICY, h.nextPolicy);
  bytes.set(h.certificate, Offset.CERTIFICATE);
  h.revokedKeyIds.forEach((id, i) => view.setUint32(Offset.REVOKED + i * 4, id, true));
}

/** Parses and checks a header; returns a reason string when the bytes are not a v2 list header. */
export function readHeader(bytes: Uint8Array): ListHeader | string {
  if (bytes.length < FIXED_HEADER_BYTES + SIGNATURE_BYTES) return 'truncated';
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(Offset.MAGIC, true) !== MAGIC) return 'not a reader list';
  if (view.getUint8(Offset.FORMAT) !== FORMAT_VERSION) return 'unknown format version';
  const kind = view.getUint8(Offset.KIND);
  if (kind !== Kind.SNAPSHOT && kind !== Kind.DELTA) return 'unknown kind';
  const revokedCount = view.getUint32(Offset.REVOKED_COUNT, true);
  if (revokedCount > MAX_REVOKED_KEY_IDS) return 'too many revoked keys';
  const headerBytes = headerBytesFor(revokedCount);
  if (view.getUint16(Offset.HEADER_BYTES, true) !== headerBytes) return 'unknown header size';
  if (bytes.length < headerBytes + SIGNATURE_BYTES) return 'truncated';
  const bucketBits = view.getUint8(Offset.BUCKET_BITS);
  if (bucketBits !== (kind === Kind.SNAPSHOT ? BUCKET_BITS : 0)) return 'unknown bucket bits';
  for (let i = Offset.RESERVED; i < Offset.POLICY; i++) if (view.getUint8(i) !== 0) return 'reserved bytes set';
  const version = getU64(view, Offset.VERSION);
  const fromVersion = getU64(view, Offset.FROM_VERSION);
  const createdAtMs = getU64(view, Offset.CREATED_AT_MS);
  if (version < 0 || fromVersion < 0 || createdAtMs < 0) return 'number too large';
  const policy = readPolicy(view, Offset.POLICY);
  const nextPolicy = readPolicy(view, Offset.NEXT_POLICY);
  if (policy === null || nextPolicy === null) return 'number too large';
  if (policy.rule === 0) return 'no policy in force';
  if (nextPolicy.rule === 0 && !isNoPolicy(nextPolicy)) return 'reserved bytes set';
  const revokedKeyIds: number[] = [];
  for (let i = 0; i < revokedCount; i++) {
    const id = view.getUint32(Offset.REVOKED + i * 4, true);
    if (i > 0 && id <= revokedKeyIds[i - 1]!) return 'revoked key ids out of order';
    revokedKeyIds.push(id);
  }
  const h: ListHeader = {
    kind,
    version,
    fromVersion,
    createdAtMs,
    hashKeyId: view.getUint32(Offset.HASH_KEY_ID, true),
    signKeyId: view.getUint32(Offset.SIGN_KEY_ID, true),
    count: view.getUint32(Offset.COUNT, true),
    removals: view.getUint32(Offset.REMOVALS, true),
    policy,
    nextPolicy,
    certificate: bytes.slice(Offset.CERTIFICATE, Offset.CERTIFICATE + CERTIFICATE_BYTES),
    revokedKeyIds,
    headerBytes,
  };
  if (kind === Kind.SNAPSHOT && (fromVersion !== 0 || h.removals !== 0)) return 'snapshot with delta fields';
  if (kind === Kind.DELTA && version < fromVersion) return 'delta goes backwards';
  if (kind === Kind.DELTA && version === fromVersion && h.count + h.removals !== 0) return 'heartbeat with changes';
  if (bytes.length !== expectedBytes(h)) return bytes.length < expectedBytes(h) ? 'truncated' : 'trailing bytes';
  return h;
}

/** u64 little-endian; -1 when above 2^53 - 1, which a JavaScript number cannot hold exactly. */
function getU64(view: DataView, at: number): number {
  const lo = view.getUint32(at, true);
  const hi = view.getUint32(at + 4, true);
  return hi > 0x1fffff ? -1 : hi * 0x1_0000_0000 + lo;
}

function setU64(view: DataView, at: number, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`not a u64: ${value}`);
  view.setUint32(at, value % 0x1_0000_0000, true);
  view.setUint32(at + 4, Math.floor(value / 0x1_0000_0000), true);
}
