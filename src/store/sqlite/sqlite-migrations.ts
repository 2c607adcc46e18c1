// Versioned migrations for the SQLite store, applied in name order by Kysely's Migrator.
import type { Migration, MigrationProvider } from 'kysely';
import * as core from './migrations/001-core.ts';
import * as taps from './migrations/002-taps.ts';
import * as service from './migrations/003-service.ts';
import * as counter from './migrations/004-counter.ts';
import * as accounts from './migrations/005-accounts.ts';
import * as contact from './migrations/006-contact.ts';
import * as outbox from './migrations/007-outbox.ts';
import * as notices from './migrations/008-notices.ts';
import * as readers from './migrations/009-readers.ts';
import * as listKeys from './migrations/010-list-keys.ts';
import * as outletOpening from './migrations/011-outlet-opening.ts';

export const sqliteMigrations: MigrationProvider = {
  async getMigrations(): Promise<Record<string, Migration>> {
    return { '001-core': core, '002-taps': taps, '003-service': service, '004-counter': counter, '005-accounts': accounts, '006-contact': contact, '007-outbox': outbox, '008-notices': notices, '009-readers': readers, '010-list-keys': listKeys, '011-outlet-opening': outletOpening };
  },
};
