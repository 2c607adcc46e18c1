// DESIGN §4 rule 3: what got a success answer survives a crash. The real server runs as a child process
// (`ykt serve`), is killed with SIGKILL right after answering, and is started again on the same data directory.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { assertCoded, demoCard, demoDocument } from '../support/fixtures.ts';
import { call, tempDataDir } from '../support/system.ts';
import { freePort } from '../support/process.ts';
import { YKT_PROCESS } from '../support/cli.ts';

interface Server {
  child: ChildProcess;
  base: string;
  output: () => string;
}

/** Starts `ykt serve --demo` (it signs in through the demo outbox) on a free port and waits until /healthz answers. */
async function serve(dataDir: string): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, [...YKT_PROCESS, 'serve', '--demo'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', YKT_DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output}`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) return { child, base, output: () => output };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not answer /healthz within 30 s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function kill(server: Server): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGKILL');
  await exited;
}

async function signIn(base: string, document: object): Promise<string> {
  const sent = await call(base, 'POST', '/api/v1/kit/login/code', { email: 'holder@example.com', ...document });
  assert.equal(sent.status, 200, JSON.stringify(sent.body));
  const outbox = await call(base, 'GET', '/api/v1/demo/outbox');
  const session = await call(base, 'POST', '/api/v1/kit/login', { challengeId: sent.body.challengeId, code: outbox.body.messages[0].code });
  assert.equal(session.status, 200, JSON.stringify(session.body));
  return session.body.token;
}

describe('a server killed with SIGKILL and started again', () => {
  const dataDir = tempDataDir();
  let server: Server | undefined;
  let token: string;
  let bindingId: number;

  before(async () => {
    server = await serve(dataDir);
  });
  after(async () => {
    if (server) await kill(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('keeps an upgrade it answered 201 for, killed the instant after answering', async () => {
    token = await signIn(server!.base, demoDocument('passport'));
    const made = await call(server!.base, 'POST', '/api/v1/kit/cards', { cardNumber: demoCard(1), medium: 'physical', agreementVersion: 1 }, token);
    assert.equal(made.status, 201, JSON.stringify(made.body));
    bindingId = made.body.card.id;
    await kill(server!);

    server = await serve(dataDir);
    const listed = await call(server.base, 'GET', '/api/v1/kit/cards', undefined, token);
    assert.equal(listed.status, 200, 'the session issued before the crash still works');
    assert.deepEqual(listed.body.cards.map((c: { id: number }) => c.id), [bindingId]);
  });

  test('keeps an unbinding it answered 204 for', async () => {
    const second = await call(server!.base, 'POST', '/api/v1/kit/cards', { cardNumber: demoCard(31), medium: 'nfc', agreementVersion: 1 }, token);
    assert.equal(second.status, 201);
    const ended = await call(server!.base, 'DELETE', `/api/v1/kit/cards/${bindingId}`, undefined, token);
    assert.equal(ended.status, 204);
    await kill(server!);

    server = await serve(dataDir);
    const listed = await call(server.base, 'GET', '/api/v1/kit/cards', undefined, token);
    assert.deepEqual(listed.body.cards.map((c: { id: number }) => c.id), [second.body.card.id]);
  });

  test('keeps its secrets: sealed documents still open, and a logout still refuses the token', async () => {
    assert.ok(fs.existsSync(path.join(dataDir, 'secrets.json')));
    const exported = await call(server!.base, 'GET', '/api/v1/kit/me/export', undefined, token);
    assert.equal(exported.status, 200);
    assert.equal(exported.body.person.documentNumber, demoDocument('passport').number);
    assert.equal(exported.body.person.issuingState, 'GBR');
    assert.equal(exported.body.person.name, 'Alice Smith', 'the name sealed by the first start’s seeding opens');
    assert.equal((await call(server!.base, 'POST', '/api/v1/kit/logout', undefined, token)).status, 204);
    await kill(server!);

    server = await serve(dataDir);
    assertCoded(await call(server.base, 'GET', '/api/v1/kit/cards', undefined, token), 'SESSION_INVALID');
  });

  test('does not seed the demo again over the data it had', async () => {
    const fresh = await signIn(server!.base, demoDocument('passport'));
    const exported = await call(server!.base, 'GET', '/api/v1/kit/me/export', undefined, fresh);
    assert.equal(exported.body.bindings.length, 2, 'the same person, with the history from before the crashes');
  });
});
