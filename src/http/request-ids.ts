// A UUID for every request, or the one a trusted proxy gives in x-request-id (so one id follows a request
// from nginx through the node), returned in x-request-id and carried by every log line written for it.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';
import type { FastifyInstance } from 'fastify';
import { requestScope } from '../services/request-scope.ts';

const HEADER = 'x-request-id';
// What a proxy may hand us: an id, not a payload that ends up in every log line.
const ACCEPTED = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * Fastify's `genReqId` for a TRUST_PROXY setting: the proxy's id only when the connection comes from a
 * proxy Fastify also trusts for X-Forwarded-For; anyone else's header is ignored.
 * @example Fastify({ genReqId: requestIdGenerator('10.0.0.0/8') })
 */
export function requestIdGenerator(trustProxy: boolean | string): (req: IncomingMessage) => string {
  // The same reading of the setting as Fastify's own trustProxy.
  const trust = typeof trustProxy === 'string' ? proxyAddr.compile(trustProxy.split(',').map((s) => s.trim())) : () => trustProxy;
  const trusted = (address: string) => trust(address, 0);
  return (req) => {
    const given = req.headers[HEADER];
    if (typeof given === 'string' && ACCEPTED.test(given) && trusted(req.socket?.remoteAddress ?? '')) return given;
    return randomUUID();
  };
}

/** Answers with the id, and runs the rest of the request inside its scope so services' log lines carry it. */
export function registerRequestIds(app: FastifyInstance): void {
  app.addHook('onRequest', (request, reply, done) => {
    reply.header(HEADER, request.id);
    // Everything after this hook, body parsing included (Fastify keeps the async context across it), runs inside.
    requestScope.run({ reqId: request.id }, done);
  });
}
