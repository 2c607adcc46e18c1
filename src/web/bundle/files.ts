// What the pages are made of once bundled: files ready to serve, gzipped once. Built by esbuild
// (build.ts) or read back from a build's output (prebuilt.ts); served by src/http/pages.ts.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

/** A file ready to serve. */
export interface WebFile {
  url: string;
  contentType: string;
  body: Buffer;
  gzip: Buffer;
  etag: string;
}

export interface WebBundle {
  /** Pages by path ('/', '/kit', …). */
  pages: Map<string, WebFile>;
  /** Scripts and the stylesheet by URL ('/assets/holder-XXXX.js'). */
  assets: Map<string, WebFile>;
  /** For each page, the files it loads: its HTML, script and stylesheet. */
  files: Map<string, WebFile[]>;
}

/** The ETag of some bytes: the start of their SHA-256, so that it changes whenever they do. */
export const etagOf = (body: Buffer) => `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;

/** @example webFile('/kit', 'text/html; charset=utf-8', Buffer.from(html)).gzip */
export function webFile(url: string, contentType: string, body: Buffer): WebFile {
  return { url, contentType, body, gzip: gzipSync(body, { level: 9 }), etag: etagOf(body) };
}
