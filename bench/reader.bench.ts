// Reader-side figures, each against a baseline in the same process:
//   decide_vs_map        decide() (card-number hashing included) / plain Map.get over the same strings
//   reader_bytes_per_card list bytes a reader holds / bound cards
//   build_3m_s           encode + sign a snapshot of 3 million bindings (quick: scaled from fewer)
//   bytes_per_binding    snapshot file bytes (header and signature included) / bindings
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { ReaderList } from '../src/readers/sdk/index.ts';
import { buildSnapshot, generateSigningKey, listValue } from '../src/readers/builder/index.ts';
import { Decision } from '../src/domain/decisions.ts';

export async function benchReader(opts: { quick: boolean }): Promise<Record<string, number>> {
  const bound = opts.quick ? 300_000 : 3_000_000;
  const tapCount = opts.quick ? 1_000_000 : 3_000_000;
  const now = Date.parse('2022-06-06T08:00:00+08:00');
  const rand = xorshift(0x9e3779b9);

  const cards = Array.from({ length: bound }, () => cardNumber(rand));
  const unbound = Array.from({ length: Math.ceil(bound / 10) }, () => cardNumber(rand));
  const values = cards.map(() => valueFor(rand(), now));
  // Taps: 90 % bound cards, 10 % not; the very same string objects the Map is keyed by.
  const taps = Array.from({ length: tapCount }, () =>
    rand() % 10 === 0 ? unbound[rand() % unbound.length]! : cards[rand() % bound]!,
  );

  const signingKey = generateSigningKey(1);
  const hashKey = new Uint8Array(randomBytes(16));
  const entries: Array<[string, number]> = cards.map((c, i) => [c, values[i]!]);
  const meta = { version: 1, createdAtMs: now - 60_000, policyVersion: 1, maxListAgeMs: 12 * 3_600_000, hashKeyId: 1, hashKey };
  buildSnapshot({ ...meta, entries: entries.slice(0, 10_000) }, signingKey); // warm-up
  let t = performance.now();
  const bytes = buildSnapshot({ ...meta, entries }, signingKey);
  const buildS = (performance.now() - t) / 1000;

  const list = new ReaderList({ publicKeys: new Map([[1, signingKey.publicKeyRaw]]), hashKeys: new Map([[1, hashKey]]) });
  t = performance.now();
  const loaded = await list.loadSnapshot(bytes);
  const loadMs = performance.now() - t;
  if (!loaded.ok) throw new Error(`bench snapshot refused: ${loaded.reason}`);

  const map = new Map<string, number>();
  for (let i = 0; i < bound; i++) map.set(cards[i]!, values[i]!);
  const nowS = Math.floor(now / 1000);

  const runDecide = (): number => {
    let passes = 0;
    const t0 = performance.now();
    for (let i = 0; i < taps.length; i++) if (list.decide(taps[i]!, now) === Decision.PASS) passes++;
    sink += passes;
    return performance.now() - t0;
  };
  const runMap = (): number => {
    let passes = 0;
    const t0 = performance.now();
    for (let i = 0; i < taps.length; i++) {
      const v = map.get(taps[i]!);
      if (v !== undefined && v > nowS) passes++;
    }
    sink += passes;
    return performance.now() - t0;
  };
  // Alternate the two and keep each one's best run, so neither pays for the other's GC or warm-up.
  let decideMs = Infinity, mapMs = Infinity;
  for (let round = 0; round < (opts.quick ? 4 : 5); round++) {
    const d = runDecide(), m = runMap();
    if (process.env.BENCH_VERBOSE) console.log(`round ${round}: decide ${d.toFixed(0)} ms, map ${m.toFixed(0)} ms`);
    decideMs = Math.min(decideMs, d);
    mapMs = Math.min(mapMs, m);
  }

  return {
    decide_vs_map: round3(decideMs / mapMs),
    decide_ns: round3((decideMs * 1e6) / taps.length),
    map_get_ns: round3((mapMs * 1e6) / taps.length),
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

function cardNumber(rand: () => number): string {
  const codes = new Array<number>(19);
  for (let i = 0; i < 19; i++) codes[i] = 48 + (rand() % 10);
  if (codes[0] === 48) codes[0] = 54;
  return String.fromCharCode(...codes);
}

/** 80 % pass for the next 1–72 h, 8 % test expired, 6 % abnormal, 6 % lost/blocked/refunded. */
function valueFor(r: number, now: number): number {
  const p = r % 100;
  if (p < 80) return listValue('active', now + 3_600_000 * (1 + (r % 72)));
  if (p < 88) return listValue('active', now - 3_600_000 * (1 + (r % 72)));
  if (p < 94) return listValue('active', 0);
  return listValue(p < 96 ? 'lost' : p < 98 ? 'blocked' : 'refunded', 0);
}

function xorshift(seed: number): () => number {
  let x = seed | 0;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
