// No person types the NUL character, and PostgreSQL cannot store it in text (nor compare text with it): a
// request whose body, query or path holds one is refused before its handler runs, on every store alike,
// where it would otherwise answer 500 on PostgreSQL alone (the API fuzzer found it).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { YktError } from '../domain/errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** True when the JSON body's text shows it holds no NUL: its parsed value need not be walked. */
    bodyWithoutNul: boolean;
  }
}

// JSON can only carry a NUL as this escape (a raw control character is not allowed in a JSON string).
const ESCAPED_NUL = '\\u0000';

function holdsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(holdsNul);
  if (typeof value === 'object' && value !== null) {
    for (const key in value) if (key.includes('\u0000') || holdsNul((value as Record<string, unknown>)[key])) return true;
  }
  return false;
}

/** Refuses NUL characters in what every route reads: VALIDATION_FAILED, after the route's own schema. */
export function refuseNulCharacters(app: FastifyInstance): void {
  app.decorateRequest('bodyWithoutNul', false);
  app.addHook('preHandler', (request, _reply, done) => {
    const nul = (!request.bodyWithoutNul && holdsNul(request.body)) || holdsNul(request.query) || holdsNul(request.params);
    done(nul ? new YktError('VALIDATION_FAILED', { problem: 'the text holds a NUL character' }) : undefined);
  });
}

/** For a JSON body parser: notes whether the text shows that the body holds no NUL (the check then skips the walk). */
export function noteBodyNul(request: FastifyRequest, text: string): void {
  request.bodyWithoutNul = !text.includes(ESCAPED_NUL);
}

/**
 * Fastify's own JSON parsing, noting on the way whether the text holds an escaped NUL, so that the check
 * above need not walk a body that cannot hold one. For a plugin's scope whose bodies are big (a tap upload
 * is thousands of strings); elsewhere the walk costs next to nothing.
 * @example terminalRoutes: parseJsonNotingNul(app);
 */
export function parseJsonNotingNul(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    noteBodyNul(request, body as string);
    parseJson(request, body as string, done);
  });
}
