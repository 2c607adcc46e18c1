// The worked example of docs/reader-list-format.md §8, built from fixed keys so that its bytes never
// change: worked-example.test.ts checks that the document shows exactly these bytes.
import { buildDelta, buildHeartbeat, buildSnapshot, listPolicy, listValue, type ListSigningKey, type RootKey } from '../../src/readers/builder/index.ts';
import { rootKeyFromSeed, signingKeyFromSeed } from '../../src/readers/builder/seed-keys.ts';
import { PRESETS } from '../../src/domain/entry-policy.ts';
import type { ListMeta } from '../../src/readers/builder/snapshot-builder.ts';

const seed = (from: number) => new Uint8Array(32).map((_, i) => from + i);
export const EXAMPLE_ROOT: RootKey = rootKeyFromSeed(1, seed(0x00));
export const EXAMPLE_SIGNING_KEY: ListSigningKey = signingKeyFromSeed(2, seed(0x20), EXAMPLE_ROOT);
export const EXAMPLE_HASH_KEY = new Uint8Array(16).map((_, i) => i);

const at = (iso: string) => Date.parse(iso);
export const EXAMPLE_CARDS = { green: '6214830000000000017', red: '6214830000000000025' } as const;

const meta: ListMeta = {
  version: 1001,
  createdAtMs: at('2022-06-06T08:00:00+08:00'),
  policy: listPolicy({ ...PRESETS.h72, version: 3, effectiveAt: at('2022-06-01T00:00:00+08:00') }),
  nextPolicy: listPolicy({ ...PRESETS.h48, version: 4, effectiveAt: at('2022-06-07T00:00:00+08:00') }),
  revokedKeyIds: [],
  hashKeyId: 1,
  hashKey: EXAMPLE_HASH_KEY,
};

/** Card …017: green, tested 2022-06-05 10:00 +08:00. Card …025: red, no test on record. */
export function exampleSnapshot(): Uint8Array {
  const green = listValue('active', { colour: 'green', testedAt: at('2022-06-05T10:00:00+08:00'), recordedAt: at('2022-06-05T16:00:00+08:00') });
  const red = listValue('active', { colour: 'red', testedAt: null, recordedAt: at('2022-06-05T16:00:00+08:00') });
  return buildSnapshot({ ...meta, entries: [[EXAMPLE_CARDS.green, green], [EXAMPLE_CARDS.red, red]] }, EXAMPLE_SIGNING_KEY);
}

/** To version 1002: card …017 removed (unbound), card …025 lost; signing key 7 revoked. */
export function exampleDelta(): Uint8Array {
  return buildDelta(
    { ...meta, version: 1002, fromVersion: 1001, createdAtMs: meta.createdAtMs + 60_000, revokedKeyIds: [7], upserts: [[EXAMPLE_CARDS.red, listValue('lost', null)]], removals: [EXAMPLE_CARDS.green] },
    EXAMPLE_SIGNING_KEY,
  );
}

/** "Version 1001 is still current at `createdAtMs`": keeps the example list from going stale in the decisions. */
export function exampleHeartbeat(createdAtMs: number): Uint8Array {
  return buildHeartbeat({ ...meta, createdAtMs }, EXAMPLE_SIGNING_KEY);
}

/** Lines of `offset  16 hex bytes`, as the document shows a dump. */
export function hexDump(bytes: Uint8Array, from = 0, to = bytes.length): string[] {
  const lines: string[] = [];
  for (let o = from; o < to; o += 16) {
    const row = [...bytes.subarray(o, Math.min(o + 16, to))].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    lines.push(`${o.toString(16).padStart(4, '0')}  ${row}`);
  }
  return lines;
}
