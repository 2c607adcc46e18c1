// The C reader, written from docs/reader-list-format.md alone, passes every case of the kit; and decides a
// tap in the same bench run as the TypeScript SDK (the figures docs/reader-conformance.md quotes).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { runKit, summary } from '../../../src/readers/conformance/runner.ts';
import { benchList, benchReader } from '../../../src/readers/conformance/bench.ts';
import { referenceReaderCommand } from '../../../src/readers/conformance/ts-reader.ts';
import { buildCReader } from '../../support/c-reader.ts';

const build = buildCReader();
if (build.skip) console.warn(`# ${build.skip}`);

describe('the C reader', { skip: build.skip }, () => {
  const reader = build.reader!;

  test('computes the SipHash-1-3 test vector of the document', () => {
    assert.match(execFileSync(reader, ['--self-test'], { encoding: 'utf8' }), /= f12d2e7eacbc637a ok$/m);
  });

  test('passes every case of the kit', async () => {
    const results = await runKit([reader]);
    assert.deepEqual(results.filter((r) => r.problems.length > 0), [], summary(results));
    assert.ok(results.length >= 90);
  });

  test('decides the same taps as the TypeScript SDK on a list of 100 000 bindings, and says how fast', async () => {
    const list = benchList(100_000);
    try {
      const ts = await benchReader(referenceReaderCommand(), list, 200);
      const c = await benchReader([reader], list, 200);
      assert.equal(c.refusedList, false);
      assert.equal(c.passes, 500);
      assert.equal(ts.passes, 500);
      console.log(`# decide() per tap: C ${c.nsPerTap.toFixed(0)} ns, TypeScript ${ts.nsPerTap.toFixed(0)} ns`);
    } finally {
      list.remove();
    }
  });
});
