// Publishes reader list versions: builds the next version when something changed, tells every connected
// reader (push) within the second, sends signed heartbeats so that quiet lists do not go stale, and keeps
// the server's own copy of the list (the reader SDK's ReaderList) for online verification.
// Any node can run one: versions are read back from the store, so a version built elsewhere is pushed too.
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { buildHeartbeat } from '../../readers/builder/index.ts';
import { ReaderList } from '../../readers/sdk/index.ts';
import type { Context } from '../context.ts';
import { buildNextVersion, listMeta, snapshotDue, storeSnapshot } from './builder.ts';
import { deltaChain } from './delta-chain.ts';
import { makeSnapshotInWorker } from './snapshot-thread.ts';

export type ListEvent =
  | { kind: 'delta'; fromVersion: number; version: number; bytes: Uint8Array }
  | { kind: 'heartbeat'; version: number; bytes: Uint8Array }
  /** No delta leads to `version` (the keys moved, or the node was far behind): readers fetch the sync plan. */
  | { kind: 'resync'; version: number };

export interface ListPublisherOptions {
  /** How often to look for changes made by other nodes or policies coming into force. */
  tickMs?: number;
  heartbeatMs?: number;
  /** The least time from one build's start to the next while writes keep coming; BUILD_GAP_MS unless told. */
  buildGapMs?: number;
  /** Called, before its streams end, when another node revoked a reader: e.g. to forget its cached credentials. */
  onReaderRevoked?: (terminalId: string) => void;
}

const SLOW_BUILD_MS = 1000;
/**
 * Versions start at least this far apart: while writes keep coming (a busy hour, a mass-testing day), each
 * build takes every change made since the one before — one transaction, one signature and one push to every
 * reader for a hundred upgrades, where a build per commit took a third of the store's commits (measured: 203
 * builds for 4,000 upgrades). A write in a quiet moment is built at once.
 */
export const BUILD_GAP_MS = 100;
const SNAPSHOT_RETRY_MS = 60_000;
/**
 * At most one snapshot per node in this time, however fast versions come: at millions of cards one takes a
 * core for seconds (tens of seconds on a busy 2-core machine), and when writes make several versions a
 * second, 150 of them would have a worker making snapshots back to back. A reader that falls further behind
 * meanwhile walks the longer chain of small deltas (sync-plan.ts).
 */
const SNAPSHOT_INTERVAL_MS = 5 * 60_000;

export class ListPublisher {
  readonly list: ReaderList;
  private readonly listeners = new Set<(event: ListEvent) => void>();
  /** Open push streams: how to end each, by the terminal it serves. */
  private readonly streams = new Map<() => void, string>();
  private published = 0;
  private heartbeat: { version: number; bytes: Uint8Array } | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private timers: NodeJS.Timeout[] = [];
  private unwatch: Promise<() => Promise<void>> | null = null;
  /** The snapshot being made, if any: one at a time; stop() ends it. */
  private snapshot: Promise<void> | null = null;
  /** No snapshot before this (performance.now()): see SNAPSHOT_INTERVAL_MS, and a failed one waits a minute. */
  private snapshotNotBefore = 0;
  private readonly stopping = new AbortController();
  /** When (performance.now()) the last build that made a version began. */
  private lastBuildStarted = -Infinity;

  constructor(
    private readonly ctx: Context,
    private readonly options: ListPublisherOptions = {},
  ) {
    // Hash keys are given as the list needs them (runOnce): they rotate while the server runs.
    this.list = new ReaderList({ rootKeys: ctx.keyRing.rootKeys, hashKeys: new Map(), revokedKeyIds: ctx.keyRing.revokedKeyIds });
  }

  get version(): number {
    return this.published;
  }

  /** The latest signed heartbeat, for readers that poll. */
  latestHeartbeat(): { version: number; bytes: Uint8Array } | null {
    return this.heartbeat;
  }

  subscribe(listener: (event: ListEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get subscribers(): number {
    return this.listeners.size;
  }

  /** Registers a way to end terminal `terminalId`'s open push stream; returns its removal. */
  holdStream(terminalId: string, end: () => void): () => void {
    this.streams.set(end, terminalId);
    return () => this.streams.delete(end);
  }

  /** Ends every open push stream, so that closing the server does not wait for readers to hang up. */
  endStreams(): void {
    for (const end of this.streams.keys()) end();
    this.streams.clear();
  }

  /** Ends the push streams this node holds for one terminal (it was revoked: no more lists for it). */
  endStreamsOf(terminalId: string): void {
    for (const [end, id] of this.streams) {
      if (id !== terminalId) continue;
      end();
      this.streams.delete(end);
    }
  }

  /** Builds and publishes now (or once BUILD_GAP_MS has passed since the last version began); calls made while a run is going fold into it. */
  poke(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        // runOnce clears `again` before each build: a poke after that asks for one more run.
        do {
          await this.runOnce();
        } while (this.again);
      } catch (error) {
        this.ctx.log.error({ err: error }, 'reader list build failed');
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  start(): void {
    this.timers.push(setInterval(() => void this.poke(), this.options.tickMs ?? 1000));
    this.timers.push(setInterval(() => void this.beat(), this.options.heartbeatMs ?? 30_000));
    // A version built, or a reader revoked, by another node arrives at once where the store can tell (PostgreSQL NOTIFY).
    const watcher = {
      onVersion: (version: number) => version > this.published && void this.poke(),
      onReaderRevoked: (terminalId: string) => {
        this.options.onReaderRevoked?.(terminalId);
        this.endStreamsOf(terminalId);
      },
    };
    this.unwatch = this.ctx.store.watchList(watcher).catch((error) => {
      this.ctx.log.error({ err: error }, 'cannot watch for list versions; the tick still publishes them');
      return async () => undefined;
    });
    void this.poke();
  }

  /** Resolves once the build and the snapshot under way, if any, are done: the store then holds all they write. */
  async idle(): Promise<void> {
    await Promise.all([this.running, this.snapshot]);
  }

  /** Stops the timers and the watch, and resolves once a build under way has finished (the store may then close). */
  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    this.stopping.abort();
    const unwatch = this.unwatch?.then((stopWatching) => stopWatching());
    this.unwatch = null;
    await Promise.all([unwatch, this.running, this.snapshot]);
  }

  private async runOnce(): Promise<void> {
    // Build until current, publishing each version as soon as it is stored: a policy published just before a
    // slow build (a first list, or a change of keys: a whole snapshot) reaches readers at once, not after it.
    for (;;) {
      const gap = this.lastBuildStarted + (this.options.buildGapMs ?? BUILD_GAP_MS) - performance.now();
      if (gap > 0) await delay(gap, undefined, { signal: this.stopping.signal }).catch(() => undefined);
      this.again = false;
      const started = performance.now();
      const built = await buildNextVersion(this.ctx);
      const ms = Math.round(performance.now() - started);
      // A build holds the store's write lock: one that takes long is what writers waited for (a first list,
      // or a change of keys, is a whole snapshot in the build).
      if (built && ms >= SLOW_BUILD_MS) this.ctx.log.info({ ...built, ms }, 'slow reader list build');
      await this.publishStored();
      if (!built) break;
      this.lastBuildStarted = started;
      // Every write pokes once committed: without a poke since this build began, and with no changes left
      // over, nothing is waiting (changes from other nodes come with the tick or the store's notice).
      if (!built.more && !this.again) break;
    }
    // Polling readers need a heartbeat from the first list on, not from the first timer tick 30 s later.
    if (this.heartbeat === null && this.published !== 0) await this.beat();
    if (this.snapshot === null && !this.stopping.signal.aborted && performance.now() >= this.snapshotNotBefore && (await snapshotDue(this.ctx.store))) {
      this.snapshot = this.makeSnapshot();
    }
  }

  /** Makes a snapshot beside the builds and stores it in one short write. */
  private async makeSnapshot(): Promise<void> {
    const started = performance.now();
    this.snapshotNotBefore = started + SNAPSHOT_INTERVAL_MS;
    try {
      const made = await makeSnapshotInWorker(this.ctx, this.stopping.signal);
      if (made) {
        await storeSnapshot(this.ctx.store, made);
        this.ctx.log.info({ version: made.version, bytes: made.bytes.length, ms: Math.round(performance.now() - started) }, 'reader list snapshot stored');
      }
    } catch (error) {
      this.snapshotNotBefore = Math.min(this.snapshotNotBefore, performance.now() + SNAPSHOT_RETRY_MS);
      this.ctx.log.error({ err: error }, 'reader list snapshot failed; tried again in a minute');
    } finally {
      this.snapshot = null;
    }
  }

  /** Publishes every stored version after the one published (from a snapshot when too far behind). */
  private async publishStored(): Promise<void> {
    const state = await this.ctx.store.lists.state();
    if (!state || state.version === this.published) return;
    let chain = await deltaChain(this.ctx, this.published, state.version);
    if (!chain) {
      // First start, or too far behind: load the latest snapshot and publish from there.
      const snapshotVersion = await this.ctx.store.lists.latestSnapshotVersion();
      const bytes = snapshotVersion === null ? undefined : await this.ctx.store.lists.getFile('snapshot', snapshotVersion, snapshotVersion);
      if (!bytes) return;
      // The latest snapshot is under the hash key in force, or, built by a node whose clock differs, the one before or after.
      const now = this.ctx.clock();
      const periodMs = this.ctx.keyRing.hashKeys.periodMs;
      this.list.trustKeys({ hashKeys: this.ctx.keyRing.hashKeys.between(now - periodMs, now + periodMs) });
      const loaded = await this.list.loadSnapshot(bytes);
      if (!loaded.ok) throw new Error(`own snapshot refused: ${loaded.reason}`);
      const wasPublished = this.published !== 0;
      this.published = snapshotVersion!;
      // Readers following this node have no delta into this version: they load the snapshot now, not at the next heartbeat.
      if (wasPublished) this.emit({ kind: 'resync', version: this.published });
      chain = (await deltaChain(this.ctx, this.published, state.version, Infinity)) ?? [];
    }
    for (const step of chain) {
      const bytes = await this.ctx.store.lists.getFile('delta', step.fromVersion, step.version);
      if (!bytes) break;
      const applied = await this.list.applyDelta(bytes);
      if (!applied.ok) throw new Error(`own delta refused: ${applied.reason}`);
      this.published = step.version;
      this.emit({ kind: 'delta', fromVersion: step.fromVersion, version: step.version, bytes });
    }
  }

  /** Signs "version V is still current" so that readers on a quiet list do not fall to LIST_STALE. */
  async beat(): Promise<void> {
    if (this.published === 0) return;
    const now = this.ctx.clock();
    // Under the published list's hash key: a heartbeat under a newer one would be refused until the snapshot under it is out.
    const meta = await listMeta(this.ctx.keyRing, this.ctx.store, this.published, now, this.list.hashKeyId ?? undefined);
    const bytes = buildHeartbeat(meta, this.ctx.keyRing.signing);
    await this.list.applyDelta(bytes);
    this.heartbeat = { version: this.published, bytes };
    this.emit({ kind: 'heartbeat', version: this.published, bytes });
  }

  private emit(event: ListEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
