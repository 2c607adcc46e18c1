// Chooses the adapter: PostgreSQL when DATABASE_URL says so, otherwise the SQLite file in the data directory.
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.ts';
import { openPostgresStore } from './postgres/postgres-store.ts';
import { openSqliteStore } from './sqlite/sqlite-store.ts';
import type { Store } from './store.ts';

/** Opens the configured store without migrating it (`ykt db check` looks before it changes anything). */
export async function connectStore(config: Pick<Config, 'dataDir' | 'databaseUrl'>): Promise<Store> {
  if (config.databaseUrl) return openPostgresStore(config.databaseUrl);
  fs.mkdirSync(config.dataDir, { recursive: true });
  return openSqliteStore(path.join(config.dataDir, 'ykt.sqlite'));
}

/** Opens and migrates the configured store. */
export async function openStore(config: Pick<Config, 'dataDir' | 'databaseUrl'>): Promise<Store> {
  const store = await connectStore(config);
  try {
    await store.migrate();
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}
