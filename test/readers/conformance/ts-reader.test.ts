// The TypeScript reader SDK passes every case of the conformance kit, through the same protocol and runner a
// vendor's reader goes through; and the runner fails a reader that gets things wrong.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { referenceReaderCommand } from '../../../src/readers/conformance/ts-reader.ts';
import { runKit, summary } from '../../../src/readers/conformance/runner.ts';
import { yktHere } from '../../support/cli.ts';
import { tempDataDir } from '../../support/system.ts';

test('the TypeScript SDK passes every case of the kit', async () => {
  const results = await runKit(referenceReaderCommand());
  const failed = results.filter((r) => r.problems.length > 0);
  assert.deepEqual(failed, [], summary(results));
  assert.ok(results.length >= 90);
});

test('ykt conformance run fails a reader that accepts every file and lets everyone through, case by case', async () => {
  const reader = path.join(tempDataDir(), 'yes-reader.mjs');
  fs.writeFileSync(
    reader,
    `import readline from 'node:readline';
for await (const line of readline.createInterface({ input: process.stdin })) {
  const q = JSON.parse(line);
  console.log(JSON.stringify({ case: q.case, loads: q.files.map(() => 'accepted'), decisions: q.cards.map(() => 'PASS') }));
}`,
  );
  const run = await yktHere(['conformance', 'run', '--only', 'forged', '--', process.execPath, reader]);
  assert.equal(run.code, 1);
  assert.match(run.stdout, /^FAIL forged +s100-forged-signature: one bit of the signature flipped\n +file 1 files\/s100-forged-signature\.ykl: expected refused, got accepted$/m);
  assert.match(run.stdout, /card 6214830000000000017: expected LIST_STALE, got PASS/);
  // --only matches kinds and names: the nine forged cases, and s100-forged-cert (a key of another root).
  assert.match(run.stdout, /^10 cases: 0 passed, 10 failed \(forged 0\/9, other-root 0\/1\)$/m);
});

test('a reader that cannot start fails the run with the reason', async () => {
  const run = await yktHere(['conformance', 'run', '--only', 's100-pair', '--', '/nonexistent/reader']);
  assert.equal(run.code, 1);
  assert.match(run.stdout, /FAIL snapshot +s100-pair: .*\n +could not start \/nonexistent\/reader/);
});
