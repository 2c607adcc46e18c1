// Runs every test file under test/ with node's test runner. Listing the files here keeps `npm test` the same
// on Node 20 (whose --test takes no globs) and later versions.
//
// The tests run compiled: first `scripts/build.ts --tests` compiles src, test, scripts and bench into .cache/js
// (a few seconds) and bundles the pages there, then each test process loads plain JavaScript.
// Through a TypeScript loader (tsx), each of the ~170 test processes and every ykt process or worker thread
// they started loaded the same modules again through the loader's thread, and each server bundled the pages.
// The whole `npm test` on 2 cores (2026-11-30), each pair run in turn: 8 min 58 s and 833 CPU s through tsx,
// 5 min 47 s and 473 compiled; later, on a slower hour, 11 min 11 s and 1,056 against 7 min 54 s and 680.
// Source maps point stack traces at the .ts lines.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { run } from 'node:test';
import { spec, tap } from 'node:test/reporters';

const COMPILED = '.cache/js';
if (!process.execArgv.includes('--enable-source-maps')) {
  const again = spawnSync(process.execPath, ['--enable-source-maps', ...process.execArgv, process.argv[1], ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(again.status ?? 1);
}
const built = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts', '--tests', '--out', COMPILED], { stdio: ['ignore', 'inherit', 'inherit'] });
if (built.status !== 0) process.exit(built.status ?? 1);

// The longest files first, longest first (measured on the 2-core machine): run() takes the files in the
// order given (`node --test` would sort them by name), two at a time, so a long file left to the end would
// run alone while the other process idles. Every other file follows in name order.
const LONGEST_FIRST = [
  'test/web/outlets.test.ts',
  'test/web/ops.test.ts',
  'test/cli/production.test.ts',
  'test/web/holder-states.test.ts',
  'test/http/grouped-upgrades-crash.test.ts',
  'test/http/fuzz.test.ts',
  'test/deploy/nginx.test.ts',
  'test/deploy/postgres-crash.test.ts',
  'test/web/kit.test.ts',
  'test/web/service.test.ts',
  'test/services/messages/outbox-kill.test.ts',
  'test/web/service-holder.test.ts',
  'test/http/concurrency.test.ts',
  'test/web/reader.test.ts',
  'test/cli/shutdown.test.ts',
  'test/http/crash-under-load.test.ts',
  'test/cli/terminal-simulate.test.ts',
  'test/cli/import-cards.test.ts',
  'test/web/staff-desk.test.ts',
  'test/http/durability.test.ts',
  'test/http/notices.test.ts',
  'test/http/health-feed-crash.test.ts',
  'test/web/service-live.test.ts',
  'test/web/service-desk.test.ts',
  'test/http/error-paths.test.ts',
  'test/web/a11y.test.ts',
  'test/deploy/two-nodes.test.ts',
  'test/http/privacy.test.ts',
  'test/deploy/build.test.ts',
  'test/http/holder-flow.test.ts',
  'test/cli/staff.test.ts',
  'test/services/operator/staff-sign-in.test.ts',
];

const only = process.argv.slice(2);
const rank = (file) => {
  const i = LONGEST_FIRST.indexOf(file.split(path.sep).join('/'));
  return i === -1 ? LONGEST_FIRST.length : i;
};
// Found among the sources (a compiled file whose source is gone is not run), run compiled.
const files = fs
  .readdirSync('test', { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => path.join('test', f))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort()
  .sort((a, b) => rank(a) - rank(b))
  .map((f) => path.join(COMPILED, f.replace(/\.ts$/, '.js')));

// A whole run shares one throwaway PostgreSQL cluster (test/support/postgres.ts), rather than each test process
// that needs one paying an initdb and a start; each process makes its own databases in it. Without PostgreSQL,
// or for a few files, each process goes on as it does alone (starting its own, or skipping and saying why).
let cluster;
if (only.length === 0 && !process.env.TEST_POSTGRES_PORT) {
  const { findPostgresBin, startCluster } = await import(`../${COMPILED}/scripts/postgres-cluster.js`);
  if (findPostgresBin()) cluster = await startCluster().catch((error) => console.warn(`# no shared PostgreSQL cluster: ${error.message}`));
}
if (cluster) process.env.TEST_POSTGRES_PORT = String(cluster.port);
// Stopped on the way out even when the run is interrupted.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    cluster?.stop();
    process.exit(130);
  });
}

// What `node --test` prints: spec on a terminal, TAP otherwise; a failed test fails the run.
const tests = run({ files, concurrency: 2 });
tests.on('test:fail', (data) => {
  if (!data.todo) process.exitCode = 1;
});
const report = tests.compose(process.stdout.isTTY ? new spec() : tap);
report.pipe(process.stdout);
try {
  await finished(report);
} finally {
  try {
    cluster?.stop();
  } catch (error) {
    console.warn(`# stopping the shared PostgreSQL cluster: ${error.message}`);
  }
}
