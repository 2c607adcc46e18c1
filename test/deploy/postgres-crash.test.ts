// DESIGN §4 rule 3 under fire, on PostgreSQL: while holders upgrade and unbind through two nodes, a reader
// uploads taps and the health authority posts records, one node is killed with SIGKILL and started again,
// then the PostgreSQL server itself is stopped at once (immediate mode: no checkpoint, crash recovery at its
// next start) and started again on the same data directory and port. Every acknowledged write must be
// there, nothing unacknowledged half-done; while the database is down writes are answered
// STORE_UNAVAILABLE, never INTERNAL; the nodes reconnect by themselves and the reader resyncs by itself.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, describe, test } from 'node:test';
import { startCluster, type OwnCluster } from '../../scripts/postgres-cluster.ts';
import { checkAndReport, crashEnv, healthFeedKey, portOf, progress, readerAgrees, signInHolders, type Reader } from '../support/crash-run.ts';
import { postgresSkip } from '../support/postgres.ts';
import { startServerProcess, type ServerProcess } from '../support/process.ts';
import { call, tempDataDir } from '../support/system.ts';
import { startWriteLoad, type WriteLoad } from '../support/write-load.ts';
import { operatorToken, startReader } from './cluster-client.ts';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('two nodes on PostgreSQL under load: one node killed with SIGKILL, then the database server stopped at once', { skip: postgresSkip() }, () => {
  const dataDir = tempDataDir();
  // A cluster of its own, since it is crashed (not the run's shared one), durable as production runs it:
  // fsync and synchronous commits on.
  let cluster: OwnCluster | undefined;
  let a: ServerProcess | undefined;
  let b: ServerProcess | undefined;
  let reader: Reader | undefined;
  // Stopped here too, so that a failed test leaves no load running.
  let load: WriteLoad | undefined;
  after(async () => {
    await load?.stop();
    await reader?.sync.stop();
    await Promise.all([a?.kill('SIGKILL'), b?.kill('SIGKILL')]);
    cluster?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('keep every acknowledged write, half-do nothing, answer STORE_UNAVAILABLE while the database is down, and recover by themselves, LISTEN and the reader too', { timeout: 120_000 }, async () => {
    cluster = await startCluster({ durable: true });
    const where = { dataDir, databaseUrl: await cluster.createDatabase('ykt_crash') };
    const env = { ...crashEnv, DATABASE_URL: where.databaseUrl };
    a = await startServerProcess({ dataDir, env });
    b = await startServerProcess({ dataDir, env });
    const holders = await signInHolders(a.base, [a.base, b.base]);
    reader = await startReader(b.base);
    load = startWriteLoad({ bases: () => [a!.base, b!.base], holders, readerCredentials: reader.credentials, healthFeedKey });

    await progress(load.ledger, 5);
    await a.kill('SIGKILL');
    await progress(load.ledger);
    a = await startServerProcess({ dataDir, env, port: portOf(a) });
    await progress(load.ledger);

    cluster.crash();
    await pause(1_500);
    const refusedWhileDown = load.ledger.refusals.STORE_UNAVAILABLE ?? 0;
    cluster.start();
    // No node is restarted: each reconnects to the database by itself.
    await progress(load.ledger, 5);
    const ledger = await load.stop();
    assert.ok(refusedWhileDown > 0, `writes sent while the database was down are answered STORE_UNAVAILABLE: ${JSON.stringify(ledger.refusals)}`);
    for (const node of [a, b]) assert.equal((await call(node.base, 'GET', '/readyz')).status, 200, `${node.base} is ready again`);

    await checkAndReport('PostgreSQL, a node killed, then the database', ledger, holders, where);
    await readerAgrees(reader, where);

    // Node B listens again (LISTEN ykt_list on a connection of its own): a revocation through A ends the
    // reader's stream from B long before the 30 s heartbeat would have rechecked its credentials.
    const revoked = await call(a.base, 'POST', `/api/v1/admin/terminals/${reader.credentials.split('.')[0]}/revoke`, {}, await operatorToken(a.base));
    assert.equal(revoked.status, 204, JSON.stringify(revoked.body));
    await reader.sync.until((s) => s.state === 'revoked', 5_000);
  });
});
