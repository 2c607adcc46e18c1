// SipHash-1-3 compiled to a tiny WebAssembly module, assembled here byte by byte: WebAssembly has native
// 64-bit integers, so a SipRound is 14 instructions instead of the 32-bit pairs siphash.ts needs, and a tap
// decides about a quarter faster (bench/reader.bench.ts, decide_vs_map). Same answers as SipHash13, which
// stays the reference (test/readers/siphash.test.ts checks both) and the fallback where WebAssembly cannot
// be compiled (a page whose Content-Security-Policy lacks 'wasm-unsafe-eval', an old engine).
//
// Memory of the module (one 64 KiB page): bytes 0..7 the result (u64), 8..39 the initial v0..v3 (set once
// from the key), from 64 the message, already cut into 8-byte blocks with SipHash's last block (the
// remaining bytes, zeros, and the length mod 256 in its top byte). `hash(blocks)` runs the rounds.
// A card number (16 to 23 characters: three blocks) skips the memory: `hash3(w0..w5)` takes its three blocks
// as six i32 arguments, which saves a tap the byte stores, the zeroing and the loop — about 13 of the hash's
// 65 ns on a fresh 19-digit string. What is left is mostly reading the characters (charCodeAt, ~1.4 ns each).
import { SipHash13 } from './siphash.ts';

/** What decide() needs of a keyed card hash: `hash(s)` leaves [high 32 bits, low 32 bits] in `out`. */
export interface CardHasher {
  readonly out: Uint32Array;
  hash(s: string): void;
}

const RESULT_AT = 0;
const STATE_AT = 8;
const MESSAGE_AT = 64;
/** Longer messages (never a card number) go to the JavaScript hasher rather than past the page. */
const MAX_MESSAGE = 4096;

// ---------------------------------------------------------------- the module, assembled

const I64 = 0x7e, I32 = 0x7f;
const op = { localGet: 0x20, localSet: 0x21, i32Const: 0x41, i64Const: 0x42, i64Load: 0x29, i64Store: 0x37, i32GeU: 0x4f, i32Add: 0x6a, i32Shl: 0x74, i64Add: 0x7c, i64Or: 0x84, i64Xor: 0x85, i64Shl: 0x86, i64Rotl: 0x89, i64ExtendI32U: 0xad, block: 0x02, loop: 0x03, br: 0x0c, brIf: 0x0d, end: 0x0b, void: 0x40 };
// Local indexes of `hash`: the parameter (number of blocks), then v0..v3 and the block m (i64), then the block index (i32).
const BLOCKS = 0, V0 = 1, M = 5, I = 6;
// Of `hash3`: six words (i32), then v0..v3 and m (i64).
const W_V0 = 6, W_M = 10;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    const low = n & 0x7f;
    n >>>= 7;
    out.push(n === 0 ? low : low | 0x80);
  } while (n !== 0);
  return out;
}

/** A small non-negative i64 constant (signed LEB128: below 64 it is one byte). */
const const64 = (n: number) => [op.i64Const, ...(n < 64 ? [n] : [(n & 0x7f) | 0x80, n >>> 7])];
const get = (l: number) => [op.localGet, l];
const setL = (l: number) => [op.localSet, l];
const addTo = (a: number, b: number) => [...get(a), ...get(b), op.i64Add, ...setL(a)];
const xorTo = (a: number, b: number) => [...get(a), ...get(b), op.i64Xor, ...setL(a)];
const rotl = (a: number, k: number) => [...get(a), ...const64(k), op.i64Rotl, ...setL(a)];
/** i64.load/store with alignment 2^3 at a constant offset from address 0. */
const load64 = (offset: number) => [op.i32Const, 0, op.i64Load, 3, ...uleb(offset)];

/** One SipRound on v0..v3 held in locals v0 .. v0 + 3. */
function sipRound(v0: number): number[] {
  const [v1, v2, v3] = [v0 + 1, v0 + 2, v0 + 3];
  return [
    ...addTo(v0, v1), ...rotl(v1, 13), ...xorTo(v1, v0), ...rotl(v0, 32),
    ...addTo(v2, v3), ...rotl(v3, 16), ...xorTo(v3, v2),
    ...addTo(v0, v3), ...rotl(v3, 21), ...xorTo(v3, v0),
    ...addTo(v2, v1), ...rotl(v1, 17), ...xorTo(v1, v2), ...rotl(v2, 32),
  ];
}

/** v0..v3 from the state the key set. */
const loadState = (v0: number) => [0, 1, 2, 3].flatMap((k) => [...load64(STATE_AT + 8 * k), ...setL(v0 + k)]);
/** c = 1 round for block m. */
const compress = (v0: number, m: number) => [...xorTo(v0 + 3, m), ...sipRound(v0), ...xorTo(v0, m)];
/** d = 3 rounds, then the result v0 ^ v1 ^ v2 ^ v3 to memory. */
const finish = (v0: number) => [
  ...get(v0 + 2), ...const64(0xff), op.i64Xor, ...setL(v0 + 2),
  ...sipRound(v0), ...sipRound(v0), ...sipRound(v0),
  op.i32Const, 0, ...get(v0), ...get(v0 + 1), op.i64Xor, ...get(v0 + 2), op.i64Xor, ...get(v0 + 3), op.i64Xor, op.i64Store, 3, RESULT_AT,
];

const BODY = [
  2, 5, I64, 1, I32, // locals: five i64, one i32
  ...loadState(V0),
  op.block, op.void, op.loop, op.void,
  ...get(I), ...get(BLOCKS), op.i32GeU, op.brIf, 1, // every block done: leave
  ...get(I), op.i32Const, 3, op.i32Shl, op.i64Load, 3, ...uleb(MESSAGE_AT), ...setL(M), // m = block i
  ...compress(V0, M),
  ...get(I), op.i32Const, 1, op.i32Add, ...setL(I), op.br, 0,
  op.end, op.end,
  ...finish(V0),
  op.end,
];

/** m = words w and w + 1 as one little-endian u64. */
const wordsToM = (w: number) => [...get(w), op.i64ExtendI32U, ...get(w + 1), op.i64ExtendI32U, ...const64(32), op.i64Shl, op.i64Or, ...setL(W_M)];
const HASH3_BODY = [
  1, 5, I64, // locals: five i64
  ...loadState(W_V0),
  ...wordsToM(0), ...compress(W_V0, W_M),
  ...wordsToM(2), ...compress(W_V0, W_M),
  ...wordsToM(4), ...compress(W_V0, W_M),
  ...finish(W_V0),
  op.end,
];

const section = (id: number, bytes: number[]) => [id, ...uleb(bytes.length), ...bytes];
const name = (s: string) => [s.length, ...Array.from(s, (c) => c.charCodeAt(0))];

const MODULE_BYTES = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, // "\0asm", version 1
  ...section(1, [2, 0x60, 1, I32, 0, 0x60, 6, ...Array<number>(6).fill(I32), 0]), // type 0: (i32) → (); type 1: (i32 × 6) → ()
  ...section(3, [2, 0, 1]), // function 0 has type 0, function 1 type 1
  ...section(5, [1, 0, 1]), // one memory of one page
  ...section(7, [3, ...name('hash'), 0, 0, ...name('hash3'), 0, 1, ...name('memory'), 2, 0]),
  ...section(10, [2, ...uleb(BODY.length), ...BODY, ...uleb(HASH3_BODY.length), ...HASH3_BODY]),
]);

let compiled: WebAssembly.Module | null | undefined;

function sipModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(MODULE_BYTES);
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

// ---------------------------------------------------------------- the hasher

class WasmSipHash13 implements CardHasher {
  readonly out = new Uint32Array(2);
  private readonly run: (blocks: number) => void;
  private readonly run3: (w0: number, w1: number, w2: number, w3: number, w4: number, w5: number) => void;
  private readonly bytes: Uint8Array;
  private readonly words: Uint32Array;
  private readonly long: SipHash13;

  constructor(module: WebAssembly.Module, key: Uint8Array) {
    const instance = new WebAssembly.Instance(module);
    const memory = instance.exports.memory as WebAssembly.Memory;
    this.run = instance.exports.hash as (blocks: number) => void;
    this.run3 = instance.exports.hash3 as WasmSipHash13['run3'];
    this.bytes = new Uint8Array(memory.buffer);
    this.words = new Uint32Array(memory.buffer);
    this.long = new SipHash13(key);
    // v0..v3 = k0, k1, k0, k1 xor "somepseudorandomlygeneratedbytes", as 32-bit halves (WebAssembly memory is little-endian).
    const k = new DataView(key.buffer, key.byteOffset, 16);
    const halves = [0x70736575, 0x736f6d65, 0x6e646f6d, 0x646f7261, 0x6e657261, 0x6c796765, 0x79746573, 0x74656462];
    const state = new DataView(memory.buffer, STATE_AT, 32);
    for (let w = 0; w < 8; w++) state.setUint32(w * 4, k.getUint32((w % 4) * 4, true) ^ halves[w]!, true);
  }

  hash(s: string): void {
    const n = s.length;
    if (n > MAX_MESSAGE) {
      this.long.hash(s);
      this.out[0] = this.long.out[0]!;
      this.out[1] = this.long.out[1]!;
      return;
    }
    if (n >= 16 && n < 24) {
      // Three blocks: characters 0..15 are all there; 16..22 are zeros past the end; the length is the last byte.
      this.run3(word(s, 0), word(s, 4), word(s, 8), word(s, 12), tailWord(s, 16, n), tailWord(s, 20, n) | (n << 24));
    } else {
      const m = this.bytes;
      for (let i = 0; i < n; i++) m[MESSAGE_AT + i] = s.charCodeAt(i);
      const blocks = (n >>> 3) + 1;
      const last = MESSAGE_AT + blocks * 8 - 1;
      for (let i = MESSAGE_AT + n; i < last; i++) m[i] = 0;
      m[last] = n & 0xff;
      this.run(blocks);
    }
    this.out[0] = this.words[(RESULT_AT >>> 2) + 1]!;
    this.out[1] = this.words[RESULT_AT >>> 2]!;
  }
}

/** Characters i..i + 3 of s as a little-endian i32, each cut to a byte as the memory path stores it. */
function word(s: string, i: number): number {
  return (s.charCodeAt(i) & 0xff) | ((s.charCodeAt(i + 1) & 0xff) << 8) | ((s.charCodeAt(i + 2) & 0xff) << 16) | ((s.charCodeAt(i + 3) & 0xff) << 24);
}

/** As word, with zeros from character n on. */
function tailWord(s: string, i: number, n: number): number {
  return byteAt(s, i, n) | (byteAt(s, i + 1, n) << 8) | (byteAt(s, i + 2, n) << 16) | (byteAt(s, i + 3, n) << 24);
}

function byteAt(s: string, i: number, n: number): number {
  return i < n ? s.charCodeAt(i) & 0xff : 0;
}

// Typed arrays use the host's byte order; the module's memory is little-endian. Every engine the SDK runs
// on is little-endian, but a big-endian one gets the JavaScript hasher rather than wrong card keys.
const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * The fastest SipHash-1-3 this engine offers for a 16-byte key: WebAssembly where it compiles, else SipHash13.
 * @example const h = cardHasher(key); h.hash('6214830000000000017'); // h.out = [0xf12d2e7e, 0xacbc637a] under key 00..0f
 */
export function cardHasher(key: Uint8Array, options: { webAssembly?: boolean } = {}): CardHasher {
  if (key.length !== 16) throw new RangeError('SipHash key must be 16 bytes');
  const module = options.webAssembly === false || !LITTLE_ENDIAN_HOST ? null : sipModule();
  return module ? new WasmSipHash13(module, key) : new SipHash13(key);
}
