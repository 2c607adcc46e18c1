// What production needs before it serves anyone (DESIGN §4 rule 9): something to deliver sign-in codes
// with, an identity provider that can use it, secrets every node shares, reader list keys whose root is
// offline, and an agreement to accept. One checklist: `ykt serve` refuses to start with it, `ykt doctor`
// prints it without starting. Every item is checked, so the operator fixes everything in one round rather
// than one refusal at a time.
import { ConfigError, type Config } from '../../config.ts';
import type { Store } from '../../store/store.ts';
import { readKeyFile } from '../lists/key-file.ts';
import { KEY_RING_VARIABLES, signingChain } from '../lists/key-ring.ts';
import { SECRET_VARIABLES } from '../secrets.ts';

export interface ReadinessCheck {
  /** What is checked, a word or two: notifier, identity, links, secrets, list keys, agreement, store. */
  item: string;
  ok: boolean;
  /** What was found, or what is missing and how to give it. */
  detail: string;
}

/** The command that publishes an agreement (src/cli/commands/agreement.ts). */
export const PUBLISH_AGREEMENT = 'ykt agreement publish --version 1 --zh agreement.zh.txt --en agreement.en.txt';

const check = (item: string, ok: boolean, detail: string): ReadinessCheck => ({ item, ok, detail });

function notifierCheck(config: Config): ReadinessCheck {
  const channels = [config.mail && 'e-mail over SMTP (YKT_MAIL_URL)', config.sms && 'SMS through the gateway (YKT_SMS_GATEWAY_URL)'].filter(Boolean);
  if (channels.length > 0) return check('notifier', true, channels.join(' and '));
  return check('notifier', false, 'none configured: set YKT_MAIL_URL (SMTP e-mail) and/or YKT_SMS_GATEWAY_URL with YKT_SMS_GATEWAY_KEY (SMS)');
}

function identityCheck(config: Config): ReadinessCheck {
  const { documentCode, oidc } = config.identity;
  if (documentCode && !config.mail && !config.sms) {
    return check('identity', false, 'YKT_IDENTITY=document-code sends one-time codes and has no notifier to send them with');
  }
  const offered = [
    documentCode && 'document-code: one-time codes go to the holder\'s verified contact through the notifier',
    // Checked in full when the configuration loaded; whether the provider answers shows at the first sign-in.
    oidc && `oidc: "Sign in with ${oidc.name.en}" at ${oidc.issuer}`,
  ];
  return check('identity', true, offered.filter(Boolean).join('; '));
}

function publicUrlCheck(config: Config): ReadinessCheck {
  return config.publicUrlSet
    ? check('links', true, `notices link to ${config.publicUrl}`)
    : check('links', false, 'YKT_PUBLIC_URL unset: notices carry links (confirm an unbind, stop reminders) and need the address holders open the service at, e.g. https://ykt.example.com');
}

function secretsCheck(config: Config): ReadinessCheck {
  const env = config.secretEnv;
  const variables = [...SECRET_VARIABLES, ...KEY_RING_VARIABLES];
  const missing = variables.filter((name) => !env[name]);
  if (!config.databaseUrl) {
    const where = missing.length === 0 ? 'all from the environment' : `${missing.length} not in the environment, generated once into ${config.dataDir} (mode 0600)`;
    return check('secrets', true, `SQLite: ${where}`);
  }
  if (missing.length === 0) return check('secrets', true, 'PostgreSQL: all from the environment');
  return check('secrets', false, `PostgreSQL: several nodes share the database, so they must share the secrets, never generate their own; give in the environment: ${missing.join(', ')}`);
}

/**
 * The reader list trust chain: the signing key is certified by a root readers trust and is not revoked, and
 * the root's private key is not on the node — with it, whoever reads the data directory could certify
 * signing keys every reader trusts, and revoking a key would mean nothing.
 */
function listKeysCheck(config: Config): ReadinessCheck {
  const item = 'list keys';
  try {
    return listKeysFound(config);
  } catch (error) {
    if (!(error instanceof ConfigError)) return check(item, false, `cannot be read: ${(error as Error).message}`);
    return check(item, false, error.problems.map((p) => `${p.variable} ${p.problem}`).join('; '));
  }
}

function listKeysFound(config: Config): ReadinessCheck {
  const env = config.secretEnv;
  const stored = readKeyFile(config.dataDir);
  const item = 'list keys';
  if (config.databaseUrl) {
    const missing = KEY_RING_VARIABLES.filter((name) => !env[name]);
    if (missing.length > 0) return check(item, false, `the trust chain needs ${missing.join(', ')} in the environment: ykt keys init-root on an offline machine, then ykt keys certify --root FILE (docs/deploy.md, "List keys")`);
  }
  if (stored.root?.pem) {
    return check(item, false, `the root's private key is in ${config.dataDir}/list-keys.json, where whoever reads the data directory could certify signing keys every reader trusts: move it offline with ykt keys export-root --out FILE`);
  }
  if (!env.YKT_LIST_SIGNING_KEY && !stored.signing.some((k) => k.certificate)) {
    return check(item, false, 'no signing key yet: ykt keys init-root --out FILE (then keep FILE offline), and ykt keys certify --root FILE --data-dir');
  }
  const chain = signingChain(stored, env);
  const revoked = chain.revokedKeyIds.length > 0 ? `revoked: ${chain.revokedKeyIds.join(', ')}; ` : '';
  return check(item, true, `lists signed with key ${chain.signing.keyId}, certified by an offline root; ${revoked}the hash key changes every ${config.listKeyRotationDays} days`);
}

async function agreementCheck(store: Store): Promise<ReadinessCheck> {
  let version: number | undefined;
  try {
    version = (await store.agreements.current())?.version;
  } catch {
    // A store not migrated yet has no agreement table: the same answer, nothing published.
  }
  return version === undefined
    ? check('agreement', false, `none published, and holders cannot upgrade without one: ${PUBLISH_AGREEMENT}`)
    : check('agreement', true, `version ${version} published`);
}

/**
 * The production checklist, every item checked. `store` is the opened store, or the error opening it gave.
 * @example const checks = await productionReadiness(config, store); checks.every((c) => c.ok)
 */
export async function productionReadiness(config: Config, store: Store | Error): Promise<ReadinessCheck[]> {
  const checks = [notifierCheck(config), identityCheck(config), publicUrlCheck(config), secretsCheck(config), listKeysCheck(config)];
  if (store instanceof Error) checks.push(check('store', false, `cannot open ${config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `SQLite in ${config.dataDir}`}: ${store.message}`));
  else checks.push(await agreementCheck(store));
  return checks;
}

/** One line per item, ✓ or ✗. */
export function readinessList(checks: readonly ReadinessCheck[]): string {
  return checks.map((c) => `  ${c.ok ? '✓' : '✗'} ${c.item.padEnd(10)} ${c.detail}`).join('\n');
}

/** What `ykt serve` prints when production is not ready: everything missing at once. */
export function refusal(checks: readonly ReadinessCheck[]): string {
  const missing = checks.filter((c) => !c.ok).length;
  return [
    `Production refused to start: ${missing} ${missing === 1 ? 'thing is' : 'things are'} missing (✗).`,
    readinessList(checks),
    'Every variable, its default and meaning: .env.example. Check again with `ykt doctor`.',
    'To try the system instead, run the demo: `ykt serve --demo` (or `npm start`).',
  ].join('\n');
}
