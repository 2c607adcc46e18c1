// SipHash-1-3 compiled to a tiny WebAssembly module, assembled here byte by byte: WebAssembly has native
// 64-bit integers, so a SipRound is 14 instructions instead of the 32-bit pairs siphash.ts needs, and a tap
// decides about a quarter faster (bench/reader.bench.ts, decide_vs_map). Same answers as SipHash13, which
// stays the reference (test/readers/siphash.test.ts checks both) and the fallback where WebAssembly cannot
// be compiled (a page whose Content-Security-Policy lacks 'wasm-unsafe-eval', an old engine).
//
// Memory of the module (one 64 KiB page): bytes 0..7 the result (u64), 8..39 the initial v0..v3 (set once
// from the key), from 64 the message, already cut into 8-byte blocks with SipHash's last block (the
// remaining bytes, zeros, and the length mod 256 in its top byte). `hash(blocks)` runs the rounds.
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
const op = { localGet: 0x20, localSet: 0x21, i32Const: 0x41, i64Const: 0x42, i64Load: 0x29, i64Store: 0x37, i32GeU: 0x4f, i32Add: 0x6a, i32Shl: 0x74, i64Add: 0x7c, i64Xor: 0x85, i64Rotl: 0x89, block: 0x02, loop: 0x03, br: 0x0c, brIf: 0x0d, end: 0x0b, void: 0x40 };
// Local indexes: the parameter (number of blocks), then v0..v3 and the block m (i64), then the block index (i32).
const BLOCKS = 0, V0 = 1, V1 = 2, V2 = 3, V3 = 4, M = 5, I = 6;

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

const SIP_ROUND = [
  ...addTo(V0, V1), ...rotl(V1, 13), ...xorTo(V1, V0), ...rotl(V0, 32),
  ...addTo(V2, V3), ...rotl(V3, 16), ...xorTo(V3, V2),
  ...addTo(V0, V3), ...rotl(V3, 21), ...xorTo(V3, V0),
  ...addTo(V2, V1), ...rotl(V1, 17), ...xorTo(V1, V2), ...rotl(V2, 32),
];

const BODY = [
  2, 5, I64, 1, I32, // locals: five i64, one i32
  ...load64(STATE_AT), ...setL(V0), ...load64(STATE_AT + 8), ...setL(V1),
  ...load64(STATE_AT + 16), ...setL(V2), ...load64(STATE_AT + 24), ...setL(V3),
  op.block, op.void, op.loop, op.void,
  ...get(I), ...get(BLOCKS), op.i32GeU, op.brIf, 1, // every block done: leave
  ...get(I), op.i32Const, 3, op.i32Shl, op.i64Load, 3, ...uleb(MESSAGE_AT), ...setL(M), // m = block i
  ...xorTo(V3, M), ...SIP_ROUND, ...xorTo(V0, M), // c = 1 round per block
  ...get(I), op.i32Const, 1, op.i32Add, ...setL(I), op.br, 0,
  op.end, op.end,
  ...get(V2), ...const64(0xff), op.i64Xor, ...setL(V2),
  ...SIP_ROUND, ...SIP_ROUND, ...SIP_ROUND, // d = 3
  op.i32Const, 0, ...get(V0), ...get(V1), op.i64Xor, ...get(V2), op.i64Xor, ...get(V3), op.i64Xor, op.i64Store, 3, RESULT_AT,
  op.end,
];

const section = (id: number, bytes: number[]) => [id, ...uleb(bytes.length), ...bytes];
const name = (s: string) => [s.length, ...Array.from(s, (c) => c.charCodeAt(0))];

const MODULE_BYTES = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, // "\0asm", version 1
  ...section(1, [1, 0x60, 1, I32, 0]), // type 0: (i32) → ()
  ...section(3, [1, 0]), // function 0 has type 0
  ...section(5, [1, 0, 1]), // one memory of one page
  ...section(7, [2, ...name('hash'), 0, 0, ...name('memory'), 2, 0]),
  ...section(10, [1, ...uleb(BODY.length), ...BODY]),
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
  private readonly bytes: Uint8Array;
  private readonly words: Uint32Array;
  private readonly long: SipHash13;

  constructor(module: WebAssembly.Module, key: Uint8Array) {
    const instance = new WebAssembly.Instance(module);
    const memory = instance.exports.memory as WebAssembly.Memory;
    this.run = instance.exports.hash as (blocks: number) => void;
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
    const m = this.bytes;
    for (let i = 0; i < n; i++) m[MESSAGE_AT + i] = s.charCodeAt(i);
    const blocks = (n >>> 3) + 1;
    const last = MESSAGE_AT + blocks * 8 - 1;
    for (let i = MESSAGE_AT + n; i < last; i++) m[i] = 0;
    m[last] = n & 0xff;
    this.run(blocks);
    this.out[0] = this.words[(RESULT_AT >>> 2) + 1]!;
    this.out[1] = this.words[RESULT_AT >>> 2]!;
  }
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
