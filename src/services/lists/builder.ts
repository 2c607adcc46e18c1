// Turns the change log into reader list versions: for each new batch of changes it recomputes the
// touched cards' facts and stores a signed delta from the previous version. A policy change touches no card:
// its version is a delta without entries whose header carries the new policy. The version is the sequence
// number of the last change it includes, so any node that builds it builds the same version from the same
// rows. The periodic snapshot a reader far behind loads is made apart from the builds (snapshotOf, run by the
// publisher in a worker thread on a read-only view): at millions of cards it takes seconds, which no write
// may wait for. Only a list's first version and a change of keys are snapshots built in the build itself.
import { isCodeColour } from '../../domain/health.ts';
import { buildDelta, buildSnapshot, listPolicy, listValue, type ListMeta, type ListSigningKey } from '../../readers/builder/index.ts';
import type { BoundCardFacts, ListEntryEdit, Repositories, Store } from '../../store/store.ts';
import type { Context } from '../context.ts';
import { policyAndNext } from '../operator/entry-policy.ts';
import { MAX_DELTA_CHAIN } from './delta-chain.ts';
import type { KeyRing } from './key-ring.ts';

/**
 * A new snapshot once this many versions were built after the latest one, so that a reader far behind loads
 * one file, not hundreds. Short of the delta-chain limit on purpose: the snapshot is made beside the builds,
 * and versions go on meanwhile; a reader too far behind for a chain then still finds a newer snapshot.
 */
export const SNAPSHOT_EVERY_VERSIONS = (MAX_DELTA_CHAIN * 3) / 4;
const CHANGES_PER_BUILD = 50_000;

export interface BuiltVersion {
  fromVersion: number;
  version: number;
  changed: number;
  /** Changes were left for the next build (a build takes at most CHANGES_PER_BUILD). */
  more: boolean;
}

const FACTS_PAGE = 20_000;

/**
 * Every actively bound card's facts, a page at a time: a whole-list rebuild of millions of cards then
 * lets the event loop serve pushes and online verification between pages.
 */
export async function* everyBoundCard(store: Repositories): AsyncGenerator<BoundCardFacts> {
  let after = 0;
  for (;;) {
    const page = await store.lists.boundCardFacts({ afterCardId: after, limit: FACTS_PAGE });
    yield* page;
    if (page.length < FACTS_PAGE) return;
    after = page.at(-1)!.cardId;
  }
}

/** The list value of one bound card: its facts, whatever the policy. */
export function cardValue(facts: BoundCardFacts): number {
  const h = facts.health;
  const record = h && isCodeColour(h.colour) ? { colour: h.colour, testedAt: h.testedAt, recordedAt: h.recordedAt } : null;
  return listValue(facts.cardState, record);
}

/** What a list file's header needs of the key ring besides the signing key. */
export type ListKeys = Pick<KeyRing, 'revokedKeyIds' | 'hashKeys'>;

/**
 * What every list file made at `now` says besides its entries: the policies, revoked keys and the hash key —
 * the one in force at `now`, unless `hashKeyId` names the one of a list already published (its heartbeat).
 * @example buildHeartbeat(await listMeta(ctx.keyRing, ctx.store, 42, ctx.clock()), ctx.keyRing.signing)
 */
export async function listMeta(keys: ListKeys, store: Repositories, version: number, now: number, hashKeyId = keys.hashKeys.idAt(now)): Promise<ListMeta> {
  const { inForce, next } = await policyAndNext(store, now);
  return {
    version,
    createdAtMs: now,
    policy: listPolicy(inForce),
    nextPolicy: next && listPolicy(next),
    revokedKeyIds: keys.revokedKeyIds,
    hashKeyId,
    hashKey: keys.hashKeys.byId(hashKeyId),
  };
}

async function buildIn(ctx: Context, tx: Repositories): Promise<BuiltVersion | null> {
  // Several nodes may poke at once: one builds each version, the others then find it built.
  await tx.lists.lockBuilds();
  const now = ctx.clock();
  const state = await tx.lists.state();
  const changes = await tx.changes.after(state?.version ?? 0, CHANGES_PER_BUILD);
  let meta = await listMeta(ctx.keyRing, tx, 0, now);
  const signKeyId = ctx.keyRing.signing.keyId;
  // Readers switch to a published next policy at its start on their own; a new version then only names it as in force.
  const policyMoved = state !== undefined && state.policyVersion !== meta.policy.version;
  // The hash key's period ended, or the operator changed the signing key: the next version is a snapshot
  // alone. A delta cannot change hash key (readers refuse it), and a reader must hold nothing signed by a
  // key that may be revoked next; readers at older versions find no delta into it and load the snapshot.
  const keysMoved = state !== undefined && (state.hashKeyId !== meta.hashKeyId || state.signKeyId !== signKeyId);
  if (changes.length === 0 && !policyMoved && !keysMoved && state) return null;
  if (changes.length === 0) {
    // A policy published earlier has just come into force, the keys moved, or nothing was ever bound and
    // readers still need a first (empty) list to decide NOT_UPGRADED on: stamp the moment so the version moves on.
    await tx.changes.append(keysMoved ? 'list.keys' : 'policy', null, null, now);
    changes.push(...(await tx.changes.after(state?.version ?? 0, 1)));
  }
  const version = changes.at(-1)!.seq;
  meta = { ...meta, version };
  const full = !state;
  const touched = full ? undefined : [...new Set(changes.map((c) => c.cardId).filter((id): id is number => id !== null))];

  const before = await tx.lists.entries(touched);
  const after = new Map<number, { number: string; value: number }>();
  for await (const facts of touched ? await tx.lists.boundCardFacts({ cardIds: touched }) : everyBoundCard(tx)) {
    after.set(facts.cardId, { number: facts.cardNumber, value: cardValue(facts) });
  }
  const edits = new Map<number, ListEntryEdit>();
  for (const [cardId, entry] of after) {
    const held = before.get(cardId);
    if (!held || held.value !== entry.value || held.number !== entry.number) edits.set(cardId, entry);
  }
  for (const cardId of before.keys()) if (!after.has(cardId)) edits.set(cardId, null);
  await tx.lists.putEntries(edits);

  if (state && !keysMoved) {
    const upserts = [...edits.values()].filter((e) => e !== null).map((e) => [e.number, e.value] as const);
    const removals = [...edits].filter(([, e]) => e === null).map(([cardId]) => before.get(cardId)!.number);
    const bytes = buildDelta({ ...meta, fromVersion: state.version, upserts, removals }, ctx.keyRing.signing);
    await tx.lists.insertFile({ kind: 'delta', fromVersion: state.version, version, bytes, builtAt: now });
  }
  // Without a snapshot of this version no reader could get to it: the first list, or a change of keys (a
  // delta cannot change them). Other snapshots are made apart (snapshotOf).
  if (full || keysMoved || (await tx.lists.latestSnapshotVersion()) === null) {
    // A full build holds the whole list already; otherwise read it back in one pass.
    const entries = full ? [...after.values()].map((e) => [e.number, e.value] as const) : await tx.lists.scanEntries();
    const bytes = buildSnapshot({ ...meta, entries }, ctx.keyRing.signing);
    await tx.lists.insertFile({ kind: 'snapshot', fromVersion: version, version, bytes, builtAt: now });
  }
  await tx.lists.setState({ version, policyVersion: meta.policy.version, builtAt: now, hashKeyId: meta.hashKeyId, signKeyId });
  return { fromVersion: state?.version ?? 0, version, changed: edits.size, more: changes.length >= CHANGES_PER_BUILD };
}

/** Whether readers far behind need a newer snapshot: SNAPSHOT_EVERY_VERSIONS versions were built after the latest. */
export async function snapshotDue(store: Repositories): Promise<boolean> {
  const state = await store.lists.state();
  const latest = await store.lists.latestSnapshotVersion();
  if (!state || latest === state.version) return false;
  return latest === null || (await store.lists.fileVersions('delta', latest + 1)).length >= SNAPSHOT_EVERY_VERSIONS;
}

export interface MadeSnapshot {
  version: number;
  bytes: Uint8Array;
  builtAt: number;
}

/**
 * A signed snapshot of the list version `view` sees, made at `now` under that version's own hash key (a
 * snapshot of it under another would not be the same list); null when there is no list yet. `view` is a
 * read-only view (Store.readView): the builds go on meanwhile.
 * @example const made = await ctx.store.readView((view) => snapshotOf(ctx.keyRing, ctx.keyRing.signing, view, ctx.clock()));
 */
export async function snapshotOf(keys: ListKeys, signing: ListSigningKey, view: Repositories, now: number): Promise<MadeSnapshot | null> {
  const state = await view.lists.state();
  if (!state) return null;
  // 0: a version built before hash key ids were recorded, under the one in force then (as now).
  const meta = await listMeta(keys, view, state.version, now, state.hashKeyId || undefined);
  return { version: state.version, bytes: buildSnapshot({ ...meta, entries: await view.lists.scanEntries() }, signing), builtAt: now };
}

/**
 * Stores a snapshot made apart, in one short write, and deletes the files it makes unneeded (the store's
 * pruneFiles): without that, deltas and snapshots would pile up for as long as the service runs.
 */
export function storeSnapshot(store: Store, made: MadeSnapshot): Promise<void> {
  return store.transaction(async (tx) => {
    await tx.lists.insertFile({ kind: 'snapshot', fromVersion: made.version, version: made.version, bytes: made.bytes, builtAt: made.builtAt });
    await tx.lists.pruneFiles();
  });
}

/**
 * Makes and stores a snapshot of the current list version now, in this thread (a second one of a version
 * changes nothing): for tools and benchmarks; the server's publisher makes its snapshots in a worker
 * (snapshot-thread.ts). Returns its size in bytes, or null when there is no list yet.
 */
export async function buildSnapshotNow(ctx: Context): Promise<number | null> {
  const made = await ctx.store.readView((view) => snapshotOf(ctx.keyRing, ctx.keyRing.signing, view, ctx.clock()));
  if (!made) return null;
  await storeSnapshot(ctx.store, made);
  return made.bytes.length;
}

/**
 * Builds the next list version if there are changes (or a policy came into force); null when current.
 * @example const built = await buildNextVersion(ctx); // { fromVersion: 41, version: 42, changed: 1, more: false }
 */
export function buildNextVersion(ctx: Context): Promise<BuiltVersion | null> {
  return ctx.store.transaction((tx) => buildIn(ctx, tx));
}
