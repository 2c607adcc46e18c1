// No person types the NUL character, and PostgreSQL cannot store it in text (nor compare text with it): a
// request whose body, query or path holds one is refused before its handler runs, on every store alike,
// where it would otherwise answer 500 on PostgreSQL alone (the API fuzzer found it).
import type { FastifyInstance } from 'fastify';
import { YktError } from '../domain/errors.ts';

function holdsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(holdsNul);
  if (typeof value === 'object' && value !== null) return Object.entries(value).some(([key, inner]) => key.includes('\u0000') || holdsNul(inner));
  return false;
}

/** Refuses NUL characters in what every route reads: VALIDATION_FAILED, after the route's own schema. */
export function refuseNulCharacters(app: FastifyInstance): void {
  app.addHook('preHandler', async (request) => {
    if ([request.body, request.query, request.params].some(holdsNul)) throw new YktError('VALIDATION_FAILED', { problem: 'the text holds a NUL character' });
  });
}
