// The conformance runner: reads the kit's manifest, sends every case to a reader process, and says per case
// whether the reader accepted and refused the right files and decided every card as expected.
import fs from 'node:fs';
import path from 'node:path';
import { KIT_DIR, MANIFEST } from './kit.ts';
import { ReaderProcess } from './reader-process.ts';
import { checkPlainString, type CaseAnswer, type CaseRequest } from './protocol.ts';

/** The manifest as the runner reads it (conformance/readers/manifest.json). */
export interface Manifest {
  keys: { roots: Array<{ id: number; publicKey: string }>; hashKeys: Array<{ id: number; key: string }> };
  cases: ManifestCase[];
}

export interface ManifestCase {
  name: string;
  kind: string;
  why: string;
  reader: { roots: number[]; hashKeys: number[]; revoked: number[] };
  now: number;
  files: string[];
  loads: string[];
  taps: Array<{ card: string; expect: string }>;
}

export interface CaseResult {
  name: string;
  kind: string;
  /** Empty when the reader passed the case. */
  problems: string[];
}

export function readManifest(kitDir = KIT_DIR): Manifest {
  return JSON.parse(fs.readFileSync(path.join(kitDir, MANIFEST), 'utf8')) as Manifest;
}

/** The request line for one case: key material by id from the manifest, files by absolute path. */
export function requestFor(manifest: Manifest, c: ManifestCase, kitDir = KIT_DIR): CaseRequest {
  const pick = <K extends { id: number }>(all: K[], ids: number[], value: (k: K) => string) =>
    ids.map((id) => {
      const key = all.find((k) => k.id === id);
      if (key === undefined) throw new Error(`case ${c.name}: the manifest has no key ${id}`);
      return `${id}:${value(key)}`;
    });
  const files = c.files.map((f) => path.resolve(kitDir, f));
  for (const f of files) checkPlainString(f, 'a kit file path');
  return {
    case: c.name,
    now: c.now,
    roots: pick(manifest.keys.roots, c.reader.roots, (k) => k.publicKey),
    hashKeys: pick(manifest.keys.hashKeys, c.reader.hashKeys, (k) => k.key),
    revoked: c.reader.revoked,
    files,
    cards: c.taps.map((t) => t.card),
  };
}

/** What is wrong with `answer` for case `c`; empty when nothing. */
export function judge(c: ManifestCase, answer: CaseAnswer): string[] {
  const problems: string[] = [];
  if (answer.case !== c.name) problems.push(`answered case "${answer.case}"`);
  c.files.forEach((file, i) => {
    const got = answer.loads[i];
    if (got !== c.loads[i]) {
      const reason = answer.reasons?.[i] ? ` (${answer.reasons[i]})` : '';
      problems.push(`file ${i + 1} ${file}: expected ${c.loads[i]}, got ${got ?? 'nothing'}${reason}`);
    }
  });
  if (answer.loads.length !== c.files.length) problems.push(`${answer.loads.length} load results for ${c.files.length} files`);
  c.taps.forEach((tap, i) => {
    const got = answer.decisions[i];
    if (got !== tap.expect) problems.push(`card ${tap.card}: expected ${tap.expect}, got ${got ?? 'nothing'}`);
  });
  if (answer.decisions.length !== c.taps.length) problems.push(`${answer.decisions.length} decisions for ${c.taps.length} cards`);
  return problems;
}

/**
 * Runs every case (or those whose name or kind contains `only`) against the reader `command`, printing a
 * line per case through `print`.
 * @example const results = await runKit(['./ykt-reader'], { print: console.log });
 */
export async function runKit(command: readonly string[], options: { kitDir?: string; only?: string; print?: (line: string) => void } = {}): Promise<CaseResult[]> {
  const kitDir = options.kitDir ?? KIT_DIR;
  const print = options.print ?? (() => {});
  const manifest = readManifest(kitDir);
  const cases = manifest.cases.filter((c) => options.only === undefined || c.name.includes(options.only) || c.kind === options.only);
  const reader = new ReaderProcess(command);
  const results: CaseResult[] = [];
  try {
    for (const c of cases) {
      // A reader that crashes fails the case it crashed on and every one after: they were not run.
      const problems = await reader.ask(requestFor(manifest, c, kitDir)).then((answer) => judge(c, answer), (error: Error) => [error.message]);
      results.push({ name: c.name, kind: c.kind, problems });
      print(problems.length === 0 ? `ok   ${c.kind.padEnd(14)} ${c.name}` : `FAIL ${c.kind.padEnd(14)} ${c.name}: ${c.why}\n${problems.map((p) => `       ${p}`).join('\n')}`);
    }
  } finally {
    await reader.close();
  }
  return results;
}

/** "95 cases: 95 passed, 0 failed", and the count per kind. */
export function summary(results: readonly CaseResult[]): string {
  const failed = results.filter((r) => r.problems.length > 0).length;
  const kinds = new Map<string, { passed: number; total: number }>();
  for (const r of results) {
    const k = kinds.get(r.kind) ?? { passed: 0, total: 0 };
    k.total++;
    if (r.problems.length === 0) k.passed++;
    kinds.set(r.kind, k);
  }
  const perKind = [...kinds].map(([kind, k]) => `${kind} ${k.passed}/${k.total}`).join(', ');
  return `${results.length} cases: ${results.length - failed} passed, ${failed} failed (${perKind})`;
}
