// Security headers on every answer (pages set a stricter CSP of their own), and no shared cache for
// anything personal: a proxy or a browser's back button must not keep a holder's or staff member's data.
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

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

export async function registerSecurity(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    // Not helmet's defaults: they add upgrade-insecure-requests, which breaks the demo on plain http://localhost.
    contentSecurityPolicy: { useDefaults: false, directives },
    // HSTS belongs to whoever terminates TLS (the nginx example sets it); over plain HTTP it means nothing.
    hsts: false,
    frameguard: { action: 'deny' },
  });
  app.addHook('onSend', async (request, reply, payload) => {
    if (PERSONAL.test(request.url)) reply.header('cache-control', 'no-store');
    return payload;
  });
}
