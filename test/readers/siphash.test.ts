import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SipHash24 } from '../../src/readers/sdk/siphash.ts';

// vectors_sip64 from the SipHash reference implementation (github.com/veorq/SipHash, vectors.h):
// key 00 01 .. 0f, message 00 01 .. (i-1), output as little-endian bytes.
const VECTORS = `
310e0edd47db6f72 fd67dc93c539f874 5a4fa9d909806c0d 2d7efbd796666785 b7877127e09427cf 8da699cd64557618
cee3fe586e46c9cb 37d1018bf50002ab 6224939a79f5f593 b0e4a90bdf82009e f3b9dd94c5bb5d7a a7ad6b22462fb3f4
fbe50e86bc8f1e75 903d84c02756ea14 eef27a8e90ca23f7 e545be4961ca29a1 db9bc2577fcc2a3f 9447be2cf5e99a69
9cd38d96f0b3c14b bd6179a71dc96dbb 98eea21af25cd6be c7673b2eb0cbf2d0 883ea3e395675393 c8ce5ccd8c030ca8
94af49f6c650adb8 eab8858ade92e1bc f315bb5bb835d817 adcf6b0763612e2f a5c91da7acaa4dde 716595876650a2a6
28ef495c53a387ad 42c341d8fa92d832 ce7cf2722f512771 e37859f94623f3a7 381205bb1ab0e012 ae97a10fd434e015
b4a31508beff4d31 81396229f0907902 4d0cf49ee5d4dcca 5c73336a76d8bf9a d0a704536ba93e0e 925958fcd6420cad
a915c29bc8067318 952b79f3bc0aa6d4 f21df2e41d4535f9 87577519048f53a9 10a56cf5dfcd9adb eb75095ccd986cd0
51a9cb9ecba312e6 96afadfc2ce666c7 72fe52975a4364ee 5a1645b276d592a1 b274cb8ebf87870a 6f9bb4203de7b381
eaecb2a30b22a87f 9924a43cc1315724 bd838d3aafbf8db7 0b1a2a3265d51aea 135079a3231ce660 932b2846e4d70666
e1915f5cb1eca46c f325965ca16d629f 575ff28e60381be5 724506eb4c328a95`
  .trim()
  .split(/\s+/);

const KEY = new Uint8Array(16).map((_, i) => i);

function hex(h: SipHash24): string {
  // The reference prints the u64 as little-endian bytes; out is [high 32 bits, low 32 bits].
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setUint32(0, h.out[1]!, true);
  new DataView(bytes.buffer).setUint32(4, h.out[0]!, true);
  return Buffer.from(bytes).toString('hex');
}

test('matches all 64 published SipHash-2-4 test vectors', () => {
  assert.equal(VECTORS.length, 64);
  const h = new SipHash24(KEY);
  for (let n = 0; n < 64; n++) {
    const message = String.fromCharCode(...Array.from({ length: n }, (_, i) => i));
    h.hash(message);
    assert.equal(hex(h), VECTORS[n], `message of ${n} bytes`);
  }
});

test('agrees with a straightforward BigInt SipHash-2-4 on random keys and card numbers', () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.stringMatching(/^\d{0,24}$/), (key, digits) => {
      const h = new SipHash24(key);
      h.hash(digits);
      const expected = referenceSipHash(key, new TextEncoder().encode(digits));
      assert.equal((BigInt(h.out[0]!) << 32n) | BigInt(h.out[1]!), expected);
    }),
  );
});

test('refuses a key that is not 16 bytes', () => {
  assert.throws(() => new SipHash24(new Uint8Array(15)), RangeError);
});

const M = (1n << 64n) - 1n;
const rotl = (x: bigint, b: bigint) => ((x << b) | (x >> (64n - b))) & M;

function referenceSipHash(key: Uint8Array, msg: Uint8Array): bigint {
  const le = (b: Uint8Array, at: number, n: number) => {
    let v = 0n;
    for (let i = 0; i < n; i++) v |= BigInt(b[at + i]!) << BigInt(8 * i);
    return v;
  };
  const k0 = le(key, 0, 8), k1 = le(key, 8, 8);
  const v = [k0 ^ 0x736f6d6570736575n, k1 ^ 0x646f72616e646f6dn, k0 ^ 0x6c7967656e657261n, k1 ^ 0x7465646279746573n];
  const round = () => {
    v[0] = (v[0]! + v[1]!) & M; v[1] = rotl(v[1]!, 13n) ^ v[0]; v[0] = rotl(v[0], 32n);
    v[2] = (v[2]! + v[3]!) & M; v[3] = rotl(v[3]!, 16n) ^ v[2];
    v[0] = (v[0]! + v[3]) & M; v[3] = rotl(v[3], 21n) ^ v[0];
    v[2] = (v[2] + v[1]) & M; v[1] = rotl(v[1], 17n) ^ v[2]; v[2] = rotl(v[2], 32n);
  };
  const end = msg.length - (msg.length % 8);
  const blocks: bigint[] = [];
  for (let i = 0; i < end; i += 8) blocks.push(le(msg, i, 8));
  blocks.push(le(msg, end, msg.length - end) | (BigInt(msg.length & 0xff) << 56n));
  for (const m of blocks) {
    v[3]! ^= m;
    round(); round();
    v[0]! ^= m;
  }
  v[2]! ^= 0xffn;
  round(); round(); round(); round();
  return v[0]! ^ v[1]! ^ v[2]! ^ v[3]!;
}
