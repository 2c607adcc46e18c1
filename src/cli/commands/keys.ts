// `ykt keys rotate`: adds a new signing key (and with --hash a new hash key); restart the server
// to sign with it. A reader that meets a list under a key it does not know fetches the keys from its
// authenticated GET /api/v1/terminal/config once (ReaderSync) and goes on; old keys stay trusted.
import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { rotateKeyRing } from '../../services/lists/key-ring.ts';

export function registerKeysCommands(program: Command): void {
  program
    .command('keys')
    .description('reader list signing and hash keys')
    .command('rotate')
    .option('--hash', 'also start a new hash key (readers re-key on their next snapshot)')
    .action((o: { hash?: boolean }) => {
      const rotated = rotateKeyRing(loadConfig().dataDir, { hash: o.hash === true });
      console.log(`Signing key ${rotated.signingKeyId} added; lists are hashed under key ${rotated.hashKeyId}. Restart the server to sign with it.`);
    });
}
