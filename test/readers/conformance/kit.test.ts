// The kit in conformance/readers/ is what `ykt conformance build` makes, byte for byte, and its manifest says
// what each case is for.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { KIT_DIR } from '../../../src/readers/conformance/kit.ts';
import { CASE_KINDS } from '../../../src/readers/conformance/kit-cases.ts';
import { readManifest } from '../../../src/readers/conformance/runner.ts';
import { yktHere } from '../../support/cli.ts';
import { tempDataDir } from '../../support/system.ts';

const listing = (dir: string) => fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort();

test('ykt conformance build makes the committed kit again, byte for byte', async () => {
  const out = path.join(tempDataDir(), 'kit');
  const built = await yktHere(['conformance', 'build', '--out', out]);
  assert.equal(built.code, 0, built.stderr);
  assert.match(built.stdout, /^\d+ cases over \d+ list files written to /);
  assert.deepEqual(listing(out), listing(KIT_DIR));
  for (const file of listing(KIT_DIR)) assert.ok(fs.readFileSync(path.join(out, file)).equals(fs.readFileSync(path.join(KIT_DIR, file))), `${file} is the same`);
});

test('every case has a reason, an expected outcome per file and a decision per card, and every kind has cases', () => {
  const manifest = readManifest();
  for (const c of manifest.cases) {
    assert.ok(c.why.length > 10, `${c.name} says why it exists`);
    assert.equal(c.loads.length, c.files.length, c.name);
    assert.ok(c.taps.length > 0, c.name);
    for (const f of c.files) assert.ok(fs.existsSync(path.join(KIT_DIR, f)), `${c.name}: ${f} exists`);
  }
  for (const kind of CASE_KINDS) assert.ok(manifest.cases.some((c) => c.kind === kind), `a case of kind ${kind}`);
});

test('docs/reader-conformance.md counts the cases of each kind as the manifest does', () => {
  const doc = fs.readFileSync('docs/reader-conformance.md', 'utf8');
  const manifest = readManifest();
  for (const kind of CASE_KINDS) {
    const row = new RegExp(`^\\| ${kind} \\| (\\d+) \\|`, 'm').exec(doc);
    assert.ok(row, `the table has a row for ${kind}`);
    assert.equal(Number(row[1]), manifest.cases.filter((c) => c.kind === kind).length, kind);
  }
  assert.match(doc, new RegExp(`^\\| \\*\\*all\\*\\* \\| \\*\\*${manifest.cases.length}\\*\\* \\|`, 'm'));
});
