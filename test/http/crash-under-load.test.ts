// DESIGN §4 rule 3 under fire, on SQLite: while holders upgrade and unbind, a reader uploads taps and the
// health authority posts records, the server is killed with SIGKILL and started again on the same data
// directory. Every acknowledged write must be there, nothing unacknowledged half-done, and the reader
// resyncs without being told to. test/deploy/postgres-crash.test.ts does the same to nodes on PostgreSQL
// and to PostgreSQL itself; the counts printed are those of docs/reliability.md.
import fs from 'node:fs';
import { after, describe, test } from 'node:test';
import { startReader } from '../deploy/cluster-client.ts';
import { checkAndReport, crashEnv, healthFeedKey, portOf, progress, readerAgrees, signInHolders, type Reader } from '../support/crash-run.ts';
import { startServerProcess, type ServerProcess } from '../support/process.ts';
import { tempDataDir } from '../support/system.ts';
import { startWriteLoad, type WriteLoad } from '../support/write-load.ts';

describe('on SQLite, the server killed with SIGKILL under load and started again', () => {
  const dataDir = tempDataDir();
  let node: ServerProcess | undefined;
  let reader: Reader | undefined;
  // Stopped here too, so that a failed test leaves no load running.
  let load: WriteLoad | undefined;
  after(async () => {
    await load?.stop();
    await reader?.sync.stop();
    await node?.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('keeps every acknowledged upgrade, unbinding, tap batch and health batch, half-does nothing, and the reader resyncs by itself', { timeout: 90_000 }, async () => {
    node = await startServerProcess({ dataDir, env: crashEnv });
    const holders = await signInHolders(node.base, [node.base]);
    reader = await startReader(node.base);
    load = startWriteLoad({ bases: () => [node!.base], holders, readerCredentials: reader.credentials, healthFeedKey });
    await progress(load.ledger, 5);
    await node.kill('SIGKILL');
    node = await startServerProcess({ dataDir, env: crashEnv, port: portOf(node) });
    await progress(load.ledger);
    const ledger = await load.stop();
    await checkAndReport('SQLite, server killed', ledger, holders, { dataDir });
    await readerAgrees(reader, { dataDir });
  });
});
