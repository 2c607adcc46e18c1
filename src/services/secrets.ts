// Secrets come from the environment when given, otherwise they are generated once into the data
// directory (mode 0600) so that a restart can still open what was sealed before it. Production on
// PostgreSQL never generates them: several nodes share one database, so they must share the keys too.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../config.ts';

export interface Secrets {
  /** AES-256-GCM key sealing document numbers at rest. */
  documentKey: Buffer;
  /** HMAC key for the document lookup hash. */
  documentHashKey: Buffer;
  /** HMAC key signing session tokens. */
  sessionKey: Buffer;
  /** HMAC key the health authority signs its webhook batches with. */
  healthFeedKey: Buffer;
}

const NAMES = { documentKey: 'YKT_DOCUMENT_KEY', documentHashKey: 'YKT_DOCUMENT_HASH_KEY', sessionKey: 'YKT_SESSION_KEY', healthFeedKey: 'YKT_HEALTH_FEED_KEY' } as const;

/** The variables that carry these secrets. */
export const SECRET_VARIABLES: readonly string[] = Object.values(NAMES);

/** Why a secret must come from the environment where it may not be generated (readiness.ts says the same). */
export const SHARED_SECRET_PROBLEM = 'must be given in the environment with DATABASE_URL outside the demo: every node shares it, so none may generate its own';

/** Refuses, naming each of `variables` that `env` lacks. */
export function requireFromEnvironment(variables: readonly string[], env: NodeJS.ProcessEnv): void {
  const missing = variables.filter((name) => !env[name]);
  if (missing.length > 0) throw new ConfigError(missing.map((variable) => ({ variable, problem: SHARED_SECRET_PROBLEM })));
}

function decodeKey(name: string, base64: string): Buffer {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== 32) throw new Error(`${name} must be 32 bytes in base64`);
  return key;
}

/**
 * With `generate: false` every secret must be in `env` (ConfigError otherwise).
 * @example const secrets = loadSecrets('data', process.env)
 */
export function loadSecrets(dataDir: string, env: NodeJS.ProcessEnv = process.env, options = { generate: true }): Secrets {
  if (!options.generate) requireFromEnvironment(SECRET_VARIABLES, env);
  const file = path.join(dataDir, 'secrets.json');
  const stored: Record<string, string> = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
  let changed = false;
  const secrets = {} as Record<keyof Secrets, Buffer>;
  for (const [field, envName] of Object.entries(NAMES) as Array<[keyof Secrets, string]>) {
    const given = env[envName];
    if (given) {
      secrets[field] = decodeKey(envName, given);
      continue;
    }
    if (stored[field] === undefined) {
      stored[field] = randomBytes(32).toString('base64');
      changed = true;
    }
    secrets[field] = decodeKey(envName, stored[field]);
  }
  if (changed) {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  }
  return secrets;
}
