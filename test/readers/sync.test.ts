// The reader SDK's network side against a real server: catching up, push, losing the server and getting it
// back, falling far behind, and offline taps uploaded exactly once.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import { loadConfig } from '../../src/config.ts';
import { Decision } from '../../src/domain/decisions.ts';
import { buildServer } from '../../src/http/server.ts';
import { ReaderList, TapQueue, type TapBatch } from '../../src/readers/sdk/index.ts';
import { ReaderSync, type ReaderSyncOptions } from '../../src/readers/sdk/sync.ts';
import { enrolReader } from '../../src/readers/sdk/enrol.ts';
import { ingestHealth } from '../../src/services/feeds/health-feed.ts';
import { cardKeysOf } from '../../src/services/feeds/taps.ts';
import { addSigningKey } from '../../src/services/lists/key-file.ts';
import { issueEnrolment } from '../../src/services/operator/terminals.ts';
import { openSystem } from '../../src/system.ts';
import { demoCard, demoDocument } from '../support/fixtures.ts';
import { call, signIn, startSystem, type TestSystem } from '../support/system.ts';

const HOUR = 3_600_000;

interface TestReader {
  sync: ReaderSync;
  list: ReaderList;
  queue: TapQueue;
  terminalId: string;
  uploads: TapBatch[];
}

async function newReader(sys: TestSystem, base: () => string = () => sys.base, extra: Partial<ReaderSyncOptions> = {}): Promise<TestReader> {
  const { token } = await issueEnrolment(sys.ctx, { kind: 'metro-gate', line: 'Line 10', station: 'Guomao' }, 'test');
  const enrolment = await enrolReader({ baseUrl: sys.base, token, softwareVersion: 'test-reader/1' });
  const list = new ReaderList({ rootKeys: enrolment.rootKeys, hashKeys: enrolment.hashKeys, revokedKeyIds: enrolment.revokedKeyIds });
  const uploads: TapBatch[] = [];
  const queue = new TapQueue({
    terminal: enrolment.terminalId,
    upload: async (batch) => {
      await sync.upload(batch);
      uploads.push(structuredClone(batch));
    },
  });
  const sync: ReaderSync = new ReaderSync({
    baseUrl: base(),
    credentials: enrolment.credentials,
    list,
    queue,
    softwareVersion: 'test-reader/1',
    clock: () => sys.ctx.clock(),
    minBackoffMs: 50,
    maxBackoffMs: 300,
    drainIntervalMs: 100,
    ...extra,
  });
  return { sync, list, queue, terminalId: enrolment.terminalId, uploads };
}

async function upgrade(sys: TestSystem, type: 'passport' | 'hk-macao-permit' | 'taiwan-permit', serial: number): Promise<void> {
  const token = await signIn(sys, 'kit', demoDocument(type));
  const made = await call(sys.base, 'POST', '/api/v1/kit/cards', { cardNumber: demoCard(serial), medium: 'physical', agreementVersion: 1 }, token);
  assert.equal(made.status, 201, JSON.stringify(made.body));
}

let recordSerial = 0;
/** A passport health record, newer than every earlier one of this test file. */
async function health(sys: TestSystem, colour: string, testedAt: number | null): Promise<void> {
  recordSerial++;
  const summary = await ingestHealth(sys.ctx, [
    { recordId: `sync-${recordSerial}`, document: demoDocument('passport'), colour, testedAt, recordedAt: sys.ctx.clock() + recordSerial },
  ]);
  assert.equal(summary.stored, 1, JSON.stringify(summary));
}

/** Like startSystem, on a given data directory and port, without seeding: the same server come back. */
async function restartOn(dataDir: string, port: number): Promise<TestSystem> {
  const system = await openSystem(loadConfig({ YKT_DEMO: 'true', YKT_DATA_DIR: dataDir }), pino({ level: 'silent' }));
  const outbox = system.outbox!;
  const app = await buildServer(system.ctx, { outbox });
  await app.listen({ port, host: '127.0.0.1' });
  return {
    ...system,
    outbox,
    app,
    dataDir,
    base: `http://127.0.0.1:${port}`,
    advance: () => {
      throw new Error('not in this test');
    },
    stop: async () => {
      await app.close();
      await system.close();
    },
  };
}

/** Drops every connection (the readers' event streams too), then stops the server. */
async function crash(sys: TestSystem): Promise<void> {
  sys.app.server.closeAllConnections();
  await sys.stop();
}

describe('a reader syncing with a real server', () => {
  let sys: TestSystem;
  let reader: TestReader;

  before(async () => {
    sys = await startSystem();
    await upgrade(sys, 'passport', 1);
    await health(sys, 'green', sys.ctx.clock() - HOUR);
    await sys.app.parts.publisher.poke();
  });
  after(async () => {
    await reader?.sync.stop();
    await sys.stop();
  });

  test('a new reader catches up from nothing with a snapshot and goes online', { timeout: 10_000 }, async () => {
    reader = await newReader(sys);
    assert.equal(reader.sync.state, 'offline');
    assert.equal(reader.list.decide(demoCard(1), sys.ctx.clock()), Decision.LIST_STALE, 'no list yet: manual check');
    reader.sync.start();
    await reader.sync.until((s) => s.state === 'online', 5_000);
    assert.equal(reader.list.version, sys.app.parts.publisher.version);
    assert.equal(reader.sync.counters.snapshotsLoaded, 1);
    assert.equal(reader.sync.lag, 0);
    assert.equal(reader.list.decide(demoCard(1), sys.ctx.clock()), Decision.PASS);
    assert.equal(reader.list.decide(demoCard(2), sys.ctx.clock()), Decision.NOT_UPGRADED);
  });

  test('the server records the list version and software the reader reports', { timeout: 10_000 }, async () => {
    const terminal = await sys.ctx.store.terminals.get(reader.terminalId);
    assert.equal(terminal?.softwareVersion, 'test-reader/1');
    assert.equal(terminal?.listVersion, reader.list.version);
  });

  test('an upgrade reaches the online reader by push within a second', { timeout: 10_000 }, async () => {
    const before = reader.list.version;
    const pushedBefore = reader.sync.counters.deltasPushed;
    const started = Date.now();
    await upgrade(sys, 'hk-macao-permit', 2);
    await reader.sync.until((s) => s.list.decide(demoCard(2), sys.ctx.clock()) !== Decision.NOT_UPGRADED, 1_000);
    const elapsed = Date.now() - started;
    assert.ok(elapsed <= 1_000, `took ${elapsed} ms`);
    assert.ok(reader.list.version > before);
    assert.equal(reader.sync.counters.deltasPushed, pushedBefore + 1);
    assert.equal(reader.list.decide(demoCard(2), sys.ctx.clock()), Decision.PASS, 'the demo holder has a green code and a fresh test');
  });

  test('a health change reaches the reader by push and turns PASS into ABNORMAL', { timeout: 10_000 }, async () => {
    await health(sys, 'red', sys.ctx.clock() - HOUR);
    void sys.app.parts.publisher.poke();
    await reader.sync.until((s) => s.list.decide(demoCard(1), sys.ctx.clock()) === Decision.ABNORMAL, 1_000);
  });

  test('when the server drops, the reader goes offline, keeps deciding and queueing, and resyncs once it is back', { timeout: 20_000 }, async () => {
    const port = Number(new URL(sys.base).port);
    const dataDir = sys.dataDir;
    const versionBefore = reader.list.version;
    const resyncsBefore = reader.sync.counters.resyncs;
    await crash(sys);
    await reader.sync.until((s) => s.state === 'offline', 2_000);
    assert.ok(reader.sync.counters.lastError, 'the failure is visible');

    // Offline: the list still decides, and the taps wait in the queue.
    const taps = [demoCard(1), demoCard(2), demoCard(3)].map((card) => {
      const decision = reader.list.decide(card, Date.now());
      return reader.queue.recordTap(reader.list, card, decision, Date.now()).tapId;
    });
    assert.deepEqual(
      taps.map((_, i) => reader.queue.state().taps[i]?.decision),
      [Decision.ABNORMAL, Decision.PASS, Decision.NOT_UPGRADED],
    );
    assert.ok(reader.queue.state().taps.every((t) => !t.online), 'decided with no push connection: not online');
    await new Promise((resolve) => setTimeout(resolve, 400));
    assert.equal(reader.queue.pending, 3, 'nothing uploaded while the server is down');

    // The server comes back on the same data and port, with a change the reader has not seen.
    sys = await restartOn(dataDir, port);
    await health(sys, 'green', Date.now() - HOUR);
    await sys.app.parts.publisher.poke();
    const serverVersion = sys.app.parts.publisher.version;
    assert.ok(serverVersion > versionBefore);

    await reader.sync.until((s) => s.state === 'online' && s.list.version === serverVersion && reader.queue.pending === 0, 8_000);
    assert.ok(reader.sync.counters.resyncs > resyncsBefore, 'it fetched the sync plan again by itself');
    assert.equal(reader.list.decide(demoCard(1), Date.now()), Decision.PASS);

    // Every offline tap is on the server, once, even when the same batch is uploaded again.
    const stored = await sys.ctx.store.taps.ofCardKeys([...cardKeysOf(sys.ctx, demoCard(1)), ...cardKeysOf(sys.ctx, demoCard(2)), ...cardKeysOf(sys.ctx, demoCard(3))], 0, 100);
    const mine = stored.filter((t) => t.terminalId === reader.terminalId);
    assert.deepEqual(mine.map((t) => t.tapId).sort(), [...taps].sort());
    assert.ok(mine.every((t) => !t.online));
    const replay = await call(sys.base, 'POST', '/api/v1/terminal/taps', reader.uploads.at(-1), undefined);
    assert.equal(replay.status, 401, 'uploads need the reader credentials');
    await reader.sync.upload(reader.uploads.at(-1)!);
    const again = await sys.ctx.store.taps.ofCardKeys([...cardKeysOf(sys.ctx, demoCard(1)), ...cardKeysOf(sys.ctx, demoCard(2)), ...cardKeysOf(sys.ctx, demoCard(3))], 0, 100);
    assert.equal(again.filter((t) => t.terminalId === reader.terminalId).length, 3);
  });

  test('a reader too far behind for a chain of deltas gets a snapshot', { timeout: 40_000 }, async () => {
    await reader.sync.stop();
    assert.equal(reader.sync.state, 'offline');
    const versionBefore = reader.list.version;
    for (let i = 0; i < 206; i++) {
      await health(sys, i % 2 === 0 ? 'yellow' : 'green', Date.now() - HOUR);
      await sys.app.parts.publisher.poke();
    }
    const serverVersion = sys.app.parts.publisher.version;
    // The snapshot readers this far behind need is made beside the builds, in a worker: wait for it.
    const store = sys.ctx.store.lists;
    for (const until = Date.now() + 20_000; ((await store.latestSnapshotVersion()) ?? 0) <= versionBefore; ) {
      assert.ok(Date.now() < until, 'a snapshot was made after the 150th version');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const snapshotsBefore = reader.sync.counters.snapshotsLoaded;
    const deltasBefore = reader.sync.counters.deltasApplied;
    reader.sync.start();
    await reader.sync.until((s) => s.state === 'online' && s.list.version === serverVersion, 10_000);
    assert.ok(serverVersion - versionBefore > 200);
    assert.equal(reader.sync.counters.snapshotsLoaded, snapshotsBefore + 1);
    assert.ok(reader.sync.counters.deltasApplied - deltasBefore < 200, 'it did not walk the whole chain');
    assert.equal(reader.list.decide(demoCard(1), Date.now()), Decision.PASS);
  });
});

describe('a reader when the server rotates its list signing key', () => {
  let sys: TestSystem;
  let reader: TestReader;

  after(async () => {
    await reader?.sync.stop();
    await sys.stop();
  });

  test('goes on applying deltas signed with a rotated key, vouched for by the root in the file itself', { timeout: 20_000 }, async () => {
    sys = await startSystem();
    await upgrade(sys, 'passport', 1);
    await sys.app.parts.publisher.poke();
    reader = await newReader(sys);
    reader.sync.start();
    await reader.sync.until((s) => s.state === 'online', 5_000);
    const keyIdBefore = sys.ctx.keyRing.signing.keyId;

    // The operator rotates (`ykt keys rotate`) and restarts: lists are now signed with key 2.
    const port = Number(new URL(sys.base).port);
    await crash(sys);
    const rotated = addSigningKey(sys.dataDir);
    sys = await restartOn(sys.dataDir, port);
    assert.equal(sys.ctx.keyRing.signing.keyId, rotated.signingKeyId);
    assert.notEqual(keyIdBefore, rotated.signingKeyId);

    await upgrade(sys, 'hk-macao-permit', 2);
    void sys.app.parts.publisher.poke();
    await reader.sync.until((s) => s.list.decide(demoCard(2), Date.now()) !== Decision.NOT_UPGRADED, 10_000);
    // Nothing fetched from the config: a signing key is only ever trusted through the root's certificate.
    assert.equal(reader.sync.counters.keyRefreshes, 0);
    assert.equal(reader.list.version, sys.app.parts.publisher.version);
  });
});
