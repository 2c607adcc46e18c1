// Security headers on every answer (pages set a stricter CSP of their own), and no shared cache for
// anything personal: a proxy or a browser's back button must not keep a holder's or staff member's data.
// The API's answers (JSON, list files, event streams: never a document a browser renders) carry the short set
// OWASP's REST Security Cheat Sheet gives for APIs; helmet's full set is for what a browser renders. The
// headers a browser applies to documents alone (COOP, Origin-Agent-Cluster, X-DNS-Prefetch-Control, …)
// were 700 bytes on every tap a reader verifies online, parsed by the reader and sent by the server.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/** The API's audiences whose answers are about a person or a staff member (everything but the outlet finder and list files). */
const PERSONAL = /^\/api\/v1\/(kit|app|staff|staff-session|service|outlet|admin|demo)(\/|\?|$)/;

// What the API docs page (Swagger UI) needs: its own scripts, and inline styles it sets as it renders.
const directives = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

const OPTIONS: HelmetOptions = {
  // Not helmet's defaults: they add upgrade-insecure-requests, which breaks the demo on plain http://localhost.
  contentSecurityPolicy: { useDefaults: false, directives },
  // HSTS belongs to whoever terminates TLS (the nginx example sets it); over plain HTTP it means nothing.
  strictTransportSecurity: false,
  xFrameOptions: { action: 'deny' },
};

/**
 * Helmet's headers, worked out once. With no CSP nonces nothing in them depends on the request, and building
 * helmet's middleware per request (what @fastify/helmet does) cost the online verify route two thirds of its
 * throughput; so helmet runs once against a response that only records what it sets.
 */
function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, () => undefined);
  return headers;
}

/** What an API answer carries: it loads nothing, is framed nowhere, is not sniffed and is read by this origin alone. */
const API_HEADERS: Record<string, string> = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
};

export async function registerSecurity(app: FastifyInstance): Promise<void> {
  const headers = helmetHeaders(OPTIONS);
  const personalHeaders = { ...API_HEADERS, 'cache-control': 'no-store' };
  // One synchronous hook with the headers worked out above: an async hook, or a second one at onSend, costs
  // every request a promise and a turn of the hook runner (the online verify route is a reader's tap).
  // onRequest, so that a route that sets its own (the pages' stricter CSP) overrides, and a hijacked reply
  // (the readers' event stream) still finds them in reply.getHeaders(). No personal route sets a
  // cache-control of its own, so no-store set here is what it answers with.
  app.addHook('onRequest', (request, reply, done) => {
    const url = request.url;
    reply.headers(PERSONAL.test(url) ? personalHeaders : url.startsWith('/api/') ? API_HEADERS : headers);
    done();
  });
}
