// The conformance kit as files: `ykt conformance build` writes the list files and manifest.json into
// conformance/readers/, the same bytes on every run (fixed seeds, deterministic Ed25519, fixed instants).
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { describeKeys } from './kit-keys.ts';
import { wellFormedFiles, type KitFile } from './kit-lists.ts';
import { tamperedFiles } from './kit-tampered.ts';
import { CASE_KINDS, kitCases, type KitCase } from './kit-cases.ts';

/**
 * Where the kit lives in the repository: the nearest conformance/readers above this file — three levels up in
 * the sources (src/readers/conformance), four from a build inside the repository (dist/src/…), five from the
 * tests' compiled copy (.cache/js/src/…). Elsewhere `--kit` / `--out` say.
 */
export const KIT_DIR = (() => {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const fallback = path.resolve(here, '../../..', 'conformance', 'readers');
  for (let dir = here; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const kit = path.join(dir, 'conformance', 'readers');
    if (fs.existsSync(kit)) return kit;
  }
  return fallback;
})();
export const MANIFEST = 'manifest.json';
export const FILES_DIR = 'files';

export function kitFiles(): KitFile[] {
  return [...wellFormedFiles(), ...tamperedFiles()];
}

/** The manifest's text: keys, files and cases, each case with its reason. */
export function manifestText(files: KitFile[], cases: KitCase[]): string {
  const byKind = Object.fromEntries(CASE_KINDS.map((kind) => [kind, cases.filter((c) => c.kind === kind).length]));
  const manifest = {
    kit: 'Yikatong reader conformance kit',
    listFormat: 2,
    about: 'Regenerate with `ykt conformance build`; run with `ykt conformance run -- <reader command>` (docs/reader-conformance.md). Every key here is public test data.',
    keys: describeKeys(),
    files: files.map((f) => ({ name: `${FILES_DIR}/${f.name}`, about: f.about, length: f.bytes.length, sha256: createHash('sha256').update(f.bytes).digest('hex') })),
    casesByKind: byKind,
    cases: cases.map((c) => ({
      name: c.name,
      kind: c.kind,
      why: c.why,
      reader: c.reader,
      clock: new Date(c.now).toISOString(),
      now: c.now,
      files: c.files.map((f) => `${FILES_DIR}/${f}`),
      loads: c.loads,
      taps: c.taps.map(([card, expect]) => ({ card, expect })),
    })),
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** Writes the whole kit into `dir` (removing list files no longer in it); returns what it wrote. */
export function buildKit(dir = KIT_DIR): { files: number; cases: number } {
  const files = kitFiles();
  const cases = kitCases();
  checkCasesNameFiles(files, cases);
  const filesDir = path.join(dir, FILES_DIR);
  fs.mkdirSync(filesDir, { recursive: true });
  const names = new Set(files.map((f) => f.name));
  for (const old of fs.readdirSync(filesDir)) if (!names.has(old)) fs.rmSync(path.join(filesDir, old));
  for (const f of files) fs.writeFileSync(path.join(filesDir, f.name), f.bytes);
  fs.writeFileSync(path.join(dir, MANIFEST), manifestText(files, cases));
  return { files: files.length, cases: cases.length };
}

/** A case naming a file the kit does not make, or two cases of one name, is a bug in the kit itself. */
function checkCasesNameFiles(files: KitFile[], cases: KitCase[]): void {
  const names = new Set(files.map((f) => f.name));
  const seen = new Set<string>();
  for (const c of cases) {
    if (seen.has(c.name)) throw new Error(`two cases are named ${c.name}`);
    seen.add(c.name);
    if (c.files.length !== c.loads.length) throw new Error(`case ${c.name}: one load result per file`);
    for (const f of c.files) if (!names.has(f)) throw new Error(`case ${c.name}: no file ${f}`);
  }
}
