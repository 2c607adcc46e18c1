// The worker thread a periodic snapshot is made in (snapshot-thread.ts starts it, one per snapshot): reading
// millions of list entries and signing them takes seconds, which in the server's own thread would hold its
// event loop — and on SQLite every write — for as long. It opens a connection of its own, reads one
// consistent read-only view, and hands the signed bytes back; the server stores them in one short write.
import { parentPort, workerData } from 'node:worker_threads';
import { connectStore } from '../../store/open-store.ts';
import { snapshotOf } from './builder.ts';
import { HashKeySchedule } from './hash-keys.ts';
import type { SnapshotJob } from './snapshot-thread.ts';

const job = workerData as SnapshotJob;
const store = await connectStore(job.store);
try {
  const keys = { revokedKeyIds: job.revokedKeyIds, hashKeys: new HashKeySchedule(job.hashMaster, job.periodDays) };
  const made = await store.readView((view) => snapshotOf(keys, job.signing, view, job.now));
  parentPort!.postMessage(made, made && made.bytes.byteLength === made.bytes.buffer.byteLength ? [made.bytes.buffer as ArrayBuffer] : []);
} finally {
  await store.close();
}
