// The C conformance reader (conformance/c-reader), built for a test with the system compiler into a temporary
// directory. Without a C compiler or libsodium's headers the C suite skips and says why; YKT_REQUIRE_CC=1 (CI)
// turns that skip into a failure.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const SOURCE_DIR = path.resolve('conformance/c-reader');
const required = process.env.YKT_REQUIRE_CC === '1';
const compiler = process.env.CC ?? 'cc';

export type CReaderBuild = { reader: string; skip: false } | { reader: null; skip: string };

/** Compiles the C reader once per test process, as its Makefile does; or why it cannot be here. */
export function buildCReader(): CReaderBuild {
  const missing = (what: string): CReaderBuild => {
    if (required) throw new Error(`YKT_REQUIRE_CC=1, but ${what}`);
    return { reader: null, skip: `${what}: the C reader's tests are skipped (YKT_REQUIRE_CC=1 makes this a failure)` };
  };
  if (spawnSync(compiler, ['--version'], { encoding: 'utf8' }).status !== 0) return missing(`no C compiler (${compiler}): install gcc`);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'ykt-c-reader-'));
  const reader = path.join(out, 'ykt-reader');
  const sources = fs.readdirSync(SOURCE_DIR).filter((f) => f.endsWith('.c')).map((f) => path.join(SOURCE_DIR, f));
  const cc = spawnSync(compiler, ['-O2', '-std=c11', '-D_POSIX_C_SOURCE=200809L', '-Wall', '-Wextra', '-Werror', '-o', reader, ...sources, '-lsodium'], { encoding: 'utf8' });
  if (cc.status !== 0 && /sodium\.h|-lsodium|cannot find -lsodium/.test(cc.stderr)) return missing('libsodium is not installed (apt-get install libsodium-dev)');
  if (cc.status !== 0) throw new Error(`the C reader does not compile:\n${cc.stderr}`);
  process.once('exit', () => fs.rmSync(out, { recursive: true, force: true }));
  return { reader, skip: false };
}
