// `npm run build`, then the built server as production runs it: from a directory holding only what a
// production install keeps (package.json, bin/, dist/ and the production dependencies, as after
// `npm prune --omit=dev`), started with plain `node`. tsx and esbuild are development dependencies, so they
// cannot be loaded there: a built server that still imported either would not start.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { installBuilt } from '../../scripts/deploy-local.ts';
import { startServerProcess, type ServerProcess } from '../support/process.ts';

const run = promisify(execFile);

// No tsx in node's arguments and none in NODE_OPTIONS: what `node dist/src/cli/main.js` gets on a server.
const plainNode = { NODE_OPTIONS: '' };

describe('npm run build, then node dist/src/cli/main.js serve', { timeout: 180_000 }, () => {
  let app: string;
  let server: ServerProcess | undefined;

  before(async () => {
    app = fs.mkdtempSync(path.join(os.tmpdir(), 'ykt-build-'));
    const started = Date.now();
    // `npm run build` is `tsx scripts/build.ts`; --out builds into the throwaway install instead of ./dist.
    await run(process.execPath, ['--import', 'tsx', 'scripts/build.ts', '--out', path.join(app, 'dist')]);
    console.log(`npm run build took ${((Date.now() - started) / 1000).toFixed(1)} s`);
    installBuilt(app);
    fs.cpSync('bin', path.join(app, 'bin'), { recursive: true });
    // YKT_DEMO=true: this test is about the build, not about what production mode requires to start.
    server = await startServerProcess({ cwd: app, cli: ['dist/src/cli/main.js'], env: { ...plainNode, YKT_DEMO: 'true' } });
  });
  after(async () => {
    await server?.kill();
    if (app) fs.rmSync(app, { recursive: true, force: true });
  });

  test('the install cannot load tsx or esbuild, as after npm prune --omit=dev', () => {
    for (const name of ['tsx', 'esbuild']) {
      const tried = spawnSync(process.execPath, ['--input-type=module', '-e', `await import('${name}')`], { cwd: path.join(app, 'dist'), env: { ...process.env, ...plainNode }, encoding: 'utf8' });
      assert.notEqual(tried.status, 0, `${name} is importable from the install`);
      assert.match(tried.stderr, /ERR_MODULE_NOT_FOUND/);
    }
  });

  test('the compiled server makes a reader list snapshot in its worker thread, with no TypeScript about', () => {
    // The worker is started by its path, not imported: the build must have compiled it too.
    const script = `
      const { loadConfig } = await import('./src/config.js');
      const { openSystem } = await import('./src/system.js');
      const { makeSnapshotInWorker } = await import('./src/services/lists/snapshot-thread.js');
      const system = await openSystem(loadConfig({ YKT_DEMO: 'true', YKT_DATA_DIR: ${JSON.stringify(server!.dataDir)} }));
      const made = await makeSnapshotInWorker(system.ctx, new AbortController().signal);
      console.log(JSON.stringify({ version: made.version, bytes: made.bytes.length }));
      await system.close();`;
    fs.writeFileSync(path.join(app, 'dist/make-snapshot.mjs'), script);
    const ran = spawnSync(process.execPath, ['make-snapshot.mjs'], { cwd: path.join(app, 'dist'), env: { ...process.env, ...plainNode, LOG_LEVEL: 'silent' }, encoding: 'utf8' });
    assert.equal(ran.status, 0, ran.stderr);
    const made = JSON.parse(ran.stdout.trim().split('\n').at(-1)!);
    assert.ok(made.version > 0 && made.bytes > 240, ran.stdout);
  });

  test('serves / and /kit, each with the script and stylesheet the build wrote, gzipped', async () => {
    for (const page of ['/', '/kit']) {
      const answer = await fetch(server!.base + page);
      assert.equal(answer.status, 200, page);
      assert.match(answer.headers.get('content-type') ?? '', /^text\/html/);
      const html = await answer.text();
      const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
      assert.equal(assets.length, 2, `${page} loads a script and a stylesheet`);
      for (const url of assets) {
        const asset = await fetch(server!.base + url, { headers: { 'accept-encoding': 'gzip' } });
        assert.equal(asset.status, 200, url);
        assert.equal(asset.headers.get('content-encoding'), 'gzip');
        assert.match(asset.headers.get('cache-control') ?? '', /immutable/);
        const built = path.join(app, 'dist/web/assets', path.basename(url));
        assert.deepEqual(Buffer.from(await asset.arrayBuffer()), fs.readFileSync(built), url);
        assert.deepEqual(gunzipSync(fs.readFileSync(`${built}.gz`)), fs.readFileSync(built));
      }
    }
  });

  test('serves the API document and the JSON API', async () => {
    const openapi = await fetch(`${server!.base}/api/v1/openapi.json`);
    assert.equal(openapi.status, 200);
    assert.match((await openapi.json()).openapi, /^3\./);
    const outlets = await fetch(`${server!.base}/api/v1/outlets`);
    assert.equal(outlets.status, 200);
    assert.ok((await outlets.json()).outlets.length > 0);
  });

  test('bin/ykt.js runs the built CLI, with no tsx to fall back on', async () => {
    const { stdout } = await run(process.execPath, ['bin/ykt.js', 'doc', 'check', 'passport', 'E12345678', '--state', 'GBR'], { cwd: app, env: { ...process.env, ...plainNode } });
    assert.equal(JSON.parse(stdout).valid, true);
  });
});
