// `ykt keys …`: the operator's root made once and kept offline, signing keys certified by it (printed for an
// environment file, or added to the data directory), rotation, revocation, and moving a root the data
// directory holds offline. Most runs are in this process (yktHere); one of each kind of output runs as the
// real process an operator starts, reading its environment file with `node --env-file`.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import { readHeader } from '../../src/readers/sdk/list-format.ts';
import { ReaderList } from '../../src/readers/sdk/index.ts';
import { buildSnapshot, signingKeyFromPem } from '../../src/readers/builder/index.ts';
import { listMeta } from '../../src/services/lists/builder.ts';
import { readKeyFile } from '../../src/services/lists/key-file.ts';
import { YKT_PROCESS, ykt, yktHere } from '../support/cli.ts';
import { startSystem, tempDataDir } from '../support/system.ts';

const run = promisify(execFile);
const MAIL = { YKT_MAIL_URL: 'smtp://127.0.0.1:2525', YKT_PUBLIC_URL: 'https://ykt.example.com' };

/** Lines of `text` as an environment file holds them: NAME=value, a quoted value spanning lines. */
function envLines(text: string): Record<string, string> {
  return Object.fromEntries([...text.matchAll(/^(YKT_[A-Z_]+)=("[^"]*"|.*)$/gm)].map(([, name, value]) => [name!, value!.replace(/^"|"$/g, '')]));
}

describe('ykt keys init-root', () => {
  test('writes the private key with mode 0600, prints the line for every node, and never overwrites', async () => {
    const dir = tempDataDir();
    const out = path.join(dir, 'root.pem');
    const made = await ykt(['keys', 'init-root', '--out', out, '--id', '3'], { YKT_DATA_DIR: dir });
    assert.equal(made.code, 0, made.stderr);
    assert.match(made.stdout, /^YKT_LIST_ROOT_KEY=3:[A-Za-z0-9+/]{43}=\n$/);
    assert.match(made.stderr, /keep it offline/);
    assert.equal(fs.statSync(out).mode & 0o777, 0o600);
    assert.match(fs.readFileSync(out, 'utf8'), /^-----BEGIN PRIVATE KEY-----/);

    const before = fs.readFileSync(out, 'utf8');
    const again = await yktHere(['keys', 'init-root', '--out', out], { YKT_DATA_DIR: dir });
    assert.equal(again.code, 1);
    assert.match(again.stderr, /exists: a key file is never overwritten/);
    assert.equal(fs.readFileSync(out, 'utf8'), before);
  });
});

describe('ykt keys certify', () => {
  test('prints the three lines of a signing key that an environment file takes as they are, and production accepts them', { timeout: 60_000 }, async () => {
    const dir = tempDataDir();
    const root = path.join(dir, 'root.pem');
    const rootLine = (await yktHere(['keys', 'init-root', '--out', root], { YKT_DATA_DIR: dir })).stdout;
    const certified = await yktHere(['keys', 'certify', '--root', root], { YKT_DATA_DIR: dir, ...envLines(rootLine) });
    assert.equal(certified.code, 0, certified.stderr);
    assert.match(certified.stdout, /^YKT_LIST_SIGNING_KEY="-----BEGIN PRIVATE KEY-----\n[A-Za-z0-9+/=]+\n-----END PRIVATE KEY-----"\nYKT_LIST_SIGNING_KEY_ID=1\nYKT_LIST_SIGNING_CERT=[A-Za-z0-9+/]{150}==\n$/);

    // The node's environment file, as docs/deploy.md builds it, read by node itself.
    const envFile = path.join(dir, 'ykt.env');
    fs.writeFileSync(envFile, `YKT_DATA_DIR=${dir}\nYKT_MAIL_URL=${MAIL.YKT_MAIL_URL}\nYKT_PUBLIC_URL=${MAIL.YKT_PUBLIC_URL}\n${rootLine}${certified.stdout}`);
    const doctor = await run(process.execPath, [`--env-file=${envFile}`, ...YKT_PROCESS, 'doctor']).catch((error: { stdout: string }) => error);
    assert.match(doctor.stdout, /^ {2}✓ list keys +lists signed with key 1, certified by an offline root; the hash key changes every 7 days$/m);

    // The next key takes the next id by itself, above the one in use and every revoked one.
    const next = await yktHere(['keys', 'certify', '--root', root], { YKT_DATA_DIR: dir, ...envLines(rootLine), ...envLines(certified.stdout), YKT_LIST_REVOKED_KEY_IDS: '4' });
    assert.equal(envLines(next.stdout).YKT_LIST_SIGNING_KEY_ID, '5');
  });

  test('names a root file it cannot read, without a stack trace', async () => {
    const dir = tempDataDir();
    const missing = await yktHere(['keys', 'certify', '--root', path.join(dir, 'nowhere.pem')], { YKT_DATA_DIR: dir });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^ENOENT: no such file or directory, open '.*nowhere\.pem'\n$/);
  });

  test('--data-dir adds the key to list-keys.json, keeping the root\'s public key only, and the server signs with it', { timeout: 30_000 }, async () => {
    const dir = tempDataDir();
    const root = path.join(dir, 'root.pem');
    await yktHere(['keys', 'init-root', '--out', root], { YKT_DATA_DIR: dir });
    const added = await yktHere(['keys', 'certify', '--root', root, '--data-dir'], { YKT_DATA_DIR: dir });
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /^Signing key 1, certified by root key 1, added to .*list-keys\.json\. Restart the server to sign with it\.$/m);
    const stored = readKeyFile(dir);
    assert.equal(stored.root?.pem, undefined, 'the root stays offline');
    assert.ok(stored.root?.publicKey);
    const sys = await startSystem({ dataDir: dir, seed: false });
    try {
      assert.equal(sys.ctx.keyRing.signing.keyId, 1);
    } finally {
      await sys.stop();
    }
  });
});

describe('ykt keys rotate, export-root and revoke on a data directory', () => {
  test('rotate certifies with the data directory\'s root, or asks for it once it is offline', async () => {
    const dir = tempDataDir();
    const env = { YKT_DATA_DIR: dir };
    const rotated = await yktHere(['keys', 'rotate'], env);
    assert.equal(rotated.code, 0, rotated.stderr);
    assert.match(rotated.stdout, /Signing key 2, certified by root key 1, added\. Restart the server to sign with it/);

    const out = path.join(dir, 'root-offline.pem');
    const exported = await yktHere(['keys', 'export-root', '--out', out], env);
    assert.equal(exported.code, 0, exported.stderr);
    assert.equal(fs.statSync(out).mode & 0o777, 0o600);
    assert.equal(readKeyFile(dir).root?.pem, undefined);

    const asks = await yktHere(['keys', 'rotate'], env);
    assert.equal(asks.code, 1);
    assert.match(asks.stderr, /The root key is offline .*: pass --root FILE/);
    const third = await yktHere(['keys', 'rotate', '--root', out], env);
    assert.equal(third.code, 0, third.stderr);
    assert.deepEqual(readKeyFile(dir).signing.map((k) => k.keyId), [1, 2, 3]);
  });

  test('revoke records the id, prints the line for PostgreSQL deployments, and refuses the only usable key', async () => {
    const dir = tempDataDir();
    const env = { YKT_DATA_DIR: dir };
    await yktHere(['keys', 'rotate'], env);
    const only = await yktHere(['keys', 'revoke', '2'], { ...env, YKT_LIST_REVOKED_KEY_IDS: '1' });
    assert.equal(only.code, 1);
    assert.match(only.stderr, /Signing key 2 is the only usable one.*Rotate first/);
    assert.equal(readKeyFile(dir).revoked, undefined, 'nothing recorded');

    const revoked = await ykt(['keys', 'revoke', '1'], env);
    assert.equal(revoked.code, 0, revoked.stderr);
    assert.equal(revoked.stdout, 'YKT_LIST_REVOKED_KEY_IDS=1\n');
    assert.match(revoked.stderr, /names key 1 as revoked \(at the latest its heartbeat 30 s after it starts\)/);
    assert.deepEqual(readKeyFile(dir).revoked, [1]);
  });

  test('on PostgreSQL, revoke prints the line alone and refuses the key the nodes sign with', async () => {
    const env = { YKT_DATA_DIR: tempDataDir(), DATABASE_URL: 'postgres://ykt@127.0.0.1:1/unused', YKT_LIST_SIGNING_KEY_ID: '2', YKT_LIST_SIGNING_KEY: '-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----', YKT_LIST_REVOKED_KEY_IDS: '1' };
    const signing = await yktHere(['keys', 'revoke', '2'], env);
    assert.equal(signing.code, 1);
    assert.match(signing.stderr, /is the one the nodes sign with .*rotate first/);
    const other = await yktHere(['keys', 'revoke', '3'], env);
    assert.equal(other.code, 0, other.stderr);
    assert.equal(other.stdout, 'YKT_LIST_REVOKED_KEY_IDS=1,3\n');
    assert.match(other.stderr, /every node's environment file/);
  });
});

describe('a server started with a revoked key id in its environment', () => {
  test('signs with another key, its files name the revoked id, and a reader that met them refuses a list the revoked key signed', { timeout: 30_000 }, async () => {
    const dataDir = tempDataDir();
    let sys = await startSystem({ dataDir });
    await sys.app.parts.publisher.poke();
    assert.equal(sys.ctx.keyRing.signing.keyId, 1);
    await sys.stop();

    assert.equal((await yktHere(['keys', 'rotate'], { YKT_DATA_DIR: dataDir })).code, 0);
    sys = await startSystem({ dataDir, seed: false, env: { YKT_LIST_REVOKED_KEY_IDS: '1' } });
    try {
      assert.equal(sys.ctx.keyRing.signing.keyId, 2);
      await sys.app.parts.publisher.poke();
      const version = sys.app.parts.publisher.version;
      const snapshot = (await sys.ctx.store.lists.getFile('snapshot', version, version))!;
      assert.ok(snapshot, 'the new signing key made a new snapshot');
      const header = readHeader(snapshot);
      assert.ok(typeof header !== 'string');
      assert.equal(header.signKeyId, 2);
      assert.deepEqual(header.revokedKeyIds, [1]);
      const heartbeat = readHeader(sys.app.parts.publisher.latestHeartbeat()!.bytes);
      assert.ok(typeof heartbeat !== 'string');
      assert.deepEqual([heartbeat.signKeyId, heartbeat.revokedKeyIds], [2, [1]]);

      // A newer list signed by the revoked key, as whoever stole it would make one: naming nothing revoked.
      const stored = readKeyFile(dataDir).signing.find((k) => k.keyId === 1)!;
      const revokedKey = signingKeyFromPem(1, stored.pem, new Uint8Array(Buffer.from(stored.certificate!, 'base64')));
      const meta = await listMeta(sys.ctx.keyRing, sys.ctx.store, version + 1, sys.ctx.clock());
      const forged = buildSnapshot({ ...meta, revokedKeyIds: [], entries: [] }, revokedKey);

      const hashKeys = sys.ctx.keyRing.hashKeys.served(sys.ctx.clock());
      const met = new ReaderList({ rootKeys: sys.ctx.keyRing.rootKeys, hashKeys });
      assert.deepEqual(await met.loadSnapshot(snapshot), { ok: true, version });
      assert.deepEqual(await met.loadSnapshot(forged), { ok: false, reason: 'signing key revoked' });
      // Only the header it met tells it: a reader that never saw one takes the forged list.
      assert.equal((await new ReaderList({ rootKeys: sys.ctx.keyRing.rootKeys, hashKeys }).loadSnapshot(forged)).ok, true);
    } finally {
      await sys.stop();
    }
  });
});
