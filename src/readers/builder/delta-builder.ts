// Builds signed deltas (from version A to B) and heartbeats (A to A, no changes: "A is still current").
import { DELTA_REMOVAL_BYTES, DELTA_UPSERT_BYTES, Kind, expectedBytes, writeHeader } from '../sdk/list-format.ts';
import { compareCardKeys } from '../sdk/card-key.ts';
import { sortedCardKeys } from './card-key-sort.ts';
import { headerOf, type ListMeta } from './snapshot-builder.ts';
import { signInPlace, type ListSigningKey } from './signer.ts';

export interface DeltaInput extends ListMeta {
  fromVersion: number;
  /** Cards added or changed: [card number, list value]. */
  upserts: Iterable<readonly [string, number]>;
  /** Cards no longer in the list (unbound). */
  removals: Iterable<string>;
}

/**
 * @example
 * buildDelta({ ...meta, fromVersion: 7, version: 8, upserts: [['6214831234567890123', 0]], removals: [] }, signingKey)
 */
export function buildDelta(input: DeltaInput, key: ListSigningKey): Uint8Array {
  if (input.version < input.fromVersion) throw new RangeError('a delta goes forward');
  const up = sortedCardKeys(input.hashKey, input.upserts);
  const rmAll = sortedCardKeys(input.hashKey, [...input.removals].map((c) => [c, 0] as const));
  // A removed card whose key collides with an upserted one: the upsert is what the list must hold.
  const rmHi: number[] = [], rmLo: number[] = [];
  for (let i = 0, j = 0; i < rmAll.val.length; i++) {
    while (j < up.val.length && compareCardKeys(up.hi[j]!, up.lo[j]!, rmAll.hi[i]!, rmAll.lo[i]!) < 0) j++;
    if (j < up.val.length && up.hi[j] === rmAll.hi[i] && up.lo[j] === rmAll.lo[i]) continue;
    rmHi.push(rmAll.hi[i]!);
    rmLo.push(rmAll.lo[i]!);
  }
  const count = up.val.length, removals = rmHi.length;
  if (input.version === input.fromVersion && count + removals > 0) throw new RangeError('a heartbeat carries no changes');
  const header = headerOf(input, key, { kind: Kind.DELTA, fromVersion: input.fromVersion, count, removals });
  const bytes = new Uint8Array(expectedBytes(header));
  const view = new DataView(bytes.buffer);
  writeHeader(bytes, header);
  let at = header.headerBytes;
  for (let i = 0; i < count; i++, at += DELTA_UPSERT_BYTES) {
    view.setUint32(at, up.hi[i]!, true);
    view.setUint32(at + 4, up.lo[i]!, true);
    view.setUint32(at + 8, up.val[i]!, true);
  }
  for (let i = 0; i < removals; i++, at += DELTA_REMOVAL_BYTES) {
    view.setUint32(at, rmHi[i]!, true);
    view.setUint32(at + 4, rmLo[i]!, true);
  }
  signInPlace(bytes, key);
  return bytes;
}

/** A signed statement that `version` is still current at createdAtMs; keeps readers from going stale. */
export function buildHeartbeat(meta: ListMeta, key: ListSigningKey): Uint8Array {
  return buildDelta({ ...meta, fromVersion: meta.version, upserts: [], removals: [] }, key);
}

/** The upserts and removals that turn list state `from` into `to` (both card number → list value). */
export function diffStates(
  from: ReadonlyMap<string, number>,
  to: ReadonlyMap<string, number>,
): { upserts: Array<[string, number]>; removals: string[] } {
  const upserts: Array<[string, number]> = [];
  const removals: string[] = [];
  for (const [card, value] of to) if (from.get(card) !== value) upserts.push([card, value]);
  for (const card of from.keys()) if (!to.has(card)) removals.push(card);
  return { upserts, removals };
}
