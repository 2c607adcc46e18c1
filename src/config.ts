// Configuration comes from the environment only (DESIGN §6); every setting has a default that makes
// `npm start` serve the demo on a fresh clone.
import path from 'node:path';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** postgres://… switches the store to PostgreSQL; unset means the SQLite file in dataDir. */
  databaseUrl: string | undefined;
  /** Seed the demo data into an empty store when serving. */
  demo: boolean;
  logLevel: string;
  sessionTtlMs: number;
  codeTtlMs: number;
  /** Tap records older than this are deleted. */
  tapRetentionMs: number;
  /**
   * TRUST_PROXY: behind a load balancer, which proxies' X-Forwarded-For to believe (Fastify's trustProxy:
   * `true`, or addresses/CIDRs separated by commas, e.g. `127.0.0.1,10.0.0.0/8`). Unset: none.
   */
  trustProxy: boolean | string;
}

const number = (value: string | undefined, fallback: number): number => {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`not a number: ${value}`);
  return n;
};

const trustProxy = (value: string | undefined): boolean | string => {
  if (value === undefined || value === '' || value === 'false') return false;
  return value === 'true' ? true : value;
};

/** @example loadConfig({ PORT: '9000' }).port === 9000 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: number(env.PORT, 8080),
    host: env.HOST ?? '0.0.0.0',
    dataDir: path.resolve(env.YKT_DATA_DIR ?? 'data'),
    databaseUrl: env.DATABASE_URL || undefined,
    demo: (env.YKT_DEMO ?? 'true') !== 'false',
    logLevel: env.LOG_LEVEL ?? 'info',
    sessionTtlMs: number(env.YKT_SESSION_TTL_MINUTES, 12 * 60) * 60_000,
    codeTtlMs: number(env.YKT_CODE_TTL_MINUTES, 5) * 60_000,
    tapRetentionMs: number(env.YKT_TAP_RETENTION_DAYS, 30) * 86_400_000,
    trustProxy: trustProxy(env.TRUST_PROXY),
  };
}
