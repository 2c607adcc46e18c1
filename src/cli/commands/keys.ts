// `ykt keys rotate`: adds a new list signing key (and with --hash a new list hash key). Readers learn
// the new public key from GET /api/v1/terminal/config before lists are signed with it; restart the
// server to start signing with the new key.
import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { rotateListKeys } from '../../services/list-keys.ts';

export function registerKeysCommands(program: Command): void {
  program
    .command('keys')
    .description('reader list keys')
    .command('rotate')
    .option('--hash', 'also start a new list hash key (readers re-key on their next snapshot)')
    .action((o: { hash?: boolean }) => {
      const rotated = rotateListKeys(loadConfig().dataDir, { hash: o.hash === true });
      console.log(`Signing key ${rotated.signingKeyId} added; lists are hashed under key ${rotated.hashKeyId}. Restart the server to sign with it.`);
    });
}
