// The pages people use (/, /kit, /app) and their assets, prebuilt by `npm run build` or bundled at start
// from the sources (src/web/bundle/load.ts). HTML is revalidated by ETag on every visit; assets carry a
// content hash in their name and are cached for a year. The pages call the public API only, like any other
// client.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { WebFile } from '../web/bundle/files.ts';
import { webBundle } from '../web/bundle/load.ts';

// The pages load only their own script and stylesheet and call only this origin. The gate page alone may
// also compile WebAssembly (not evaluate JavaScript): its reader hashes card numbers in a tiny module
// (src/readers/sdk/siphash-wasm.ts).
const policy = (scripts: string) =>
  `default-src 'self'; script-src ${scripts}; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`;
const CONTENT_SECURITY_POLICY = policy("'self'");
const READER_CONTENT_SECURITY_POLICY = policy("'self' 'wasm-unsafe-eval'");

const PAGE_CACHE = 'no-cache';

// Hidden from the API document, but declared all the same: the files go out as bytes, never serialised.
const text = (types: string[], description: string) => ({ description, content: Object.fromEntries(types.map((t) => [t, { schema: { type: 'string' } }])) });
const PAGE = { 200: text(['text/html'], 'The page'), 304: { description: 'Not modified (ETag)' } };
const ASSET = { 200: text(['text/javascript', 'text/css'], 'A script or stylesheet, named by its content hash'), 304: PAGE[304] };
const ASSET_CACHE = 'public, max-age=31536000, immutable';

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  return ifNoneMatch !== undefined && ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

function send(request: FastifyRequest, reply: FastifyReply, file: WebFile, cacheControl: string) {
  reply.header('etag', file.etag).header('cache-control', cacheControl).header('vary', 'accept-encoding').header('x-content-type-options', 'nosniff');
  if (matches(request.headers['if-none-match'], file.etag)) return reply.code(304).send();
  reply.type(file.contentType);
  if (/\bgzip\b/.test(request.headers['accept-encoding'] ?? '')) return reply.header('content-encoding', 'gzip').send(file.gzip);
  return reply.send(file.body);
}

export const pagesPlugin: FastifyPluginAsync = async (app) => {
  const bundle = await webBundle();
  for (const [path, file] of bundle.pages) {
    app.get(path, { schema: { hide: true, response: PAGE } }, (request, reply) => {
      reply.header('content-security-policy', path === '/reader' ? READER_CONTENT_SECURITY_POLICY : CONTENT_SECURITY_POLICY).header('referrer-policy', 'no-referrer');
      return send(request, reply, file, PAGE_CACHE);
    });
  }
  app.get<{ Params: { name: string } }>('/assets/:name', { schema: { hide: true, response: ASSET } }, (request, reply) => {
    const file = bundle.assets.get(`/assets/${request.params.name}`);
    if (!file) return reply.callNotFound();
    return send(request, reply, file, ASSET_CACHE);
  });
};
