// Chooses the adapter: PostgreSQL when DATABASE_URL says so, otherwise the SQLite file in the data directory.
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.ts';
import { openSqliteStore } from './sqlite/sqlite-store.ts';
import type { Store } from './store.ts';

/** Opens and migrates the configured store. */
export async function openStore(config: Pick<Config, 'dataDir' | 'databaseUrl'>): Promise<Store> {
  if (config.databaseUrl) throw new Error('DATABASE_URL is set, but the PostgreSQL store is not part of this version yet');
  fs.mkdirSync(config.dataDir, { recursive: true });
  const store = await openSqliteStore(path.join(config.dataDir, 'ykt.sqlite'));
  await store.migrate();
  return store;
}
