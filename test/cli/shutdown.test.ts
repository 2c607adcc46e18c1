// `ykt serve` stopped by SIGTERM while readers upload taps: it stops accepting, ends the push streams, lets the
// uploads in flight commit, closes the store and exits 0, logging each step; every upload it answered 200 for is
// in the store afterwards. A request that never finishes makes it give up at the time limit and exit 1.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import { test } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { openStore } from '../../src/store/open-store.ts';
import { freePort } from '../support/process.ts';
import { call, tempDataDir } from '../support/system.ts';
import { YKT_PROCESS } from '../support/cli.ts';

interface Server {
  child: ChildProcess;
  base: string;
  port: number;
  output: () => string;
  exit: Promise<number | null>;
}

async function serve(dataDir: string, env: Record<string, string> = {}): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, [...YKT_PROCESS, 'serve', '--demo'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', YKT_DATA_DIR: dataDir, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const base = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + 30_000; ; ) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output}`);
    if ((await fetch(`${base}/readyz`).catch(() => null))?.ok) return { child, base, port, output: () => output, exit };
    if (Date.now() > deadline) throw new Error(`server not ready within 30 s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A demo reader's credentials: the demo enrolment token traded at the terminal API. */
async function enrolReader(base: string): Promise<string> {
  const issued = await call(base, 'POST', '/api/v1/demo/reader-enrolment', {});
  assert.equal(issued.status, 201, JSON.stringify(issued.body));
  const enrolled = await call(base, 'POST', '/api/v1/terminal/enrol', { token: issued.body.token });
  assert.equal(enrolled.status, 201, JSON.stringify(enrolled.body));
  return enrolled.body.credentials;
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** The log lines (pino JSON) whose message starts with "shutdown:", in order. */
const shutdownSteps = (output: string) =>
  output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { msg: string; level: number })
    .filter((line) => line.msg?.startsWith('shutdown:'));

test('SIGTERM under load: every acknowledged tap upload is stored, each step is logged, exit 0', { timeout: 90_000 }, async () => {
  const dataDir = tempDataDir();
  try {
    const server = await serve(dataDir);
    const credentials = await enrolReader(server.base);
    const acknowledged: string[] = [];
    let refused = 0;
    let stopping = false;
    const upload = async () => {
      // Keep uploading a little past the signal too: those requests meet a server that is closing.
      for (let past = 0; !stopping || past++ < 5; ) {
        const taps = Array.from({ length: 50 }, () => ({ tapId: hex(16), cardKey: hex(8), decision: 'NOT_UPGRADED', at: Date.now() }));
        const answer = await fetch(`${server.base}/api/v1/terminal/taps`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${credentials}` },
          body: JSON.stringify({ batchId: hex(8), taps, annulments: [] }),
        }).catch(() => null);
        if (answer?.status === 200) acknowledged.push(...taps.map((t) => t.tapId));
        else if (!answer) return; // the listener is gone: this reader would retry later, elsewhere
        // 503: Fastify's answer to a request that arrives on a kept-alive connection once closing began.
        else if (answer.status !== 503) refused++;
      }
    };
    const readers = Array.from({ length: 8 }, upload);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const sentAt = acknowledged.length;
    server.child.kill('SIGTERM');
    stopping = true;
    await Promise.all(readers);
    assert.equal(await server.exit, 0, server.output());
    assert.ok(sentAt > 0, 'uploads were answered before the signal');
    assert.equal(refused, 0, 'no upload got an error answer other than 503 while the server shut down');

    const store = await openStore(loadConfig({ YKT_DATA_DIR: dataDir }));
    try {
      const dump = await store.dump();
      const stored = new Set((dump.tap as Array<{ tap_id: string }>).map((t) => t.tap_id));
      const lost = acknowledged.filter((id) => !stored.has(id));
      assert.deepEqual(lost, [], `${lost.length} of ${acknowledged.length} acknowledged taps missing`);
    } finally {
      await store.close();
    }

    const steps = shutdownSteps(server.output()).map((s) => s.msg);
    const expected = ['no new connections', 'push streams ended', 'in-flight writes committed', 'every request answered', 'store closed'];
    let at = -1;
    for (const step of expected) {
      const found = steps.findIndex((msg, i) => i > at && msg.includes(step));
      assert.ok(found > at, `"${step}" logged after the previous step:\n${steps.join('\n')}`);
      at = found;
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a request that never finishes: the server gives up at YKT_SHUTDOWN_TIMEOUT_SECONDS and exits 1', { timeout: 60_000 }, async () => {
  const dataDir = tempDataDir();
  try {
    const server = await serve(dataDir, { YKT_SHUTDOWN_TIMEOUT_SECONDS: '1' });
    // A client that announces a body and never sends it keeps its request in flight.
    const socket = net.connect(server.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write('POST /api/v1/kit/login/code HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const signalled = Date.now();
    server.child.kill('SIGTERM');
    assert.equal(await server.exit, 1, server.output());
    const took = Date.now() - signalled;
    assert.ok(took >= 900 && took < 10_000, `exited after ${took} ms`);
    const steps = shutdownSteps(server.output());
    assert.ok(steps.some((s) => s.msg.includes('time limit reached') && s.level >= 50), server.output());
    socket.destroy();
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
