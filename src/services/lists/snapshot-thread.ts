// Starts the worker thread that makes one snapshot (snapshot-worker.ts) and waits for its bytes. The worker
// is given what a snapshot needs and nothing else: where the store is, the signing key, the revoked key ids
// and the hash key schedule — no personal data crosses, and the worker reads only list entries (card numbers
// and values), as the list itself holds them.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Config } from '../../config.ts';
import type { ListSigningKey } from '../../readers/builder/index.ts';
import type { Context } from '../context.ts';
import type { MadeSnapshot } from './builder.ts';

export interface SnapshotJob {
  store: Pick<Config, 'dataDir' | 'databaseUrl'>;
  signing: ListSigningKey;
  revokedKeyIds: number[];
  hashMaster: Uint8Array;
  periodDays: number;
  now: number;
}

// Compiled (dist/…/snapshot-worker.js) the worker runs as it is; from the sources (npm start, the tests) it
// first registers tsx in its own thread, since Node 20 loads a worker's entry before its --import hooks.
const here = fileURLToPath(import.meta.url);
const entry = new URL(`./snapshot-worker${path.extname(here)}`, import.meta.url);
const fromSources = path.extname(here) === '.ts';

/**
 * Makes a snapshot of the current list version in a worker thread; null when there is no list yet, or when
 * `signal` aborted it (the server is stopping: the worker is ended, and the next build asks again).
 * @example const made = await makeSnapshotInWorker(ctx, controller.signal); if (made) await storeSnapshot(ctx.store, made);
 */
export function makeSnapshotInWorker(ctx: Context, signal: AbortSignal): Promise<MadeSnapshot | null> {
  const job: SnapshotJob = {
    store: { dataDir: ctx.config.dataDir, databaseUrl: ctx.config.databaseUrl },
    signing: ctx.keyRing.signing,
    revokedKeyIds: ctx.keyRing.revokedKeyIds,
    hashMaster: ctx.keyRing.hashKeys.master,
    periodDays: ctx.keyRing.hashKeys.periodDays,
    now: ctx.clock(),
  };
  const worker = fromSources
    ? new Worker(`import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); })`, { eval: true, workerData: job })
    : new Worker(entry, { workerData: job });
  return new Promise((resolve, reject) => {
    let made: MadeSnapshot | null = null;
    const abort = () => void worker.terminate();
    signal.addEventListener('abort', abort, { once: true });
    worker.once('message', (message: MadeSnapshot | null) => (made = message));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      signal.removeEventListener('abort', abort);
      if (made || signal.aborted) resolve(made);
      else if (code === 0) resolve(null);
      else reject(new Error(`the snapshot worker exited with ${code}`));
    });
  });
}
