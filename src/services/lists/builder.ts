// Turns the change log into reader list versions: for each new batch of changes it recomputes the
// touched cards' facts, stores a signed delta from the previous version, and now and then a full
// snapshot. A policy change touches no card: its version is a delta without entries whose header carries
// the new policy. The version is the sequence number of the last change it includes, so any node that builds
// it builds the same version from the same rows.
import { isCodeColour } from '../../domain/health.ts';
import { buildDelta, buildSnapshot, listPolicy, listValue, type ListMeta } from '../../readers/builder/index.ts';
import type { BoundCardFacts, ListEntryEdit, Repositories } from '../../store/store.ts';
import type { Context } from '../context.ts';
import { policyAndNext } from '../operator/entry-policy.ts';
import { MAX_DELTA_CHAIN } from './delta-chain.ts';

/**
 * A new snapshot after this many versions, so that a reader far behind loads one file, not hundreds. It is
 * the delta-chain limit on purpose: a reader too far behind for a chain then always finds a newer snapshot.
 */
const SNAPSHOT_EVERY_VERSIONS = MAX_DELTA_CHAIN;
const CHANGES_PER_BUILD = 50_000;

export interface BuiltVersion {
  fromVersion: number;
  version: number;
  changed: number;
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

/**
 * What every list file made at `now` says besides its entries: the policies, revoked keys and the hash key —
 * the one in force at `now`, unless `hashKeyId` names the one of a list already published (its heartbeat).
 * @example buildHeartbeat(await listMeta(ctx, ctx.store, 42, ctx.clock()), ctx.keyRing.signing)
 */
export async function listMeta(ctx: Context, store: Repositories, version: number, now: number, hashKeyId = ctx.keyRing.hashKeys.idAt(now)): Promise<ListMeta> {
  const { inForce, next } = await policyAndNext(store, now);
  return {
    version,
    createdAtMs: now,
    policy: listPolicy(inForce),
    nextPolicy: next && listPolicy(next),
    revokedKeyIds: ctx.keyRing.revokedKeyIds,
    hashKeyId,
    hashKey: ctx.keyRing.hashKeys.byId(hashKeyId),
  };
}

async function buildIn(ctx: Context, tx: Repositories): Promise<BuiltVersion | null> {
  // Several nodes may poke at once: one builds each version, the others then find it built.
  await tx.lists.lockBuilds();
  const now = ctx.clock();
  const state = await tx.lists.state();
  const changes = await tx.changes.after(state?.version ?? 0, CHANGES_PER_BUILD);
  let meta = await listMeta(ctx, tx, 0, now);
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
  const lastSnapshot = await tx.lists.latestSnapshotVersion();
  const versionsSinceSnapshot = (await tx.lists.fileVersions('delta', (lastSnapshot ?? 0) + 1)).length;
  if (lastSnapshot === null || keysMoved || versionsSinceSnapshot >= SNAPSHOT_EVERY_VERSIONS) {
    // A full build holds the whole list already; otherwise read it back in one pass.
    const entries = full ? [...after.values()].map((e) => [e.number, e.value] as const) : await tx.lists.scanEntries();
    await storeSnapshot(ctx, tx, meta, entries);
  }
  await tx.lists.setState({ version, policyVersion: meta.policy.version, builtAt: now, hashKeyId: meta.hashKeyId, signKeyId });
  return { fromVersion: state?.version ?? 0, version, changed: edits.size };
}

/** Builds, signs and stores a snapshot; returns its size in bytes. */
async function storeSnapshot(ctx: Context, tx: Repositories, meta: ListMeta, entries: Iterable<readonly [string, number]>): Promise<number> {
  const bytes = buildSnapshot({ ...meta, entries }, ctx.keyRing.signing);
  await tx.lists.insertFile({ kind: 'snapshot', fromVersion: meta.version, version: meta.version, bytes, builtAt: meta.createdAtMs });
  return bytes.length;
}

/**
 * Builds a snapshot of the current list version now (if none exists for it): what a reader far behind
 * loads. Returns its size in bytes, or null when no list has been built yet.
 */
export function buildSnapshotNow(ctx: Context): Promise<number | null> {
  return ctx.store.transaction(async (tx) => {
    const state = await tx.lists.state();
    if (!state) return null;
    // Under the version's own hash key (0: built before it was recorded, then the one in force): a snapshot
    // of it under another would not be the same list.
    return storeSnapshot(ctx, tx, await listMeta(ctx, tx, state.version, ctx.clock(), state.hashKeyId || undefined), await tx.lists.scanEntries());
  });
}

/**
 * Builds the next list version if there are changes (or a policy came into force); null when current.
 * @example const built = await buildNextVersion(ctx); // { fromVersion: 41, version: 42, changed: 1 }
 */
export function buildNextVersion(ctx: Context): Promise<BuiltVersion | null> {
  return ctx.store.transaction((tx) => buildIn(ctx, tx));
}
