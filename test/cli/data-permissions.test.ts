// The data directory is the server user's alone: 0700, and its database and secret files 0600. A start on a
// directory left open (a copy, a restore, an old release) tightens it and warns about each fix.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fixDataPermissions } from '../../src/cli/data-permissions.ts';
import { startServerProcess } from '../support/process.ts';
import { tempDataDir } from '../support/system.ts';

const mode = (file: string) => fs.statSync(file).mode & 0o777;

test('tightens an open data directory, its files and a directory inside it, and names each fix', () => {
  const dataDir = tempDataDir();
  try {
    fs.chmodSync(dataDir, 0o755);
    fs.writeFileSync(path.join(dataDir, 'ykt.sqlite'), '', { mode: 0o644 });
    fs.writeFileSync(path.join(dataDir, 'secrets.json'), '{}', { mode: 0o640 });
    fs.writeFileSync(path.join(dataDir, 'list-keys.json'), '{}', { mode: 0o600 });
    fs.mkdirSync(path.join(dataDir, 'backup'), { mode: 0o777 });
    fs.chmodSync(path.join(dataDir, 'backup'), 0o777);

    const fixes = fixDataPermissions(dataDir);
    assert.deepEqual(
      fixes.map((f) => [path.relative(dataDir, f.path), f.was, f.now]).sort(),
      [['', '0755', '0700'], ['backup', '0777', '0700'], ['secrets.json', '0640', '0600'], ['ykt.sqlite', '0644', '0600']],
    );
    assert.equal(mode(dataDir), 0o700);
    assert.equal(mode(path.join(dataDir, 'ykt.sqlite')), 0o600);
    assert.deepEqual(fixDataPermissions(dataDir), [], 'a second start finds nothing to fix');
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test('`ykt serve` leaves every file it creates private, and tightens what it finds open', { timeout: 60_000 }, async () => {
  const dataDir = tempDataDir();
  fs.chmodSync(dataDir, 0o755);
  const server = await startServerProcess({ dataDir, env: { YKT_DEMO: 'false' } });
  try {
    assert.equal(mode(dataDir), 0o700);
    const files = fs.readdirSync(dataDir);
    assert.ok(files.includes('secrets.json') && files.some((f) => f.endsWith('.sqlite')), files.join(' '));
    for (const file of files) assert.equal(mode(path.join(dataDir, file)), 0o600, file);
  } finally {
    await server.kill();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
