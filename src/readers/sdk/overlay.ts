// Changes from deltas not yet merged into the KeyTable: an open-addressing hash map from card key to
// value or REMOVED. Card keys are already uniform hashes, so the low bits index the slots directly.
import { ABSENT } from './key-table.ts';

export const REMOVED = -2;
const EMPTY = 0, SET = 1, GONE = 2;

export class Overlay {
  private state = new Uint8Array(16);
  private hi = new Uint32Array(16);
  private lo = new Uint32Array(16);
  private val = new Uint32Array(16);
  private used = 0;

  get size(): number {
    return this.used;
  }

  get bytes(): number {
    return this.state.byteLength + this.hi.byteLength + this.lo.byteLength + this.val.byteLength;
  }

  /** The value for a key, REMOVED, or ABSENT. Hot path: no allocation. */
  get(hi: number, lo: number): number {
    const mask = this.state.length - 1;
    for (let i = lo & mask; ; i = (i + 1) & mask) {
      const s = this.state[i]!;
      if (s === EMPTY) return ABSENT;
      if (this.lo[i] === lo && this.hi[i] === hi) return s === SET ? this.val[i]! : REMOVED;
    }
  }

  set(hi: number, lo: number, value: number): void {
    this.put(hi >>> 0, lo >>> 0, SET, value);
  }

  remove(hi: number, lo: number): void {
    this.put(hi >>> 0, lo >>> 0, GONE, 0);
  }

  clear(): void {
    this.state = new Uint8Array(16);
    this.hi = new Uint32Array(16);
    this.lo = new Uint32Array(16);
    this.val = new Uint32Array(16);
    this.used = 0;
  }

  /** Every entry: value >= 0, or REMOVED. */
  forEach(fn: (hi: number, lo: number, value: number) => void): void {
    for (let i = 0; i < this.state.length; i++) {
      const s = this.state[i]!;
      if (s !== EMPTY) fn(this.hi[i]!, this.lo[i]!, s === SET ? this.val[i]! : REMOVED);
    }
  }

  private put(hi: number, lo: number, state: number, value: number): void {
    if ((this.used + 1) * 2 > this.state.length) this.grow();
    const mask = this.state.length - 1;
    let i = lo & mask;
    while (this.state[i] !== EMPTY && !(this.lo[i] === lo && this.hi[i] === hi)) i = (i + 1) & mask;
    if (this.state[i] === EMPTY) this.used++;
    this.state[i] = state;
    this.hi[i] = hi;
    this.lo[i] = lo;
    this.val[i] = value;
  }

  private grow(): void {
    const { state, hi, lo, val } = this;
    const cap = state.length * 2;
    this.state = new Uint8Array(cap);
    this.hi = new Uint32Array(cap);
    this.lo = new Uint32Array(cap);
    this.val = new Uint32Array(cap);
    this.used = 0;
    for (let i = 0; i < state.length; i++) if (state[i] !== EMPTY) this.put(hi[i]!, lo[i]!, state[i]!, val[i]!);
  }
}
