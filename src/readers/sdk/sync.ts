// The reader's network side: catches its list up through the sync plan, holds the server-sent event
// stream open for pushed deltas and heartbeats, falls back to offline with capped backoff and resyncs by
// itself after reconnecting, and drains the tap queue whenever it is online.
//
// Written against `fetch` alone (no EventSource, no node: modules), so the same code runs in Node 20+
// and in a browser. Every change to the list goes through one serial chain, so a pushed delta, a
// heartbeat and a catch-up never interleave.
import type { LoadResult, ReaderList } from './reader-list.ts';
import type { TapBatch, TapQueue } from './tap-queue.ts';
import { base64Bytes } from './bytes.ts';
import { EventParser, type ServerEvent } from './event-parser.ts';
import { ReaderSyncError } from './sync-error.ts';

/**
 * `revoked`: the server refused the reader's credentials (401/403). The reader forgets its list, so it
 * answers LIST_STALE (manual check) to every tap, keeps its unsent taps, and stops syncing.
 */
export type SyncState = 'offline' | 'syncing' | 'online' | 'revoked';

export interface ReaderSyncOptions {
  /** The server's origin, e.g. `http://localhost:8080` (the terminal API prefix is appended). */
  baseUrl: string;
  /** `<terminal id>.<secret>`, as enrolment returned it; sent as `Authorization: Bearer …`. */
  credentials: string;
  list: ReaderList;
  /** Reported on every request as `x-reader-software`. */
  softwareVersion?: string;
  /** Drained when online: on (re)connecting and every `drainIntervalMs`. */
  queue?: TapQueue;
  /** The reader's clock, ms since epoch; default Date.now. Used for counters and list lag. */
  clock?: () => number;
  /** Default globalThis.fetch. */
  fetch?: typeof globalThis.fetch;
  /** Default `/api/v1/terminal`. */
  apiPrefix?: string;
  /** First retry delay after a failure; doubles per failure up to `maxBackoffMs`. Default 500. */
  minBackoffMs?: number;
  /** Default 10 000. */
  maxBackoffMs?: number;
  /** How often the tap queue is drained while online; default 2 000. */
  drainIntervalMs?: number;
  /**
   * With no byte on the event stream for this long the connection counts as dead and is reopened.
   * The server sends a heartbeat every 30 s; default 75 000.
   */
  idleTimeoutMs?: number;
  /** Called after every change of state, version or counters. */
  onChange?: (sync: ReaderSync) => void;
}

export interface ReaderSyncCounters {
  /** Deltas applied, whether fetched during a catch-up or pushed. */
  deltasApplied: number;
  /** Deltas that arrived by push and applied. */
  deltasPushed: number;
  heartbeats: number;
  snapshotsLoaded: number;
  /** Sync plans fetched (the first catch-up included). */
  resyncs: number;
  /** Times the reader fetched rotated keys from GET /config. */
  keyRefreshes: number;
  /** Event streams opened (the first one included). */
  connections: number;
  /** Failures that sent the reader offline. */
  failures: number;
  /** Taps and annulments acknowledged by the server. */
  tapsUploaded: number;
  lastError: string | null;
  /** Reader clock when the list last changed or was renewed; null before the first. */
  lastSyncAt: number | null;
}

/** Thrown (and kept as lastError) when the server answers with an error. */
const noop = () => {};

export class ReaderSync {
  readonly counters: ReaderSyncCounters = {
    deltasApplied: 0,
    deltasPushed: 0,
    heartbeats: 0,
    snapshotsLoaded: 0,
    resyncs: 0,
    keyRefreshes: 0,
    connections: 0,
    failures: 0,
    tapsUploaded: 0,
    lastError: null,
    lastSyncAt: null,
  };
  /** The latest list version the server announced (sync plan or pushed event); 0 before any. */
  serverVersion = 0;

  private currentState: SyncState = 'offline';
  private readonly fetchImpl: typeof globalThis.fetch;
  private readonly clock: () => number;
  private readonly prefix: string;
  private readonly listeners = new Set<(sync: ReaderSync) => void>();
  private stopper: AbortController | null = null;
  private loop: Promise<void> | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private drainTimer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly options: ReaderSyncOptions) {
    this.fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.clock = options.clock ?? Date.now;
    this.prefix = options.baseUrl.replace(/\/+$/, '') + (options.apiPrefix ?? '/api/v1/terminal');
    if (options.onChange) this.listeners.add(options.onChange);
    options.queue?.followConnection((at) => this.live(at));
  }

  get state(): SyncState {
    return this.currentState;
  }

  get list(): ReaderList {
    return this.options.list;
  }

  get running(): boolean {
    return this.loop !== null;
  }

  /** Server version − reader version, as last announced by the server. */
  get lag(): number {
    return Math.max(0, this.serverVersion - this.options.list.version);
  }

  /** Adds a change listener; returns its removal. */
  subscribe(listener: (sync: ReaderSync) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Resolves once `predicate` holds (checked now and after every change); rejects after `timeoutMs`.
   * @example await sync.until((s) => s.state === 'online', 5_000);
   */
  until(predicate: (sync: ReaderSync) => boolean, timeoutMs = 10_000): Promise<void> {
    if (predicate(this)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`condition not met within ${timeoutMs} ms (state ${this.currentState}, version ${this.options.list.version}, last error ${this.counters.lastError})`));
      }, timeoutMs);
      const off = this.subscribe((s) => {
        if (!predicate(s)) return;
        clearTimeout(timer);
        off();
        resolve();
      });
    });
  }

  /** Starts syncing in the background; does nothing if already running. */
  start(): void {
    if (this.loop) return;
    const stopper = new AbortController();
    this.stopper = stopper;
    this.loop = this.run(stopper.signal).finally(() => {
      this.loop = null;
    });
  }

  /** Ends every request and timer; resolves once the background loop has returned. */
  async stop(): Promise<void> {
    this.stopper?.abort(new Error('stopped'));
    this.stopper = null;
    this.stopDraining();
    await this.loop;
    await this.chain.catch(noop);
    if (this.currentState !== 'revoked') this.setState('offline');
  }

  /**
   * Whether a tap now is decided online: the push stream is open and the list is the server's latest and
   * within its maximum age.
   */
  live(nowMs = this.clock()): boolean {
    const list = this.options.list;
    return this.currentState === 'online' && list.version >= this.serverVersion && list.isCurrent(nowMs);
  }

  /**
   * Uploads one tap batch (the TapQueue's `upload`). Annulled taps go up with an annulment in the same
   * batch. Resolves once the server has stored it; throws otherwise, and the queue retries it unchanged.
   * @example const queue = new TapQueue({ terminal: id, upload: (batch) => sync.upload(batch) });
   */
  async upload(batch: TapBatch): Promise<void> {
    const body = {
      batchId: batch.batchId,
      taps: batch.taps.map((t) => ({ tapId: t.tapId, cardKey: t.cardKey, decision: t.decision, at: t.at, listVersion: t.listVersion, online: t.online })),
      annulments: [...batch.annulments, ...batch.taps.filter((t) => t.annulled).map((t) => ({ tapId: t.tapId, at: t.at }))],
    };
    const response = await this.request('/taps', { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' }, signal: this.stopper?.signal });
    await response.arrayBuffer().catch(noop);
    this.counters.tapsUploaded += batch.taps.length + batch.annulments.length;
  }

  /** Uploads whatever the queue holds now (not once revoked); failures are kept as lastError, never thrown. */
  async drain(): Promise<void> {
    const queue = this.options.queue;
    // A revoked reader keeps its taps and stops asking: every upload would be refused.
    if (!queue || queue.pending === 0 || this.currentState === 'revoked') return;
    const result = await queue.drain();
    if (isRefusal(result.error)) this.revoke();
    else if (result.error !== undefined) this.fail(result.error, false);
    else this.changed();
  }

  // ---------------------------------------------------------------- the loop

  private async run(signal: AbortSignal): Promise<void> {
    let failures = 0;
    while (!signal.aborted) {
      const connection = new AbortController();
      const abortConnection = () => connection.abort(signal.reason);
      signal.addEventListener('abort', abortConnection);
      try {
        this.setState('syncing');
        await this.serial(() => this.catchUp(connection.signal));
        await this.listen(connection, () => {
          failures = 0;
        });
        throw new Error('the event stream ended');
      } catch (error) {
        if (signal.aborted) break;
        if (isRefusal(error)) {
          this.revoke();
          break;
        }
        this.stopDraining();
        this.fail(error, true);
        this.setState('offline');
        const base = Math.min(this.options.maxBackoffMs ?? 10_000, (this.options.minBackoffMs ?? 500) * 2 ** failures);
        failures = Math.min(failures + 1, 30);
        // Jitter, so that thousands of readers do not come back in the same millisecond.
        await sleep(base * (0.5 + Math.random() * 0.5), signal);
      } finally {
        signal.removeEventListener('abort', abortConnection);
        connection.abort(new Error('connection closed'));
      }
    }
  }

  /**
   * Loads a list file; when it is hashed under a key the reader does not know yet (the server rotated its
   * hash key), fetches the current hash keys and revoked signing keys from GET /config once and tries again.
   * Signing keys are never taken from the config: only through the root's certificate a list file carries.
   */
  private async withKnownKeys(load: () => Promise<LoadResult>, signal: AbortSignal): Promise<LoadResult> {
    const first = await load();
    if (first.ok || first.reason !== 'unknown hash key') return first;
    const config = (await (await this.request('/config', { signal })).json()) as { hashKeys?: Array<{ keyId: number; key: string }>; revokedKeyIds?: number[] };
    this.options.list.trustKeys({ hashKeys: new Map((config.hashKeys ?? []).map((k) => [k.keyId, base64Bytes(k.key)] as const)), revokedKeyIds: config.revokedKeyIds ?? [] });
    this.counters.keyRefreshes++;
    return load();
  }

  /** Fetches the sync plan and applies it: a snapshot if needed, then the deltas. Runs inside the serial chain. */
  private async catchUp(signal: AbortSignal): Promise<void> {
    const list = this.options.list;
    this.counters.resyncs++;
    const plan = (await (await this.request(`/lists/sync?from=${list.version}`, { signal })).json()) as { version: number; snapshot: string | null; deltas: string[] };
    this.serverVersion = Math.max(this.serverVersion, plan.version);
    if (plan.snapshot !== null) {
      const snapshotVersion = Number(plan.snapshot.split('?')[0]!.split('/').pop());
      if (!(snapshotVersion <= list.version)) {
        const bytes = await this.bytes(plan.snapshot, signal);
        const loaded = await this.withKnownKeys(() => list.loadSnapshot(bytes), signal);
        if (!loaded.ok) throw new Error(`snapshot ${snapshotVersion} refused: ${loaded.reason}`);
        this.counters.snapshotsLoaded++;
        this.synced();
      }
    }
    for (const url of plan.deltas) {
      const [from, to] = url.split('?')[0]!.split('/').slice(-2).map(Number) as [number, number];
      if (to <= list.version) continue;
      if (from !== list.version) throw new Error(`sync plan delta ${from}→${to} does not start at the reader's version ${list.version}`);
      const bytes = await this.bytes(url, signal);
      const applied = await this.withKnownKeys(() => list.applyDelta(bytes), signal);
      if (!applied.ok) throw new Error(`delta ${from}→${to} refused: ${applied.reason}`);
      this.counters.deltasApplied++;
      this.synced();
    }
    if (list.version < plan.version) throw new Error(`sync plan left the reader at ${list.version}, not ${plan.version}`);
    this.changed();
  }

  /** Holds the event stream open until it ends or fails; returns normally only when the server closed it. */
  private async listen(connection: AbortController, onOpen: () => void): Promise<void> {
    const list = this.options.list;
    const response = await this.request(`/events?from=${list.version}`, { signal: connection.signal, headers: { accept: 'text/event-stream' } });
    if (!response.body) throw new Error('the event stream has no body');
    this.counters.connections++;
    onOpen();
    this.setState('online');
    this.startDraining();
    void this.drain();

    const idleMs = this.options.idleTimeoutMs ?? 75_000;
    let idle: ReturnType<typeof setTimeout> | null = null;
    const touch = () => {
      if (idle !== null) clearTimeout(idle);
      idle = setTimeout(() => connection.abort(new Error(`no event for ${idleMs} ms`)), idleMs);
    };
    // A failure while applying an event (a catch-up that cannot reach the server) ends the connection.
    let applyError: unknown = null;
    const handle = (e: ServerEvent) => {
      this.serial(() => this.onEvent(e, connection.signal)).catch((error: unknown) => {
        applyError ??= error;
        connection.abort(error);
      });
    };
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    const parser = new EventParser(handle);
    try {
      touch();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        touch();
        parser.push(decoder.decode(value, { stream: true }));
      }
    } catch (error) {
      throw applyError ?? (connection.signal.aborted ? connection.signal.reason : error);
    } finally {
      if (idle !== null) clearTimeout(idle);
      reader.cancel().catch(noop);
    }
    if (applyError) throw applyError;
  }

  private async onEvent(e: ServerEvent, signal: AbortSignal): Promise<void> {
    const list = this.options.list;
    let data: { from?: number; version?: number; bytes?: string };
    try {
      data = JSON.parse(e.data) as typeof data;
    } catch {
      return;
    }
    if (typeof data.version === 'number') this.serverVersion = Math.max(this.serverVersion, data.version);
    switch (e.event) {
      case 'resync':
        this.setState('syncing');
        await this.catchUp(signal);
        this.setState('online');
        return;
      case 'delta': {
        if (typeof data.version !== 'number' || typeof data.bytes !== 'string') return;
        if (data.version <= list.version) return; // a duplicate of what a catch-up already brought
        const applied = data.from === list.version ? await list.applyDelta(base64Bytes(data.bytes)) : null;
        if (applied?.ok) {
          this.counters.deltasApplied++;
          this.counters.deltasPushed++;
          this.synced();
          return;
        }
        // Missed one, or it did not verify: ask for the plan again.
        this.setState('syncing');
        await this.catchUp(signal);
        this.setState('online');
        return;
      }
      case 'heartbeat': {
        if (typeof data.version !== 'number' || typeof data.bytes !== 'string') return;
        if (data.version < list.version) return;
        if (data.version > list.version) {
          this.setState('syncing');
          await this.catchUp(signal);
          this.setState('online');
          if (data.version !== list.version) return;
        }
        const applied = await list.applyDelta(base64Bytes(data.bytes));
        if (applied.ok) {
          this.counters.heartbeats++;
          this.synced();
        }
        return;
      }
      default:
        return;
    }
  }

  // ---------------------------------------------------------------- helpers

  private async request(path: string, init: RequestInit): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${this.options.credentials}`);
    headers.set('x-reader-list-version', String(this.options.list.version));
    if (this.options.softwareVersion) headers.set('x-reader-software', this.options.softwareVersion);
    const response = await this.fetchImpl(path.startsWith('/api/') ? this.origin() + path : this.prefix + path, { ...init, headers });
    if (!response.ok) {
      let code: string | null = null;
      try {
        const body = (await response.json()) as { error?: { code?: string } };
        code = body.error?.code ?? null;
      } catch {
        // not JSON
      }
      throw new ReaderSyncError(`${path.split('?')[0]}: HTTP ${response.status}${code ? ` ${code}` : ''}`, response.status, code);
    }
    return response;
  }

  /** The server's origin: sync plans give list file paths from the root. */
  private origin(): string {
    return this.options.baseUrl.replace(/\/+$/, '');
  }

  private async bytes(path: string, signal: AbortSignal): Promise<Uint8Array> {
    return new Uint8Array(await (await this.request(path, { signal })).arrayBuffer());
  }

  /** Runs `fn` after every earlier list operation; the chain survives a failure. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.chain.then(fn, fn);
    this.chain = next.catch(noop);
    return next;
  }

  private startDraining(): void {
    if (!this.options.queue || this.drainTimer !== null) return;
    this.drainTimer = setInterval(() => void this.drain(), this.options.drainIntervalMs ?? 2_000);
  }

  private stopDraining(): void {
    if (this.drainTimer !== null) clearInterval(this.drainTimer);
    this.drainTimer = null;
  }

  private synced(): void {
    this.counters.lastSyncAt = this.clock();
    this.changed();
  }

  private fail(error: unknown, connectionLost: boolean): void {
    if (connectionLost) this.counters.failures++;
    this.counters.lastError = error instanceof Error ? error.message : String(error);
    this.changed();
  }

  /** The server no longer knows this reader: it may not hold the list (DESIGN §4 rule 5), nor decide from it. */
  private revoke(): void {
    this.stopper?.abort(new Error('revoked'));
    this.stopDraining();
    this.options.list.reset();
    // Again after any list operation still under way, so that a snapshot verified meanwhile is not kept.
    void this.serial(async () => this.options.list.reset());
    this.currentState = 'revoked';
    this.changed();
  }

  private setState(state: SyncState): void {
    // Revocation is final: only a new enrolment brings the reader back.
    if (this.currentState === state || this.currentState === 'revoked') return;
    this.currentState = state;
    this.changed();
  }

  private changed(): void {
    for (const listener of this.listeners) {
      try {
        listener(this);
      } catch {
        // a listener's failure is not the sync's
      }
    }
  }
}

/** 401 (credentials unknown) or 403 (reader revoked): the server will not serve this reader again. */
function isRefusal(error: unknown): boolean {
  return error instanceof ReaderSyncError && (error.status === 401 || error.status === 403);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}
