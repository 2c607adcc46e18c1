// The bundled pages on disk, as `npm run build` leaves them in dist/web, so that a built server serves
// them without esbuild:
//   manifest.json            which file each URL is, its type, and the files each page loads
//   pages/index.html(.gz)    the HTML shell of /, pages/kit.html for /kit, …
//   assets/holder-XXXX.js(.gz), assets/styles-XXXX.css(.gz), …   named as they are served
// The .gz files are the very bytes the server sends (and what nginx's gzip_static would pick up).
import fs from 'node:fs';
import path from 'node:path';
import { etagOf, type WebBundle, type WebFile } from './files.ts';

interface Manifest {
  files: Record<string, { path: string; contentType: string }>;
  /** Page path → the URLs of its HTML, script and stylesheet. */
  pages: Record<string, string[]>;
}

const MANIFEST = 'manifest.json';

const fileName = (file: WebFile, isPage: boolean) =>
  isPage ? `pages/${file.url === '/' ? 'index' : file.url.slice(1).replaceAll('/', '-')}.html` : `assets/${path.posix.basename(file.url)}`;

/**
 * Writes a bundle to `dir` (emptied first).
 * @example writePrebuilt(await bundlePages(), 'dist/web')
 */
export function writePrebuilt(bundle: WebBundle, dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'pages'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'assets'));
  const manifest: Manifest = { files: {}, pages: {} };
  for (const [files, isPage] of [[bundle.pages, true], [bundle.assets, false]] as const) {
    for (const file of files.values()) {
      const name = fileName(file, isPage);
      fs.writeFileSync(path.join(dir, name), file.body);
      fs.writeFileSync(path.join(dir, `${name}.gz`), file.gzip);
      manifest.files[file.url] = { path: name, contentType: file.contentType };
    }
  }
  for (const [page, files] of bundle.files) manifest.pages[page] = files.map((f) => f.url);
  fs.writeFileSync(path.join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
}

/**
 * The bundle a build wrote to `dir`, or null when there is none (a server run from the sources).
 * @example const bundle = readPrebuilt('dist/web') ?? (await bundlePages())
 */
export function readPrebuilt(dir: string): WebBundle | null {
  const manifestFile = path.join(dir, MANIFEST);
  if (!fs.existsSync(manifestFile)) return null;
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Manifest;
  const byUrl = new Map<string, WebFile>();
  for (const [url, { path: name, contentType }] of Object.entries(manifest.files)) {
    const body = fs.readFileSync(path.join(dir, name));
    byUrl.set(url, { url, contentType, body, gzip: fs.readFileSync(path.join(dir, `${name}.gz`)), etag: etagOf(body) });
  }
  const fileAt = (url: string) => {
    const file = byUrl.get(url);
    if (!file) throw new Error(`${manifestFile} names ${url} but lists no file for it: run npm run build again`);
    return file;
  };
  const pages = new Map(Object.keys(manifest.pages).map((page) => [page, fileAt(page)] as const));
  const assets = new Map([...byUrl].filter(([url]) => !pages.has(url)));
  const files = new Map(Object.entries(manifest.pages).map(([page, urls]) => [page, urls.map(fileAt)] as const));
  return { pages, assets, files };
}
