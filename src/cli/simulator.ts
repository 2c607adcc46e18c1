// The reader simulator: N simulated readers in one process, each a real reader SDK (ReaderList +
// ReaderSync + TapQueue) enrolled with the server, tapping at R taps/s in total, deciding locally, queueing
// and uploading tap records. `ykt terminal simulate` runs it, and so do the benchmarks and the /ops test.
import fs from 'node:fs';
import { DECISIONS, type Decision } from '../domain/decisions.ts';
import { ReaderList, TapQueue } from '../readers/sdk/index.ts';
import { ReaderSync } from '../readers/sdk/sync.ts';
import { enrolReader } from '../readers/sdk/enrol.ts';
import { demoCardRows } from '../services/demo/seed.ts';
import type { TerminalKind } from '../domain/terminals.ts';

export const KINDS: TerminalKind[] = ['bus-validator', 'metro-gate', 'staff-device'];
const SOFTWARE = 'ykt-simulator/1';

export interface SimulateOptions {
  /** Server origin, e.g. http://localhost:8080. */
  url: string;
  readers: number;
  /** Taps per second over all readers together. */
  rate: number;
  /** How long to tap, in seconds; then the readers upload what is left and stop. */
  durationS: number;
  /** One enrolment token per reader; or `operator` to have them issued. */
  enrolmentTokens?: string[];
  /** An operator account that issues the enrolment tokens (POST /api/v1/admin/terminals/enrolments). */
  operator?: { username: string; password: string };
  /** Card numbers to tap; default the demo cards. Readers cannot know which are bound. */
  cards?: string[];
  /** Called about once a second with the live figures. */
  onTick?: (stats: SimulationStats) => void;
  tickMs?: number;
  /** How long to wait for every reader to hold a list before tapping starts; default 15 s. */
  readyTimeoutMs?: number;
  /** Stops early (Ctrl-C). */
  signal?: AbortSignal;
  /** How long, after tapping ends, readers may take to upload their backlog; default 10 s. */
  settleMs?: number;
  clock?: () => number;
  fetch?: typeof globalThis.fetch;
  /** Enrolments in flight at once; default 16. */
  concurrency?: number;
  /** Called for every reader once it is built, before it starts (benchmarks attach listeners here). */
  onReader?: (reader: SimulatedReader, index: number) => void;
  /** ReaderSync tuning, e.g. drainIntervalMs; default drain every second. */
  sync?: { drainIntervalMs?: number; minBackoffMs?: number; maxBackoffMs?: number };
}

export interface SimulatedReader {
  terminalId: string;
  list: ReaderList;
  sync: ReaderSync;
  queue: TapQueue;
}

export interface SimulationStats {
  elapsedMs: number;
  readers: number;
  online: number;
  syncing: number;
  offline: number;
  taps: number;
  byDecision: Record<Decision, number>;
  /** Taps and annulments the server acknowledged. */
  uploaded: number;
  /** Taps waiting on readers for upload. */
  backlog: number;
  /** The newest list version any reader has heard of from the server. */
  serverVersion: number;
  minReaderVersion: number;
  /** Largest (server version − reader version) over the readers. */
  maxLag: number;
  /** Oldest list age over the readers, ms (Infinity for a reader without a list). */
  maxListAgeMs: number;
  deltasPushed: number;
  resyncs: number;
  failures: number;
  lastError: string | null;
}

/** The demo card numbers (1000751000000001 …): some bound in a demo, most not, several lost or blocked. */
function demoCardNumbers(): string[] {
  return demoCardRows().map((r) => r.number!);
}

/** Card numbers from a file: one per line, or the first column of a CSV; other lines are skipped. */
export function readCardFile(file: string): string[] {
  const cards = fs
    .readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((line) => line.split(',')[0]!.trim().replace(/\s+/g, ''))
    .filter((c) => /^\d{16,20}$/.test(c));
  if (cards.length === 0) throw new Error(`${file}: no card numbers (16 to 20 digits, one per line)`);
  return cards;
}

/** The fields of the staff API's answers that the simulator reads (a sign-in, an enrolment token, an error). */
interface Answer {
  token?: string;
  error?: { code?: string };
  /** The body as sent, when it was not JSON. */
  raw?: string;
}

async function json(response: Response): Promise<Answer> {
  const text = await response.text();
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    return { raw: text };
  }
}

/** Signs the operator in and issues `count` enrolment tokens through the admin API. */
async function issueTokensAsOperator(
  url: string,
  operator: { username: string; password: string },
  count: number,
  fetchImpl: typeof globalThis.fetch = globalThis.fetch,
  concurrency = 16,
): Promise<string[]> {
  const base = url.replace(/\/+$/, '');
  const login = await fetchImpl(`${base}/api/v1/staff-session/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(operator),
  });
  const session = await json(login);
  if (login.status !== 200) throw new Error(`operator sign-in failed: HTTP ${login.status} ${session.error?.code ?? ''}`);
  return pool(count, concurrency, async (i) => {
    const issued = await fetchImpl(`${base}/api/v1/admin/terminals/enrolments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
      body: JSON.stringify({ kind: 'metro-gate', line: 'Simulator', station: `Gate ${i + 1}` }),
    });
    const body = await json(issued);
    if (issued.status !== 201) throw new Error(`enrolment token refused: HTTP ${issued.status} ${body.error?.code ?? ''}`);
    return body.token as string;
  });
}

async function pool<T>(count: number, concurrency: number, work: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      results[i] = await work(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(count, Math.max(1, concurrency)) }, worker));
  return results;
}

function emptyCounts(): Record<Decision, number> {
  return Object.fromEntries(DECISIONS.map((d) => [d, 0])) as Record<Decision, number>;
}

/**
 * Runs the simulation and resolves with the final figures once every reader has stopped.
 * @example
 * const stats = await simulateReaders({ url: 'http://localhost:8080', readers: 10, rate: 100, durationS: 5,
 *   operator: { username: 'operator', password: 'demo-operator-2022' } });
 * stats.byDecision.PASS; stats.backlog === 0
 */
export async function simulateReaders(options: SimulateOptions): Promise<SimulationStats> {
  const clock = options.clock ?? Date.now;
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const cards = options.cards ?? demoCardNumbers();
  if (cards.length === 0) throw new Error('no card numbers to tap');
  if (!(options.readers >= 1)) throw new Error('at least one reader');
  if (!(options.rate >= 0)) throw new Error('the rate must be 0 or more taps per second');

  let tokens = options.enrolmentTokens ?? [];
  if (tokens.length < options.readers) {
    if (!options.operator) throw new Error(`${options.readers} readers need ${options.readers} enrolment tokens (given ${tokens.length}), or an operator account`);
    tokens = [...tokens, ...(await issueTokensAsOperator(options.url, options.operator, options.readers - tokens.length, fetchImpl, options.concurrency))];
  }

  const readers = await pool(options.readers, options.concurrency ?? 16, async (i): Promise<SimulatedReader> => {
    const enrolment = await enrolReader({ baseUrl: options.url, token: tokens[i]!, softwareVersion: SOFTWARE, fetch: fetchImpl });
    const list = new ReaderList({ rootKeys: enrolment.rootKeys, hashKeys: enrolment.hashKeys, revokedKeyIds: enrolment.revokedKeyIds });
    const queue = new TapQueue({ terminal: enrolment.terminalId, upload: (batch) => sync.upload(batch) });
    const sync: ReaderSync = new ReaderSync({
      baseUrl: options.url,
      credentials: enrolment.credentials,
      list,
      queue,
      softwareVersion: SOFTWARE,
      clock,
      fetch: fetchImpl,
      drainIntervalMs: options.sync?.drainIntervalMs ?? 1_000,
      ...(options.sync?.minBackoffMs !== undefined ? { minBackoffMs: options.sync.minBackoffMs } : {}),
      ...(options.sync?.maxBackoffMs !== undefined ? { maxBackoffMs: options.sync.maxBackoffMs } : {}),
    });
    return { terminalId: enrolment.terminalId, list, sync, queue };
  });

  const byDecision = emptyCounts();
  let taps = 0;
  let started = Date.now();
  const stats = (): SimulationStats => {
    const now = clock();
    const serverVersion = Math.max(0, ...readers.map((r) => r.sync.serverVersion));
    const versions = readers.map((r) => r.list.version);
    const errors = readers.map((r) => r.sync.counters.lastError).filter((e): e is string => e !== null);
    return {
      elapsedMs: Date.now() - started,
      readers: readers.length,
      online: readers.filter((r) => r.sync.state === 'online').length,
      syncing: readers.filter((r) => r.sync.state === 'syncing').length,
      offline: readers.filter((r) => r.sync.state === 'offline').length,
      taps,
      byDecision: { ...byDecision },
      uploaded: readers.reduce((n, r) => n + r.sync.counters.tapsUploaded, 0),
      backlog: readers.reduce((n, r) => n + r.queue.pending, 0),
      serverVersion,
      minReaderVersion: Math.min(...versions),
      maxLag: Math.max(...versions.map((v) => Math.max(0, serverVersion - v))),
      maxListAgeMs: Math.max(...readers.map((r) => r.list.listAge(now))),
      deltasPushed: readers.reduce((n, r) => n + r.sync.counters.deltasPushed, 0),
      resyncs: readers.reduce((n, r) => n + r.sync.counters.resyncs, 0),
      failures: readers.reduce((n, r) => n + r.sync.counters.failures, 0),
      lastError: errors.at(-1) ?? null,
    };
  };

  const tap = () => {
    const reader = readers[Math.floor(Math.random() * readers.length)]!;
    const card = cards[Math.floor(Math.random() * cards.length)]!;
    const now = clock();
    const decision = reader.list.decide(card, now);
    reader.queue.recordTap(reader.list, card, decision, now);
    byDecision[decision]++;
    taps++;
  };

  const signal = options.signal;
  let ticker: ReturnType<typeof setInterval> | null = null;
  readers.forEach((r, i) => options.onReader?.(r, i));
  try {
    for (const r of readers) r.sync.start();
    // Tapping starts once every reader holds a list (or after readyTimeoutMs, whatever they hold then).
    await Promise.all(readers.map((r) => r.sync.until((s) => s.list.version > 0, options.readyTimeoutMs ?? 15_000).catch(() => {})));
    started = Date.now();
    // Paced by real time (the reader clock may be a test's): every few ms, as many taps as the rate owes.
    const t0 = Date.now();
    const endAt = t0 + options.durationS * 1000;
    if (options.onTick) ticker = setInterval(() => options.onTick!(stats()), options.tickMs ?? 1_000);
    await new Promise<void>((resolve) => {
      const step = () => {
        const now = Math.min(Date.now(), endAt);
        const owed = Math.floor(((now - t0) / 1000) * options.rate) - taps;
        for (let i = 0; i < owed; i++) tap();
        if (now >= endAt || signal?.aborted) {
          clearInterval(pacer);
          signal?.removeEventListener('abort', step);
          resolve();
        }
      };
      const pacer = setInterval(step, 5);
      signal?.addEventListener('abort', step);
    });
    // Let every reader upload its backlog (they drain by themselves while online), then stop.
    const settleUntil = Date.now() + (options.settleMs ?? 10_000);
    await Promise.all(readers.map((r) => r.sync.drain()));
    while (readers.some((r) => r.queue.pending > 0) && Date.now() < settleUntil && !signal?.aborted) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      await Promise.all(readers.filter((r) => r.sync.state === 'online').map((r) => r.sync.drain()));
    }
    return stats();
  } finally {
    if (ticker) clearInterval(ticker);
    await Promise.all(readers.map((r) => r.sync.stop()));
  }
}

const seconds = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : 'none');

/** One live line: counts by decision, list lag and age, upload backlog. */
export function formatTick(s: SimulationStats): string {
  const decisions = DECISIONS.filter((d) => s.byDecision[d] > 0)
    .map((d) => `${d} ${s.byDecision[d]}`)
    .join(', ');
  return (
    `[${(s.elapsedMs / 1000).toFixed(0).padStart(4)} s] readers ${s.online}/${s.readers} online | taps ${s.taps}${decisions ? ` (${decisions})` : ''}` +
    ` | list v${s.serverVersion} lag ≤ ${s.maxLag}, age ≤ ${seconds(s.maxListAgeMs)} | uploaded ${s.uploaded}, backlog ${s.backlog}`
  );
}

export function formatSummary(s: SimulationStats): string {
  const lines = [
    `Summary after ${seconds(s.elapsedMs)}: ${s.readers} readers`,
    `  taps decided    ${s.taps}`,
    ...DECISIONS.map((d) => `    ${d.padEnd(14)} ${s.byDecision[d]}`),
    `  uploaded        ${s.uploaded}`,
    `  backlog         ${s.backlog}`,
    `  list version    server ${s.serverVersion}, readers ≥ ${s.minReaderVersion} (lag ≤ ${s.maxLag}), age ≤ ${seconds(s.maxListAgeMs)}`,
    `  deltas pushed   ${s.deltasPushed}`,
    `  resyncs         ${s.resyncs}`,
    `  failures        ${s.failures}${s.lastError ? ` (last: ${s.lastError})` : ''}`,
  ];
  return lines.join('\n');
}

