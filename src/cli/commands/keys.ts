// `ykt keys init-root | certify | rotate | revoke | export-root`: the trust chain of reader lists. The
// operator's root key is made once and kept offline; it certifies each list-signing key, and readers trust
// signing keys only through it, so a signing key can be replaced or revoked without touching a reader.
// What goes into an environment file is printed on stdout alone (`… >> /etc/ykt/ykt.env` works); what to
// do with it, on stderr. docs/deploy.md, "List keys: root, signing keys, revocation", walks through them.
import fs from 'node:fs';
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import type { Command } from 'commander';
import { loadConfig, type Config } from '../../config.ts';
import { certifySigningKey, generateRootKey, rawPublicKey, rootKeyFromPem, rootKeyToPem, signingKeyFromPem, signingKeyToPem, type RootKey } from '../../readers/builder/index.ts';
import { addSigningKey, b64, exportRoot, KeyFileError, readKeyFile, revokeSigningKey, storedRootPublic, writePrivateFile } from '../../services/lists/key-file.ts';

const HEARTBEAT = 'at the latest its heartbeat 30 s after it starts';

function keyId(text: string): number {
  const id = Number(text);
  if (!Number.isInteger(id) || id < 1 || id > 0xffff_ffff) throw new KeyFileError(`${text} is not a key id: a whole number from 1`);
  return id;
}

/** Runs a key command; a refusal, or a key file that cannot be read, is printed as its message alone, with exit code 1. */
function refusing(action: () => void): void {
  try {
    action();
  } catch (error) {
    const unreadable = (error as NodeJS.ErrnoException).syscall !== undefined;
    if (!(error instanceof KeyFileError) && !unreadable) throw error;
    console.error((error as Error).message);
    process.exitCode = 1;
  }
}

const ids = (text: string | undefined) => (text ?? '').split(',').filter((s) => s.trim() !== '').map(Number);

/** The root in a PEM file, under the id YKT_LIST_ROOT_KEY or list-keys.json gives its public key (else `fallbackId`). */
function rootFromFile(file: string, config: Config, fallbackId = 1): RootKey {
  const pem = fs.readFileSync(file, 'utf8');
  const publicKey = b64(rawPublicKey(createPrivateKey(pem)));
  const known = (config.secretEnv.YKT_LIST_ROOT_KEY ?? '').split(',').filter(Boolean).map((item) => item.split(':'));
  const stored = storedRootPublic(readKeyFile(config.dataDir));
  if (stored) known.push([String(stored.keyId), b64(stored.publicKey)]);
  const id = known.find(([, key]) => key === publicKey)?.[0];
  return rootKeyFromPem(id === undefined ? fallbackId : Number(id), pem);
}

/** The env-file line of a PEM: in double quotes, as `node --env-file` reads a value spanning lines. */
const pemLine = (name: string, pem: string) => `${name}="${pem.trim()}"`;

export function registerKeysCommands(program: Command): void {
  const keys = program.command('keys').description('reader list keys: the operator root, signing keys certified by it, revocation');

  keys
    .command('init-root')
    .description('generate the operator root key: its private key goes to --out (move it offline), its public key line to every node')
    .option('--out <file>', 'where to write the root private key (PEM, mode 0600, never over an existing file)', 'ykt-list-root.pem')
    .option('--id <n>', 'root key id', '1')
    .action((o: { out: string; id: string }) =>
      refusing(() => {
        const root = generateRootKey(keyId(o.id));
        writePrivateFile(o.out, rootKeyToPem(root));
        console.log(`YKT_LIST_ROOT_KEY=${root.keyId}:${b64(root.publicKeyRaw)}`);
        console.error(
          [
            `Root key ${root.keyId} written to ${o.out} (mode 0600). Certify signing keys with it (ykt keys certify --root ${o.out}), then keep it offline:`,
            'whoever holds it can make keys every reader trusts. Put the line above in every node\'s environment: readers enrolled from then on trust this root.',
          ].join('\n'),
        );
      }),
    );

  keys
    .command('certify')
    .description('certify a signing key (a new one, or --key FILE) with the root in --root FILE; prints its three environment lines, or adds it to list-keys.json (--data-dir)')
    .requiredOption('--root <file>', 'the root private key (PEM) from `ykt keys init-root` or `ykt keys export-root`')
    .option('--id <n>', 'signing key id (default: one above every id in YKT_LIST_SIGNING_KEY_ID and YKT_LIST_REVOKED_KEY_IDS, or in list-keys.json with --data-dir)')
    .option('--key <file>', 'certify this signing key (PKCS#8 PEM) instead of generating one')
    .option('--root-id <n>', 'the root\'s key id, when neither YKT_LIST_ROOT_KEY nor list-keys.json has its public key', '1')
    .option('--data-dir', 'add the key to list-keys.json in YKT_DATA_DIR (a deployment on the embedded store) instead of printing it')
    .action((o: { root: string; id?: string; key?: string; rootId: string; dataDir?: boolean }) =>
      refusing(() => {
        const config = loadConfig();
        const root = rootFromFile(o.root, config, keyId(o.rootId));
        const privateKey = o.key ? createPrivateKey(fs.readFileSync(o.key, 'utf8')) : undefined;
        if (o.dataDir) {
          const added = addSigningKey(config.dataDir, { root, privateKey, keyId: o.id === undefined ? undefined : keyId(o.id) });
          console.log(`Signing key ${added.signingKeyId}, certified by root key ${added.rootKeyId}, added to ${config.dataDir}/list-keys.json. Restart the server to sign with it.`);
          return;
        }
        const env = config.secretEnv;
        // YKT_LIST_SIGNING_KEY_ID has a default: it names a key in use only beside YKT_LIST_SIGNING_KEY.
        const inUse = env.YKT_LIST_SIGNING_KEY ? ids(env.YKT_LIST_SIGNING_KEY_ID) : [];
        const id = o.id === undefined ? Math.max(0, ...inUse, ...ids(env.YKT_LIST_REVOKED_KEY_IDS)) + 1 : keyId(o.id);
        const key = privateKey ?? generateKeyPairSync('ed25519').privateKey;
        const signing = signingKeyFromPem(id, signingKeyToPem({ privateKey: key }), certifySigningKey(root, id, rawPublicKey(key)));
        console.log(pemLine('YKT_LIST_SIGNING_KEY', signingKeyToPem(signing)));
        console.log(`YKT_LIST_SIGNING_KEY_ID=${id}`);
        console.log(`YKT_LIST_SIGNING_CERT=${b64(signing.certificate)}`);
        console.error(`Signing key ${id} certified by root key ${root.keyId}. Replace the three lines in every node's environment file and restart the nodes one at a time; then revoke the key they signed with before (ykt keys revoke <id>).`);
      }),
    );

  keys
    .command('rotate')
    .description('data directory: add a signing key certified by its root (or by --root FILE, when the root is kept offline); restart the server to sign with it')
    .option('--root <file>', 'the root private key (PEM), when list-keys.json keeps only its public key')
    .action((o: { root?: string }) =>
      refusing(() => {
        const config = loadConfig();
        const added = addSigningKey(config.dataDir, { root: o.root ? rootFromFile(o.root, config) : undefined });
        console.log(
          `Signing key ${added.signingKeyId}, certified by root key ${added.rootKeyId}, added. Restart the server to sign with it: its next list version is a snapshot signed with key ${added.signingKeyId}, which readers load at once. Then revoke the old key (ykt keys revoke <id>).`,
        );
      }),
    );

  keys
    .command('revoke <id>')
    .description('revoke a signing key: every list file names it from then on, and readers refuse lists it signed')
    .action((text: string) =>
      refusing(() => {
        const config = loadConfig();
        const id = keyId(text);
        const env = config.secretEnv;
        const envKey = env.YKT_LIST_SIGNING_KEY ? [Number(env.YKT_LIST_SIGNING_KEY_ID ?? 1)] : [];
        let revoked: number[];
        if (config.databaseUrl) {
          // Nodes on PostgreSQL take their keys from the environment alone: nothing to record here.
          if (envKey.includes(id)) throw new KeyFileError(`Signing key ${id} is the one the nodes sign with (YKT_LIST_SIGNING_KEY_ID): rotate first — ykt keys certify --root FILE, give every node the new key — then revoke it.`);
          revoked = [...new Set([...ids(env.YKT_LIST_REVOKED_KEY_IDS), id])].sort((a, b) => a - b);
        } else {
          revoked = revokeSigningKey(config.dataDir, id, { usable: envKey, revoked: ids(env.YKT_LIST_REVOKED_KEY_IDS) });
        }
        console.log(`YKT_LIST_REVOKED_KEY_IDS=${revoked.join(',')}`);
        const where = config.databaseUrl
          ? 'Put the line above in every node\'s environment file (PostgreSQL: nodes read it from there) and restart them one at a time.'
          : `Recorded in ${config.dataDir}/list-keys.json (the line above is for deployments on PostgreSQL). Restart the server.`;
        console.error(
          `${where} The next list file a restarted server makes names key ${id} as revoked (${HEARTBEAT}); a reader that has verified it refuses every list signed by key ${id}, and one holding such a list loads a new snapshot.`,
        );
      }),
    );

  keys
    .command('export-root')
    .description('move the root private key out of list-keys.json into --out (PEM, mode 0600): production on the embedded store refuses to start while it is in the data directory')
    .requiredOption('--out <file>', 'where to write it (never over an existing file); then move the file offline')
    .action((o: { out: string }) =>
      refusing(() => {
        const exported = exportRoot(loadConfig().dataDir, o.out);
        console.log(`Root key ${exported.keyId} moved to ${o.out} (mode 0600); list-keys.json keeps its public key. Move the file offline: \`ykt keys rotate --root ${o.out}\` certifies the next signing key with it.`);
      }),
    );
}
