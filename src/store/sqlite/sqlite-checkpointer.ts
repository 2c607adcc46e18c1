// Copies the WAL's committed pages back into the database file in a thread of its own. SQLite's automatic
// checkpoint runs inside the COMMIT that takes the WAL past 1,000 pages, and better-sqlite3 runs that on the
// event loop: once a table outgrows the page cache, a batch of random keys (the health feed's document keys)
// dirties a page per record, and every commit then wrote those pages twice — to the WAL, and at once to the
// file, with a second fsync — while no request was read (docs/benchmarks.md, "Health feed at full size").
// Durability is unchanged: a commit is on disk once its WAL frames are synced (synchronous = FULL), and a
// checkpoint only moves frames already there; a crash mid-checkpoint leaves the WAL to recover from.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';

/** SQLite's own wal_autocheckpoint default, in pages (WAL frames): the checkpoint is asked for at the same count. */
const AUTOCHECKPOINT_PAGES = 1_000;

// Plain CommonJS, so that the worker needs no TypeScript loader from the sources or from dist/. PASSIVE never
// waits for the writer or for readers: it copies what it can and the next request copies the rest.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('synchronous = FULL');
parentPort.on('message', (message) => {
  if (message === 'close') { db.close(); parentPort.close(); return; }
  db.pragma('wal_checkpoint(PASSIVE)');
  parentPort.postMessage('done');
});`;

export class SqliteCheckpointer {
  private worker: Worker | null = null;
  private running = false;
  private again = false;
  private failed = false;
  /** After close(), no thread starts again: one starting as the process ends aborts it (better-sqlite3 throwing into a dying isolate). */
  private closed = false;
  private readonly shmFile: string;
  /** The wal-index file, open for reading while the store is (null until the first commit). */
  private shm: number | null = null;
  private readonly header = Buffer.alloc(4);

  /** Turns SQLite's automatic checkpoint off on `database`; call afterCommit() after each write transaction. */
  constructor(private readonly database: BetterSqlite3.Database) {
    this.shmFile = `${database.name}-shm`;
    database.pragma('wal_autocheckpoint = 0');
  }

  /**
   * Asks for a checkpoint once the WAL has grown past the threshold; one runs at a time, and requests made
   * meanwhile fold into one more after it. The thread starts on the first request: a small store never has one.
   */
  afterCommit(): void {
    // A transaction begun before the store's close may commit after it: the connection's close checkpoints.
    if (this.failed || this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    let frames: number;
    try {
      frames = this.framesInWal();
    } catch {
      // No wal-index to read (it cannot be opened): SQLite checkpoints in the commit again. This runs after a
      // commit, which must not be reported as failed for it.
      this.fallBack();
      return;
    }
    if (frames < AUTOCHECKPOINT_PAGES) return;
    this.running = true;
    this.start().postMessage('checkpoint');
  }

  /** Waits for the checkpoint under way and ends the thread: the connection's own close then checkpoints the rest. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.shm !== null) fs.closeSync(this.shm);
    this.shm = null;
    const worker = this.worker;
    if (!worker) return;
    this.worker = null;
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    // Unreferenced, the thread would let a process whose last task is this close end with it still pending.
    worker.ref();
    worker.postMessage('close');
    await exited;
  }

  /**
   * The frames the WAL holds since SQLite last started it over: mxFrame of the wal-index header (offset 16,
   * the machine's byte order; sqlite.org/walformat.html), the count SQLite's own autocheckpoint goes by. The
   * WAL file's size cannot tell: the file keeps its size when SQLite starts it over, and asking after every
   * commit kept a checkpoint (and its two fsyncs) running beside nearly every commit.
   */
  private framesInWal(): number {
    this.shm ??= fs.openSync(this.shmFile, 'r');
    fs.readSync(this.shm, this.header, 0, 4, 16);
    return os.endianness() === 'LE' ? this.header.readUInt32LE(0) : this.header.readUInt32BE(0);
  }

  private fallBack(): void {
    this.failed = true;
    if (this.database.open) this.database.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(WORKER, { eval: true, workerData: { driver, file: this.database.name } });
    worker.on('message', () => {
      this.running = false;
      if (this.again) {
        this.again = false;
        this.afterCommit();
      }
    });
    // Should the thread fail or end unasked (it cannot open the file, say), SQLite checkpoints in the commit
    // again, as before, rather than let the WAL grow for as long as the server runs.
    worker.on('error', () => undefined);
    worker.once('exit', () => {
      if (this.worker !== worker) return; // close() asked it to end
      this.worker = null;
      this.fallBack();
    });
    // Not a reason to keep the process alive: a process that ends without close() loses no committed write.
    worker.unref();
    this.worker = worker;
    return worker;
  }
}
