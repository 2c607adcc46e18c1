// Every error leaves the API in one shape: { error: { code, message: { zh, en }, details? } }, with the
// catalogue's status. Refusals are logged at info, faults at error (STYLE 3).
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Socket } from 'node:net';
import { Type } from 'typebox';
import { errorEntry, YktError, type ErrorCode } from '../domain/errors.ts';
import { NOT_FOUND_PAGE, wantsNotFoundPage } from './not-found-page.ts';

export const ErrorReply = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Stable code from the error catalogue (docs/errors.md)' }),
      message: Type.Object({ zh: Type.String(), en: Type.String() }),
      details: Type.Optional(Type.Unknown()),
    }),
  },
  { $id: 'ErrorReply', title: 'Coded bilingual error' },
);

export function errorBody(code: ErrorCode, details?: unknown) {
  const { zh, en } = errorEntry(code);
  return { error: { code, message: { zh, en }, ...(details === undefined ? {} : { details }) } };
}

/** Maps a thrown value to the catalogue code and details it answers with. */
function classify(error: unknown, unavailable: (error: unknown) => boolean): { code: ErrorCode; details?: unknown } {
  if (error instanceof YktError) return { code: error.code, details: error.details };
  if (unavailable(error)) return { code: 'STORE_UNAVAILABLE' };
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    return { code: 'VALIDATION_FAILED', details: fastifyError.validation.map((v) => ({ field: v.instancePath || v.params, problem: v.message })) };
  }
  if (fastifyError.statusCode === 429) return { code: 'RATE_LIMITED' };
  if (fastifyError.statusCode === 413) return { code: 'BODY_TOO_LARGE' };
  // Fastify's own client errors (bad JSON, wrong content type, body too large) are the caller's fault.
  if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return { code: 'VALIDATION_FAILED', details: { problem: fastifyError.message } };
  }
  return { code: 'INTERNAL' };
}

const refusals = new WeakMap<FastifyRequest, ErrorCode>();

/** The catalogue code a request was answered with, if it was refused (for the metrics). */
export const refusalOf = (request: FastifyRequest): ErrorCode | null => refusals.get(request) ?? null;

/**
 * Answers every thrown error in the one coded shape. `unavailable` tells a database that cannot take work
 * now (the store's isUnavailable) from a fault: the client is told to try again later, with Retry-After.
 */
export function registerErrorHandling(app: FastifyInstance, unavailable: (error: unknown) => boolean): void {
  app.addSchema(ErrorReply);
  app.setErrorHandler((error, request, reply) => {
    const { code, details } = classify(error, unavailable);
    if (code === 'STORE_UNAVAILABLE') void reply.header('retry-after', '5');
    refusals.set(request, code);
    const { status, expected } = errorEntry(code);
    if (status >= 500 && !expected) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code }, 'request refused');
    return reply.code(status).send(errorBody(code, details));
  });
  app.setNotFoundHandler((request, reply) => {
    refusals.set(request, 'NOT_FOUND');
    if (wantsNotFoundPage(request)) return reply.code(404).type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(NOT_FOUND_PAGE);
    return reply.code(404).send(errorBody('NOT_FOUND'));
  });
}

/**
 * Fastify's router refuses a malformed URL or an over-long path parameter before any handler runs; given to
 * Fastify as `frameworkErrors`, this answers those in the one coded shape too.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  request.log.info({ code: 'VALIDATION_FAILED' }, 'request refused');
  refusals.set(request, 'VALIDATION_FAILED');
  return reply.code(errorEntry('VALIDATION_FAILED').status).send(errorBody('VALIDATION_FAILED', { problem: error.code }));
}

/**
 * Bytes that are not HTTP at all (a malformed request line, a header too long, a body framed wrongly) never
 * reach Fastify's router; given to Fastify as `clientErrorHandler`, this answers them in the one coded shape
 * too, where Fastify's own answer is an uncoded `Client Error`. The connection is closed after it: what
 * follows the bad bytes cannot be trusted to start a request.
 */
export function clientErrors(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const body = JSON.stringify(errorBody('VALIDATION_FAILED', { problem: error.code ?? 'malformed request' }));
  const { status } = errorEntry('VALIDATION_FAILED');
  socket.end(`HTTP/1.1 ${status} Bad Request\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}
