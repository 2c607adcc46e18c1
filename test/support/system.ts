import { randomBytes } from 'node:crypto';
// A whole system for a test: a real SQLite file in a temp directory (or, with `store: 'postgres'`, a fresh
// database of the test process's PostgreSQL cluster), the real API listening on a free loopback port, and
// a clock the test can move.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../src/config.ts';
import { generateRootKey, generateSigningKey, signingKeyToPem } from '../../src/readers/builder/index.ts';
import { buildServer } from '../../src/http/server.ts';
import { seedDemo } from '../../src/services/demo/seed.ts';
import type { OutboxNotifier } from '../../src/services/messages/outbox-notifier.ts';
import { openSystem, type System } from '../../src/system.ts';
import pino from 'pino';
import { freshDatabase, type StoreName } from './postgres.ts';

export interface TestSystem extends System {
  /** The demo's outbox: a test system is the demo. */
  outbox: OutboxNotifier;
  base: string;
  app: FastifyInstance;
  dataDir: string;
  /** The PostgreSQL database, for another process to share; undefined on SQLite. */
  databaseUrl?: string;
  /** Moves the clock forward by ms. */
  advance(ms: number): void;
  stop(): Promise<void>;
}

/** The bearer token every test server's /metrics asks for. */
export const TEST_METRICS_TOKEN = 'test-metrics-token-0123456789abcdef';

export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'ykt-test-'));
}

/**
 * Starts the demo, seeded unless `seed: false`, on SQLite unless `store: 'postgres'` (a fresh database, or
 * `databaseUrl` to share one with another process). `env` adds settings (an OpenID provider's); `port`
 * is for a test that must know the address before the server starts (the provider's redirect URLs).
 */
export async function startSystem(
  options: { seed?: boolean; dataDir?: string; store?: StoreName; databaseUrl?: string; env?: Record<string, string>; port?: number } = {},
): Promise<TestSystem> {
  const dataDir = options.dataDir ?? tempDataDir();
  const databaseUrl = options.databaseUrl ?? (options.store === 'postgres' ? await freshDatabase() : undefined);
  const config = loadConfig({ YKT_DEMO: 'true', YKT_DATA_DIR: dataDir, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}), ...options.env });
  const system = await openSystem(config, pino({ level: 'silent' }));
  const outbox = system.outbox!;
  let offset = 0;
  system.ctx.clock = () => Date.now() + offset;
  if (options.seed !== false) await seedDemo(system.ctx);
  const app = await buildServer(system.ctx, { outbox, metricsToken: TEST_METRICS_TOKEN });
  await app.listen({ port: options.port ?? 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return {
    ...system,
    outbox,
    app,
    dataDir,
    databaseUrl,
    base: `http://127.0.0.1:${address.port}`,
    advance: (ms) => {
      offset += ms;
    },
    stop: async () => {
      await app.close();
      await system.close();
    },
  };
}

/** A JSON request against the test server; returns status and parsed body. */
export async function call(base: string, method: string, url: string, body?: unknown, token?: string) {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(base + url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/**
 * The one-time code the demo outbox got for a challenge. A code request answers once the code is sent or,
 * past a short wait, queued (outbox.ts sendNow): on a busy machine the code lands a moment later, so it is
 * looked up by its challenge rather than taken as the newest.
 */
export async function codeFor(sys: Pick<TestSystem, 'outbox'>, challengeId: string): Promise<string> {
  for (const until = Date.now() + 10_000; ; ) {
    const sent = sys.outbox.recent().find((c) => c.challengeId === challengeId);
    if (sent) return sent.code;
    if (Date.now() > until) throw new Error(`no code for challenge ${challengeId} in the demo outbox`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Signs a document in through the API and the demo outbox (a first sign-in with holder@example.com); returns the session token. */
export async function signIn(sys: TestSystem, channel: 'kit' | 'app', document: { type: string; number: string; state?: string; phone?: string; email?: string }): Promise<string> {
  // A first sign-in needs a contact; a later one sends the code to the contact on file and ignores this one.
  const contact = document.phone || document.email ? {} : { email: 'holder@example.com' };
  const sent = await call(sys.base, 'POST', `/api/v1/${channel}/login/code`, { ...document, ...contact });
  if (sent.status !== 200) throw new Error(`code request failed: ${JSON.stringify(sent.body)}`);
  const code = await codeFor(sys, sent.body.challengeId);
  const session = await call(sys.base, 'POST', `/api/v1/${channel}/login`, { challengeId: sent.body.challengeId, code });
  if (session.status !== 200) throw new Error(`sign-in failed: ${JSON.stringify(session.body)}`);
  return session.body.token;
}

/**
 * The secrets every node of one PostgreSQL deployment shares, as production wants them: from the
 * environment, made once here (never generated per node).
 */
export function sharedSecretsEnv(): Record<string, string> {
  const key32 = () => randomBytes(32).toString('base64');
  const root = generateRootKey(1);
  const signing = generateSigningKey(1, root);
  return {
    YKT_DOCUMENT_KEY: key32(),
    YKT_DOCUMENT_HASH_KEY: key32(),
    YKT_SESSION_KEY: key32(),
    YKT_HEALTH_FEED_KEY: key32(),
    YKT_LIST_ROOT_KEY: `1:${Buffer.from(root.publicKeyRaw).toString('base64')}`,
    YKT_LIST_SIGNING_KEY: signingKeyToPem(signing),
    YKT_LIST_SIGNING_CERT: Buffer.from(signing.certificate).toString('base64'),
    YKT_LIST_HASH_KEY: randomBytes(16).toString('base64'),
  };
}
