// Chooses the adapter: PostgreSQL when DATABASE_URL says so, otherwise the SQLite file in the data directory.
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.ts';
import { openPostgresStore } from './postgres/postgres-store.ts';
import { openSqliteStore } from './sqlite/sqlite-store.ts';
import type { Store } from './store.ts';

type StoreConfig = Pick<Config, 'dataDir' | 'databaseUrl'> & Partial<Pick<Config, 'migrate' | 'dbAppRole'>>;

/** Opens the configured store without migrating it (`ykt db check` looks before it changes anything). */
export async function connectStore(config: StoreConfig): Promise<Store> {
  if (config.databaseUrl) return openPostgresStore(config.databaseUrl, { appRole: config.dbAppRole });
  fs.mkdirSync(config.dataDir, { recursive: true });
  return openSqliteStore(path.join(config.dataDir, 'ykt.sqlite'));
}

/**
 * Opens the configured store and migrates it; with `migrate: false` (a server connecting as the
 * PostgreSQL application role, which may not change the schema) it checks instead that nothing is pending.
 */
export async function openStore(config: StoreConfig): Promise<Store> {
  const store = await connectStore(config);
  try {
    if (config.migrate === false) {
      const pending = (await store.inspect()).migrations.filter((m) => !m.applied).map((m) => m.name);
      if (pending.length > 0) {
        throw new Error(`migrations pending (${pending.join(', ')}) and YKT_MIGRATE=false: run \`ykt db migrate\` with the owner role's DATABASE_URL first (docs/deploy.md)`);
      }
    } else {
      await store.migrate();
    }
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}
