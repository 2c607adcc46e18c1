// What every use case is given: the store and the ports. Built once by the server or the CLI.
import type { Config } from '../config.ts';
import type { Store } from '../store/store.ts';
import type { KeyRing } from './lists/key-ring.ts';
import type { PersonalData } from './personal-data.ts';
import type { Clock, Log, Notifier } from './ports.ts';
import type { Secrets } from './secrets.ts';

export interface Context {
  store: Store;
  personalData: PersonalData;
  notifier: Notifier;
  clock: Clock;
  log: Log;
  config: Pick<Config, 'dataDir' | 'databaseUrl' | 'sessionTtlMs' | 'codeTtlMs' | 'tapRetentionMs' | 'demo' | 'secretEnv' | 'identity' | 'sendTimeoutMs' | 'publicUrl' | 'readerHealth'>;
  secrets: Secrets;
  keyRing: KeyRing;
}
