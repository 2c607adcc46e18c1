// The pages for this process: read from dist/web when the server runs built (`npm run build`, then
// `node dist/src/cli/main.js serve`), bundled with esbuild at start when it runs from the sources
// (`npm start`). esbuild is a development dependency: only the second case may load it.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WebBundle } from './files.ts';
import { readPrebuilt } from './prebuilt.ts';

// Built, this module is dist/src/web/bundle/load.js and the pages are in dist/web. From the sources the same
// path is <repo>/web, which does not exist, so the pages are bundled afresh and edits show on restart.
const PREBUILT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web');

async function loadBundle(): Promise<WebBundle> {
  const prebuilt = readPrebuilt(PREBUILT_DIR);
  if (prebuilt) return prebuilt;
  // Imported only here, so that nothing a built server runs imports esbuild.
  const build = await import('./build.ts').catch((error: unknown) => {
    // A compiled server without its pages (tsc run alone, or dist/web not copied) on a pruned install.
    if ((error as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw new Error(`No prebuilt pages in ${PREBUILT_DIR}, and no esbuild to bundle them: run \`npm run build\` (${(error as Error).message})`);
  });
  return build.bundlePages();
}

let bundle: Promise<WebBundle> | undefined;

/**
 * The pages, loaded on first call and kept for the life of the process (neither the sources nor the build
 * change under a running server; a failure is retried on the next call).
 * @example const { pages } = await webBundle(); pages.get('/kit')
 */
export function webBundle(): Promise<WebBundle> {
  bundle ??= loadBundle().catch((error: unknown) => {
    bundle = undefined;
    throw error;
  });
  return bundle;
}
