// Bundles the pages with esbuild, in memory: each script and the stylesheet get a content-hashed name
// (cached for a year), each page an HTML shell (revalidated by ETag). Everything is gzipped here once, so
// serving is a lookup. `npm run build` runs this once and writes the result to dist/web (prebuilt.ts); a
// server started from the sources runs it at start (load.ts). Nothing a built server imports reaches here.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { webFile, type WebBundle, type WebFile } from './files.ts';
import { PAGES, pageHtml, type Entry } from './shell.ts';

/** The pages' sources: beside this file when it runs from them (`npm start`, `npm run build`). */
const SOURCES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const entryPoints = (webRoot: string): Record<Entry | 'styles' | 'desk-styles' | 'ops-styles' | 'reader-styles', string> => ({
  holder: path.join(webRoot, 'holder/main.ts'),
  landing: path.join(webRoot, 'landing/main.ts'),
  styles: path.join(webRoot, 'shared/styles.css'),
  staff: path.join(webRoot, 'staff/main.ts'),
  'desk-styles': path.join(webRoot, 'staff/desk.css'),
  // The operators' page: the desk shell with uPlot, which no other page ships.
  ops: path.join(webRoot, 'ops/main.ts'),
  'ops-styles': path.join(webRoot, 'ops/styles.css'),
  outlets: path.join(webRoot, 'outlets/main.ts'),
  reader: path.join(webRoot, 'reader/main.ts'),
  'reader-styles': path.join(webRoot, 'reader/reader.css'),
});

/**
 * Bundles every page with esbuild, from the sources in `webRoot` (src/web; a compiled copy of this module, as
 * the tests run, names the repository's).
 * @example const { pages } = await bundlePages(); pages.get('/kit')?.gzip
 */
export async function bundlePages(webRoot = SOURCES): Promise<WebBundle> {
  const result = await build({
    entryPoints: entryPoints(webRoot),
    bundle: true,
    minify: true,
    format: 'esm',
    // Phones from about 2020 on (WeChat's and Alipay's web views are recent Chromium or WebKit).
    target: 'es2020',
    outdir: path.join(webRoot, 'dist'),
    entryNames: '[name]-[hash]',
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const assets = new Map<string, WebFile>();
  const byEntry = new Map<string, WebFile>();
  for (const output of result.outputFiles) {
    const name = path.basename(output.path);
    const url = `/assets/${name}`;
    const file = webFile(url, name.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8', Buffer.from(output.contents));
    assets.set(url, file);
    byEntry.set(name.replace(/-[A-Z0-9]+\.(js|css)$/, ''), file);
  }
  const styles = byEntry.get('styles');
  if (!styles) throw new Error('the stylesheet was not built');
  const pages = new Map<string, WebFile>();
  const files = new Map<string, WebFile[]>();
  for (const page of PAGES) {
    const script = byEntry.get(page.entry);
    if (!script) throw new Error(`the ${page.entry} script was not built`);
    const pageStyles = page.styles ? byEntry.get(page.styles) : styles;
    if (!pageStyles) throw new Error(`the ${page.styles} stylesheet was not built`);
    const html = webFile(page.path, 'text/html; charset=utf-8', Buffer.from(pageHtml(page, script.url, pageStyles.url)));
    pages.set(page.path, html);
    files.set(page.path, [html, script, pageStyles]);
  }
  return { pages, assets, files };
}
