// Reader-side figures, each against a baseline in the same process:
//   decide_vs_map         decide() / Map.get, both given a fresh card-number string per tap built from
//                         the bytes a card read yields (as a reader gets it); decide() hashes it
//                         (SipHash-1-3) and looks the key up in the list, Map.get hashes the string (V8)
//                         and probes a Map<string, number> of the same bound cards, then compares pass-until
//   reader_bytes_per_card list bytes a reader holds / bound cards
//   build_3m_s            encode + sign a snapshot of 3 million bindings held in memory (bench/run.ts
//                         reports it as encode_sign_3m_s; build_3m_s there comes from the database,
//                         bench/system.bench.ts)
//   bytes_per_binding     snapshot file bytes (header and signature included) / bindings
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { ReaderList, compilePolicy, passUntilOf } from '../src/readers/sdk/index.ts';
import { DEFAULT_POLICY } from '../src/domain/entry-policy.ts';
import { buildSnapshot, generateRootKey, generateSigningKey, listPolicy, listValue } from '../src/readers/builder/index.ts';
import { Decision } from '../src/domain/decisions.ts';

export const CARD_DIGITS = 19;

export async function benchReader(opts: { quick: boolean; log: (line: string) => void }): Promise<Record<string, number>> {
  // 3 M bound cards in both modes: the figure is about a city-sized list, and its cache behaviour
  // changes with size. Quick mode taps fewer times and runs fewer rounds.
  const bound = 3_000_000;
  const tapCount = opts.quick ? 1_000_000 : 3_000_000;
  const now = Date.parse('2022-06-06T08:00:00+08:00');
  const rand = xorshift(0x9e3779b9);

  // Card numbers as the bytes a card read gives (ASCII digits, CARD_DIGITS each).
  const cardBytes = new Uint8Array(bound * CARD_DIGITS);
  for (let i = 0; i < bound; i++) writeCardNumber(cardBytes, i * CARD_DIGITS, rand);
  const unboundBytes = new Uint8Array(Math.ceil(bound / 10) * CARD_DIGITS);
  for (let i = 0; i < unboundBytes.length / CARD_DIGITS; i++) writeCardNumber(unboundBytes, i * CARD_DIGITS, rand);
  const values = new Uint32Array(bound);
  for (let i = 0; i < bound; i++) values[i] = valueFor(rand(), now);
  // Taps: 90 % bound cards, 10 % not, in random order; each tap is its own CARD_DIGITS bytes.
  const taps = new Uint8Array(tapCount * CARD_DIGITS);
  for (let t = 0; t < tapCount; t++) {
    const from = rand() % 10 === 0 ? unboundBytes : cardBytes;
    const at = (rand() % (from.length / CARD_DIGITS)) * CARD_DIGITS;
    taps.set(from.subarray(at, at + CARD_DIGITS), t * CARD_DIGITS);
  }

  const root = generateRootKey(1);
  const signingKey = generateSigningKey(1, root);
  const hashKey = new Uint8Array(randomBytes(16));
  const entries: Array<[string, number]> = new Array(bound);
  for (let i = 0; i < bound; i++) entries[i] = [cardAt(cardBytes, i * CARD_DIGITS), values[i]!];
  const meta = { version: 1, createdAtMs: now - 60_000, policy: listPolicy(DEFAULT_POLICY), nextPolicy: null, revokedKeyIds: [], hashKeyId: 1, hashKey };
  buildSnapshot({ ...meta, entries: entries.slice(0, 10_000) }, signingKey); // warm-up
  let t = performance.now();
  const bytes = buildSnapshot({ ...meta, entries }, signingKey);
  const buildS = (performance.now() - t) / 1000;

  const list = new ReaderList({ rootKeys: new Map([[1, root.publicKeyRaw]]), hashKeys: new Map([[1, hashKey]]) });
  t = performance.now();
  const loaded = await list.loadSnapshot(bytes);
  const loadMs = performance.now() - t;
  if (!loaded.ok) throw new Error(`bench snapshot refused: ${loaded.reason}`);

  // The baseline: the simplest thing a reader could do, a Map from card number to pass-until seconds.
  const policy = compilePolicy(DEFAULT_POLICY);
  const map = new Map<string, number>(entries.map(([card, v]) => [card, Math.floor(passUntilOf(v, policy) / 1000)]));
  entries.length = 0;
  const nowS = Math.floor(now / 1000);

  const runDecide = (): number => {
    let passes = 0;
    const t0 = performance.now();
    for (let o = 0; o < taps.length; o += CARD_DIGITS) if (list.decide(cardAt(taps, o), now) === Decision.PASS) passes++;
    sink += passes;
    return performance.now() - t0;
  };
  const runMap = (): number => {
    let passes = 0;
    const t0 = performance.now();
    for (let o = 0; o < taps.length; o += CARD_DIGITS) {
      const v = map.get(cardAt(taps, o));
      if (v !== undefined && v > nowS) passes++;
    }
    sink += passes;
    return performance.now() - t0;
  };
  // What both sides share: making the string. Reported so that the ratio can be read both ways.
  const runString = (): number => {
    let n = 0;
    const t0 = performance.now();
    for (let o = 0; o < taps.length; o += CARD_DIGITS) n += cardAt(taps, o).length;
    sink += n;
    return performance.now() - t0;
  };
  // Alternate the three and keep each one's best run, so neither pays for the other's GC or warm-up.
  let decideMs = Infinity, mapMs = Infinity, stringMs = Infinity;
  for (let round = 0; round < (opts.quick ? 4 : 7); round++) {
    const d = runDecide(), m = runMap(), s = runString();
    if (process.env.BENCH_VERBOSE) opts.log(`decide round ${round}: decide ${d.toFixed(0)} ms, Map.get ${m.toFixed(0)} ms, string only ${s.toFixed(0)} ms`);
    decideMs = Math.min(decideMs, d);
    mapMs = Math.min(mapMs, m);
    stringMs = Math.min(stringMs, s);
  }
  const ns = (ms: number) => round3((ms * 1e6) / tapCount);
  opts.log(
    `decide_vs_map: ${bound.toLocaleString('en')} bound cards, ${tapCount.toLocaleString('en')} taps (90 % bound). Per tap both sides ` +
      `build a fresh ${CARD_DIGITS}-digit string from the tap's bytes (${ns(stringMs)} ns alone); decide() then SipHashes it ` +
      `and looks it up in the verified list (${ns(decideMs)} ns in all), Map.get hashes it and probes a Map<string, number> of the ` +
      `same cards (${ns(mapMs)} ns in all).`,
  );

  return {
    decide_vs_map: round3(decideMs / mapMs),
    decide_ns: ns(decideMs),
    map_get_ns: ns(mapMs),
    fresh_string_ns: ns(stringMs),
    reader_bytes_per_card: round3(list.memoryBytes() / bound),
    build_3m_s: round3(buildS * (3_000_000 / bound)),
    bytes_per_binding: round3(bytes.length / bound),
    snapshot_load_ms: round3(loadMs),
  };
}

// Keeps the optimiser from dropping the timed loops.
let sink = 0;
export function benchSink(): number {
  return sink;
}

/** A fresh string from a card read's bytes: what a reader's NFC driver hands to decide(). */
export function cardAt(b: Uint8Array, o: number): string {
  return String.fromCharCode(
    b[o]!, b[o + 1]!, b[o + 2]!, b[o + 3]!, b[o + 4]!, b[o + 5]!, b[o + 6]!, b[o + 7]!, b[o + 8]!, b[o + 9]!,
    b[o + 10]!, b[o + 11]!, b[o + 12]!, b[o + 13]!, b[o + 14]!, b[o + 15]!, b[o + 16]!, b[o + 17]!, b[o + 18]!,
  );
}

function writeCardNumber(b: Uint8Array, o: number, rand: () => number): void {
  for (let i = 0; i < CARD_DIGITS; i++) b[o + i] = 48 + (rand() % 10);
  if (b[o] === 48) b[o] = 54;
}

/** Under the 72-hour policy: 80 % pass for the next 1–72 h, 8 % test expired, 6 % code not green, 6 % lost/blocked/refunded. */
function valueFor(r: number, now: number): number {
  const p = r % 100;
  const tested = (hoursAgo: number) => ({ colour: 'green' as const, testedAt: now - hoursAgo * 3_600_000, recordedAt: now });
  if (p < 80) return listValue('active', tested(r % 71));
  if (p < 88) return listValue('active', tested(73 + (r % 72)));
  if (p < 94) return listValue('active', { colour: 'red', testedAt: null, recordedAt: now });
  return listValue(p < 96 ? 'lost' : p < 98 ? 'blocked' : 'refunded', null);
}

export function xorshift(seed: number): () => number {
  let x = seed | 0;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}

export function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** The mean of rates measured in alternating rounds (the verify and upgrade benches). */
export function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}
