// While writes keep coming the publisher gathers them: a build starts at least the gap after the one before
// began and takes every change made meanwhile; a write in a quiet moment is built at once; stopping ends the
// wait. On a real system (SQLite file), driving the publisher as the server's writes do (a poke after each).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import { loadConfig } from '../../../src/config.ts';
import { seedDemo } from '../../../src/services/demo/seed.ts';
import { buildNextVersion } from '../../../src/services/lists/builder.ts';
import { BUILD_GAP_MS, ListPublisher } from '../../../src/services/lists/publisher.ts';
import { openSystem, type System } from '../../../src/system.ts';
import { tempDataDir } from '../../support/system.ts';

let system: System;
before(async () => {
  system = await openSystem(loadConfig({ YKT_DEMO: 'true', YKT_DATA_DIR: tempDataDir() }), pino({ level: 'silent' }));
  await seedDemo(system.ctx);
  await buildNextVersion(system.ctx);
});
after(() => system.close());

/** One change in the log (a card's health moved), as a write commits it; its sequence number. */
async function change(): Promise<number> {
  const now = system.ctx.clock();
  await system.ctx.store.transaction((tx) => tx.changes.append('health', null, null, now));
  return (await system.ctx.store.changes.after(0, 1_000_000)).at(-1)!.seq;
}

describe('building under a stream of writes', () => {
  test('a write in a quiet moment is published at once, with no wait for the gap', { timeout: 20_000 }, async () => {
    // A gap longer than the test may run: were the lone write made to wait for it, the test would time out.
    const publisher = new ListPublisher(system.ctx, { buildGapMs: 600_000 });
    try {
      await publisher.poke();
      const seq = await change();
      await publisher.poke();
      assert.equal(publisher.version, seq);
    } finally {
      await publisher.stop();
    }
  });

  test('writes during a build wait for the gap and are then built together; stopping ends the wait and builds them', { timeout: 20_000 }, async () => {
    const publisher = new ListPublisher(system.ctx, { buildGapMs: 600_000 });
    await publisher.poke();
    const first = await change();
    const building = publisher.poke();
    // Committed and poked while the first build runs, as the server's writes are.
    await change();
    void publisher.poke();
    const third = await change();
    void publisher.poke();
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(publisher.version, first, 'the later writes wait for the gap');
    // Stopping must not wait out a ten-minute gap: the test's timeout would end it first.
    await publisher.stop();
    await building;
    assert.equal(publisher.version, third, 'both later writes in the build after the wait');
    const versions = await system.ctx.store.lists.fileVersions('delta', first);
    assert.deepEqual(versions.filter((v) => v.version > first), [{ fromVersion: first, version: third }], 'one version for both');
  });

  test('versions built from a burst of writes start at least the gap apart, and every change is published', { timeout: 60_000 }, async () => {
    const gapMs = 3 * BUILD_GAP_MS;
    const publisher = new ListPublisher(system.ctx, { buildGapMs: gapMs });
    try {
      await publisher.poke();
      const from = publisher.version;
      let last = 0;
      for (let i = 0; i < 200; i++) {
        last = await change();
        void publisher.poke();
        if (i % 20 === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await publisher.poke();
      await publisher.idle();
      assert.equal(publisher.version, last, 'nothing left out');
      const dump = await system.ctx.store.dump();
      const built = (dump.list_file as Array<{ kind: string; version: number; built_at: number }>)
        .filter((f) => f.kind === 'delta' && Number(f.version) > from)
        .map((f) => Number(f.built_at))
        .sort((a, b) => a - b);
      assert.ok(built.length >= 2, `the burst spans more than one build (${built.length})`);
      // A build stamps its clock reading once it holds the connection: a write's commit (a millisecond) may come first.
      for (let i = 1; i < built.length; i++) assert.ok(built[i]! - built[i - 1]! >= gapMs - 50, `versions ${built[i]! - built[i - 1]!} ms apart`);
    } finally {
      await publisher.stop();
    }
  });
});
