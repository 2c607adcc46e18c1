// The adapters the store contract runs over: SQLite on a temp file, PostgreSQL on a fresh database of a
// throwaway cluster. Each comes with a raw client of the same database, to check what the database itself
// refuses, bypassing the store's code.
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { openPostgresStore } from '../../../src/store/postgres/postgres-store.ts';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';
import type { Store } from '../../../src/store/store.ts';
import { freshDatabase, testStores } from '../../support/postgres.ts';
import { tempDataDir } from '../../support/system.ts';

export interface Opened {
  store: Store;
  /** Runs one SQL statement through a separate client of the same database, bypassing the store's code. */
  raw(statement: string): Promise<void>;
  /** Closes the raw client and removes the files; the suite closes the store itself, as a tested call. */
  close(): Promise<void>;
}

export interface Adapter {
  name: 'sqlite' | 'postgres';
  open(): Promise<Opened>;
}

const sqlite: Adapter = {
  name: 'sqlite',
  async open() {
    const dir = tempDataDir();
    const file = path.join(dir, 'ykt.sqlite');
    const store = await openSqliteStore(file);
    await store.migrate();
    const client = new BetterSqlite3(file);
    return {
      store,
      raw: async (statement) => {
        client.prepare(statement).run();
      },
      close: async () => {
        client.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

const postgres: Adapter = {
  name: 'postgres',
  async open() {
    const url = await freshDatabase();
    const store = await openPostgresStore(url);
    await store.migrate();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return {
      store,
      raw: async (statement) => {
        await client.query(statement);
      },
      close: async () => {
        await client.end();
      },
    };
  },
};

/** Every adapter, each with its skip reason; YKT_STORES=sqlite or YKT_STORES=postgres narrows the list. */
export const ADAPTERS: Array<Adapter & { skip: string | false }> = testStores().map(({ name, skip }) => ({ ...(name === 'sqlite' ? sqlite : postgres), skip }));
