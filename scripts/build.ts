// `npm run build`: what production runs, with no TypeScript transpiler or bundler at run time.
//   dist/src/…        the server, compiled by tsc (tsconfig.build.json) from src/cli/main.ts and what it imports
//   dist/web/…        the pages, bundled by esbuild once (src/web/bundle/prebuilt.ts describes the layout)
//   dist/package.json {"type":"module"}, so that dist/ runs as ES modules wherever it is copied
// Then `node dist/src/cli/main.js serve` (docs/deploy.md). `--out DIR` builds elsewhere (the deploy test).
// `--tests` is what `npm test` runs first (scripts/test.mjs): everything tsconfig.json covers — src, test,
// scripts, bench — compiled into .cache/js by tsconfig.test.json, and the pages into .cache/js/web, so that each
// test process loads plain JavaScript and reads the pages prebuilt, as a built server does.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bundlePages } from '../src/web/bundle/build.ts';
import { writePrebuilt } from '../src/web/bundle/prebuilt.ts';
import { REPO_ROOT as ROOT } from './repo-root.ts';

/** The pages' sources, wherever this module runs from (the tests run a compiled copy of it). */
const WEB_SOURCES = path.join(ROOT, 'src', 'web');

function compile(project: string, out: string): Promise<void> {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const child = spawn(process.execPath, [tsc, '-p', path.join(ROOT, project), '--outDir', out], { cwd: ROOT, stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`tsc exited with ${code}`))));
  });
}

/**
 * Builds the server and its pages into `out`, emptied first.
 * @example await buildDist('dist')
 */
export async function buildDist(out: string): Promise<void> {
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  // tsc (a process of its own) and esbuild (in this one) at the same time: the build is about as long as tsc.
  const [, bundle] = await Promise.all([compile('tsconfig.build.json', out), bundlePages(WEB_SOURCES)]);
  writePrebuilt(bundle, path.join(out, 'web'));
  fs.writeFileSync(path.join(out, 'package.json'), `${JSON.stringify({ type: 'module', private: true })}\n`);
}

/**
 * Compiles sources and tests into `out` for `npm test` (over what is there: a file whose source is gone stays,
 * unused), and bundles the pages into out/web. Under `out` the modules sit as in the repository, and the
 * repository's package.json (type: module) governs them.
 * @example await buildForTests('.cache/js')
 */
export async function buildForTests(out: string): Promise<void> {
  const [, bundle] = await Promise.all([compile('tsconfig.test.json', out), bundlePages(WEB_SOURCES)]);
  fs.rmSync(path.join(out, 'web'), { recursive: true, force: true });
  writePrebuilt(bundle, path.join(out, 'web'));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { out: { type: 'string' }, tests: { type: 'boolean', default: false } } });
  const out = path.resolve(values.out ?? path.join(ROOT, values.tests ? '.cache/js' : 'dist'));
  const started = Date.now();
  if (values.tests) {
    await buildForTests(out);
    console.log(`# sources and tests compiled into ${path.relative(process.cwd(), out)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } else {
    await buildDist(out);
    console.log(`Built into ${path.relative(process.cwd(), out) || '.'} in ${((Date.now() - started) / 1000).toFixed(1)} s: run it with \`node ${path.relative(process.cwd(), path.join(out, 'src/cli/main.js'))} serve\``);
  }
}
