// Configuration comes from the environment only (DESIGN §6), checked against one schema at start: a bad
// value stops the process naming the variable and what it allows, never a half-configured server.
// `.env.example` lists every variable with its default; a test keeps it and this schema in step.
import path from 'node:path';
import envSchema from 'env-schema';
import { Type, type Static } from 'typebox';
import { readOidcConfig, type OidcConfig } from './config-oidc.ts';

const base64Key32 = (description: string) => Type.String({ pattern: '^[A-Za-z0-9+/]{43}=$', description: `${description} (32 bytes, base64)` });
const minutes = (fallback: number, max: number, description: string) => Type.Integer({ minimum: 1, maximum: max, default: fallback, description });

/** Every variable the server and the CLI read, with its default and meaning. */
export const ENV_SCHEMA = Type.Object({
  PORT: Type.Integer({ minimum: 1, maximum: 65535, default: 8080, description: 'TCP port the server listens on' }),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1', description: 'address to listen on; loopback unless you mean to expose it' }),
  YKT_DATA_DIR: Type.String({ minLength: 1, default: 'data', description: 'directory for the SQLite file and generated secrets' }),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://', description: 'postgres://… switches the store to PostgreSQL; unset: SQLite in YKT_DATA_DIR' })),
  YKT_MIGRATE: Type.Boolean({ default: true, description: 'apply pending migrations at start; false for a server connecting as the PostgreSQL application role, which refuses to start until the owner has run `ykt db migrate`' }),
  YKT_DB_APP_ROLE: Type.Optional(Type.String({ pattern: '^[a-z_][a-z0-9_]{0,62}$', description: 'PostgreSQL: the application role that migrating (as the owner) grants what the server needs — the audit log INSERT and SELECT only (docs/deploy.md)' })),
  YKT_DEMO: Type.Boolean({ default: false, description: 'true: serve the demo (seeded data, outbox, demo routes), as `ykt serve --demo` and `npm start` do; false: production, which refuses to start until `ykt doctor` passes' }),
  LOG_LEVEL: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { default: 'info', description: 'pino log level' }),
  YKT_SESSION_TTL_MINUTES: minutes(12 * 60, 7 * 24 * 60, 'how long a holder or staff session lasts'),
  YKT_CODE_TTL_MINUTES: minutes(5, 60, 'how long a one-time sign-in code stays valid'),
  YKT_READER_SILENT_MINUTES: minutes(10, 24 * 60, 'a reader with no sync for this long (no request, no heartbeat on its open push stream) is flagged silent on /ops'),
  YKT_READER_BEHIND_VERSIONS: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 3, description: 'a reader more than this many list versions behind is flagged behind on /ops' }),
  YKT_READER_BEHIND_MINUTES: minutes(5, 24 * 60, 'a reader behind the current list whose list has not been renewed for this long is flagged behind on /ops'),
  YKT_TAP_RETENTION_DAYS: Type.Integer({ minimum: 1, maximum: 3650, default: 30, description: 'tap records older than this are deleted' }),
  TRUST_PROXY: Type.String({ default: 'false', description: "which proxies' X-Forwarded-For to believe: false, true, or addresses/CIDRs separated by commas" }),
  YKT_DOCUMENT_KEY: Type.Optional(base64Key32('AES-256-GCM key sealing document numbers')),
  YKT_DOCUMENT_HASH_KEY: Type.Optional(base64Key32('HMAC key for the document lookup hash')),
  YKT_SESSION_KEY: Type.Optional(base64Key32('HMAC key signing session tokens')),
  YKT_HEALTH_FEED_KEY: Type.Optional(base64Key32('HMAC key the health authority signs webhook batches with')),
  YKT_INBOUND_MAIL_SECRET: Type.Optional(Type.String({ minLength: 16, description: 'shared secret a mail gateway sends in x-ykt-mail-secret' })),
  YKT_LIST_SIGNING_KEY: Type.Optional(Type.String({ pattern: '-----BEGIN PRIVATE KEY-----', description: 'Ed25519 reader list signing key, PKCS#8 PEM in double quotes (ykt keys certify prints the line)' })),
  YKT_LIST_SIGNING_KEY_ID: Type.Integer({ minimum: 1, default: 1, description: 'key id of YKT_LIST_SIGNING_KEY (its certificate names it)' }),
  YKT_LIST_SIGNING_CERT: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9+/]{150}==$', description: 'the root key\'s certificate for YKT_LIST_SIGNING_KEY (112 bytes, base64; ykt keys certify)' })),
  YKT_LIST_ROOT_KEY: Type.Optional(Type.String({ pattern: '^\\d+:[A-Za-z0-9+/]{43}=(,\\d+:[A-Za-z0-9+/]{43}=)*$', description: 'root public key(s) readers trust, id:base64 (ykt keys init-root)' })),
  YKT_LIST_REVOKED_KEY_IDS: Type.Optional(Type.String({ pattern: '^\\d+(,\\d+)*$', description: 'revoked list signing key ids, comma-separated (ykt keys revoke): every list file names them and readers refuse what they signed' })),
  YKT_LIST_HASH_KEY: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9+/]{22}==$', description: 'master of the rotating SipHash keys card numbers are hashed under in reader lists (16 bytes, base64; openssl rand -base64 16): each period\'s key is derived from it' })),
  YKT_LIST_HASH_KEY_ID: Type.Integer({ minimum: 1, default: 1, description: 'no longer used: hash key ids are the start of their rotation period (YKT_LIST_KEY_ROTATION_DAYS); accepted so that an environment that sets it still starts' }),
  YKT_LIST_KEY_ROTATION_DAYS: Type.Integer({ minimum: 1, maximum: 365, default: 7, description: 'the reader list hash key changes every this many days (periods counted from 1970-01-01 00:00 UTC), so a copied list or leaked key stops revealing anything; at each change every reader loads a whole new snapshot' }),
  YKT_IDENTITY: Type.String({
    pattern: '^(document-code|oidc)(,(document-code|oidc))?$',
    default: 'document-code',
    description: 'how holders sign in, one or both separated by a comma: document-code (document + one-time code to their verified phone or e-mail), oidc (OpenID Connect: a platform\'s real-name login, YKT_OIDC_*)',
  }),
  YKT_PUBLIC_URL: Type.Optional(Type.String({ pattern: '^https?://[^/?#]+/?$', description: 'the origin holders reach this service at, e.g. https://upgrade.example.com: links in notices start with it, and the OpenID Connect redirect URLs are made from it (<origin>/api/v1/kit/login/oidc/callback and …/app/…); required in production, the demo uses http://HOST:PORT' })),
  YKT_OIDC_ISSUER: Type.Optional(Type.String({ pattern: '^https?://', description: 'OpenID Connect: the provider\'s issuer URL (its metadata is at <issuer>/.well-known/openid-configuration)' })),
  YKT_OIDC_CLIENT_ID: Type.Optional(Type.String({ minLength: 1, description: 'OpenID Connect: the client id the provider registered for this service' })),
  YKT_OIDC_CLIENT_SECRET: Type.Optional(Type.String({ minLength: 1, description: 'OpenID Connect: the client secret the provider issued; unset: a public client, proven by PKCE alone' })),
  YKT_OIDC_SCOPES: Type.String({ pattern: '(^| )openid( |$)', default: 'openid profile', description: 'OpenID Connect: the scopes asked for, separated by spaces: openid and whatever scope releases the document claims' }),
  YKT_OIDC_NAME: Type.Optional(Type.String({ minLength: 1, maxLength: 60, description: 'OpenID Connect: the provider\'s name on the sign-in button, "中文名|English name" (使用…登录 / Sign in with …), or one name for both' })),
  YKT_OIDC_CLAIMS: Type.Optional(Type.String({ minLength: 2, description: 'OpenID Connect: JSON naming the claim that carries each part of the document, e.g. {"type":"id_doc_type","number":"id_doc_number","state":"nationality","name":"name"}' })),
  YKT_OIDC_DOCUMENT_TYPES: Type.Optional(Type.String({ minLength: 2, description: 'OpenID Connect: JSON mapping the provider\'s document type values to ours (hk-macao-permit, taiwan-permit, passport, residence-permit), e.g. {"PP":"passport"}; unset: the type claim carries our names' })),
  YKT_MAIL_URL: Type.Optional(Type.String({ pattern: '^smtps?://', description: 'SMTP server for e-mail (codes, replies, notices), e.g. smtps://user:pass@smtp.example.com:465' })),
  YKT_MAIL_FROM: Type.String({ minLength: 3, default: '96066@bmac.com.cn', description: 'the service mailbox mail is sent from' }),
  YKT_SMS_GATEWAY_URL: Type.Optional(Type.String({ pattern: '^https?://', description: 'HTTP gateway that sends SMS (docs/deploy.md: the request it receives)' })),
  YKT_SMS_GATEWAY_KEY: Type.Optional(Type.String({ minLength: 32, description: 'HMAC key signing each request to the SMS gateway' })),
  YKT_SEND_TIMEOUT_SECONDS: Type.Integer({ minimum: 1, maximum: 120, default: 15, description: 'longest one try at handing a message to the SMTP server or SMS gateway may take; a node claims a message for this plus 5 s, so one that dies mid-send leaves it to another node (or itself, restarted) after that' }),
  YKT_METRICS_TOKEN: Type.Optional(Type.String({ minLength: 32, description: 'bearer token Prometheus sends for /metrics; unset: /metrics answers 404' })),
  YKT_SHUTDOWN_TIMEOUT_SECONDS: Type.Integer({ minimum: 1, maximum: 600, default: 10, description: 'on SIGTERM/SIGINT, how long in-flight work may take before the process exits' }),
});

export type Env = Static<typeof ENV_SCHEMA>;

/** Read by the test suite, not the server (README: the full test suite), so never a typo. */
const TEST_VARIABLES = new Set(['YKT_REQUIRE_BROWSER', 'YKT_REQUIRE_POSTGRES', 'YKT_REQUIRE_CC', 'YKT_STORES', 'YKT_TEST_STORES']);

export interface ReaderHealthThresholds {
  silentMs: number;
  behindVersions: number;
  behindMs: number;
}

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** Where holders reach the service (no trailing slash): links in notices start with it. */
  publicUrl: string;
  /** Whether YKT_PUBLIC_URL gave publicUrl (production needs it: a link to this machine's loopback reaches nobody). */
  publicUrlSet: boolean;
  /** postgres://… switches the store to PostgreSQL; unset means the SQLite file in dataDir. */
  databaseUrl: string | undefined;
  /** Apply pending migrations when the store opens; false: refuse to start while any is pending. */
  migrate: boolean;
  /** PostgreSQL: the application role a migration run grants to (audit log: INSERT and SELECT only). */
  dbAppRole: string | undefined;
  /** Serve the demo: seed an empty store, keep codes and mails in the outbox, mount the demo routes. False is production. */
  demo: boolean;
  logLevel: string;
  sessionTtlMs: number;
  codeTtlMs: number;
  /** Tap records older than this are deleted. */
  tapRetentionMs: number;
  /** How many days each reader list hash key is in force. */
  listKeyRotationDays: number;
  /** When /ops flags a reader: silent (no sync for silentMs), behind (over behindVersions, or behind for behindMs). */
  readerHealth: ReaderHealthThresholds;
  /** Fastify's trustProxy: false, true, or addresses/CIDRs separated by commas (e.g. `127.0.0.1,10.0.0.0/8`). */
  trustProxy: boolean | string;
  /** Which ways of signing in holders are offered (YKT_IDENTITY): services/identity/ builds one provider per way. */
  identity: { documentCode: boolean; oidc: OidcConfig | undefined };
  /** SMTP delivery, when YKT_MAIL_URL is set. */
  mail: { url: string; from: string } | undefined;
  /** The SMS gateway, when YKT_SMS_GATEWAY_URL is set (its key is then required). */
  sms: { url: string; key: string } | undefined;
  /** The longest one try at sending a message may take (the outbox's claim on it lasts a little longer). */
  sendTimeoutMs: number;
  metricsToken: string | undefined;
  shutdownTimeoutMs: number;
  /** The secret and list-key variables as given (checked above), for services/secrets.ts, lists/key-ring.ts, desk/ticket-mail.ts and identity/oidc.ts. */
  secretEnv: Readonly<Record<string, string>>;
}

const SECRET_VARIABLES = [
  'YKT_DOCUMENT_KEY', 'YKT_DOCUMENT_HASH_KEY', 'YKT_SESSION_KEY', 'YKT_HEALTH_FEED_KEY',
  'YKT_LIST_SIGNING_KEY', 'YKT_LIST_SIGNING_KEY_ID', 'YKT_LIST_SIGNING_CERT', 'YKT_LIST_ROOT_KEY', 'YKT_LIST_REVOKED_KEY_IDS', 'YKT_LIST_HASH_KEY', 'YKT_LIST_HASH_KEY_ID', 'YKT_INBOUND_MAIL_SECRET',
  'YKT_OIDC_CLIENT_SECRET',
] as const;

/** A variable that failed the schema: its name and what it allows. */
export class ConfigError extends Error {
  constructor(readonly problems: Array<{ variable: string; problem: string }>) {
    super(`Configuration refused:\n${problems.map((p) => `  ${p.variable}: ${p.problem}`).join('\n')}\nEvery variable, its default and meaning: .env.example`);
    this.name = 'ConfigError';
  }
}

interface AjvIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

function describe(issue: AjvIssue): { variable: string; problem: string } {
  const variable = issue.instancePath.replace(/^\//, '') || String(issue.params.missingProperty ?? '');
  const spec = (ENV_SCHEMA.properties as Record<string, { description?: string }>)[variable];
  const problem =
    issue.keyword === 'type' && issue.params.type === 'boolean'
      ? 'must be true or false'
      : issue.keyword === 'enum'
        ? `must be one of ${(issue.params.allowedValues as string[]).join(', ')}`
        : (issue.message ?? 'is not allowed');
  return { variable, problem: spec?.description ? `${problem} — ${spec.description}` : problem };
}

/** Checks the environment against ENV_SCHEMA; throws ConfigError naming each bad variable. */
export function readEnv(env: NodeJS.ProcessEnv = process.env): Env {
  // Unset and empty mean the same thing in a shell or a unit file: the default.
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const known = new Set(Object.keys(ENV_SCHEMA.properties));
  const unknown = Object.keys(given).filter((k) => k.startsWith('YKT_') && !known.has(k) && !TEST_VARIABLES.has(k));
  if (unknown.length > 0) throw new ConfigError(unknown.map((variable) => ({ variable, problem: 'is not a setting of this server (a typo?)' })));
  try {
    // env: false — env-schema would otherwise merge process.env under `given`, and an empty variable there
    // (DATABASE_URL='') would be checked although the caller passed its own environment.
    return envSchema<Env>({ schema: ENV_SCHEMA, data: given, env: false });
  } catch (error) {
    const issues = (error as { errors?: AjvIssue[] }).errors;
    if (!issues) throw error;
    // One line per variable: the first thing wrong with it.
    const problems = new Map(issues.map(describe).reverse().map((p) => [p.variable, p]));
    throw new ConfigError([...problems.values()].reverse());
  }
}

const trustProxy = (value: string): boolean | string => (value === 'false' ? false : value === 'true' ? true : value);

/** @example loadConfig({ PORT: '9000' }).port === 9000 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const e = readEnv(env);
  if (e.YKT_SMS_GATEWAY_URL && !e.YKT_SMS_GATEWAY_KEY) {
    throw new ConfigError([{ variable: 'YKT_SMS_GATEWAY_KEY', problem: 'is required with YKT_SMS_GATEWAY_URL — HMAC key signing each request to the SMS gateway' }]);
  }
  if (e.YKT_DB_APP_ROLE && !e.DATABASE_URL) {
    throw new ConfigError([{ variable: 'YKT_DB_APP_ROLE', problem: 'is a PostgreSQL setting: it needs DATABASE_URL (the owner role\'s URL, for `ykt db migrate`)' }]);
  }
  const { oidc, problems } = readOidcConfig(e);
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.YKT_DATA_DIR),
    publicUrl: e.YKT_PUBLIC_URL?.replace(/\/+$/, '') ?? `http://${e.HOST}:${e.PORT}`,
    publicUrlSet: e.YKT_PUBLIC_URL !== undefined,
    databaseUrl: e.DATABASE_URL,
    migrate: e.YKT_MIGRATE,
    dbAppRole: e.YKT_DB_APP_ROLE,
    demo: e.YKT_DEMO,
    logLevel: e.LOG_LEVEL,
    sessionTtlMs: e.YKT_SESSION_TTL_MINUTES * 60_000,
    codeTtlMs: e.YKT_CODE_TTL_MINUTES * 60_000,
    tapRetentionMs: e.YKT_TAP_RETENTION_DAYS * 86_400_000,
    listKeyRotationDays: e.YKT_LIST_KEY_ROTATION_DAYS,
    readerHealth: { silentMs: e.YKT_READER_SILENT_MINUTES * 60_000, behindVersions: e.YKT_READER_BEHIND_VERSIONS, behindMs: e.YKT_READER_BEHIND_MINUTES * 60_000 },
    trustProxy: trustProxy(e.TRUST_PROXY),
    identity: { documentCode: e.YKT_IDENTITY.split(',').includes('document-code'), oidc },
    mail: e.YKT_MAIL_URL ? { url: e.YKT_MAIL_URL, from: e.YKT_MAIL_FROM } : undefined,
    sms: e.YKT_SMS_GATEWAY_URL ? { url: e.YKT_SMS_GATEWAY_URL, key: e.YKT_SMS_GATEWAY_KEY ?? '' } : undefined,
    sendTimeoutMs: e.YKT_SEND_TIMEOUT_SECONDS * 1000,
    metricsToken: e.YKT_METRICS_TOKEN,
    shutdownTimeoutMs: e.YKT_SHUTDOWN_TIMEOUT_SECONDS * 1000,
    secretEnv: Object.fromEntries(SECRET_VARIABLES.filter((name) => e[name] !== undefined).map((name) => [name, String(e[name])])),
  };
}
