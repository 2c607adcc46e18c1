// The health authority's webhook: batches of records, signed with HMAC-SHA256 over
// `<timestamp>.<raw body>` in the header `x-ykt-signature: t=<ms>,v1=<hex>`. Old timestamps are refused
// so that a captured request cannot be replayed later; replaying within the window changes nothing anyway.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Type } from 'typebox';
import { YktError } from '../domain/errors.ts';
import type { Context } from '../services/context.ts';
import { ingestHealth } from '../services/feeds/health-feed.ts';
import { errorResponses } from './schemas.ts';
import { noteBodyNul } from './text-input.ts';

const WINDOW_MS = 5 * 60_000;

/** The most records one batch may hold. */
export const MAX_BATCH_RECORDS = 10_000;

// A valid record at its longest (a 100-character record id, a residence permit, nanosecond times with an
// offset) is 302 bytes of compact JSON, about 400 indented; 512 leaves room for an authority that indents its JSON or adds
// fields we ignore, so that a full batch always fits (test/http/health-feed.test.ts sends one, indented).
const MAX_RECORD_BYTES = 512;

/** The header value a sender puts on a body; exported for the authority's side and the tests. */
export function signHealthBatch(key: Buffer, body: string, at: number): string {
  return `t=${at},v1=${createHmac('sha256', key).update(`${at}.${body}`).digest('hex')}`;
}

function verify(key: Buffer, header: string | undefined, body: string, now: number): boolean {
  const parts = Object.fromEntries((header ?? '').split(',').map((p) => p.split('=') as [string, string]));
  const at = Number(parts.t);
  if (!Number.isFinite(at) || Math.abs(now - at) > WINDOW_MS || typeof parts.v1 !== 'string') return false;
  const expected = Buffer.from(signHealthBatch(key, body, at));
  const given = Buffer.from(`t=${parts.t},v1=${parts.v1}`);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export const healthFeedRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  // Keep the raw body: the signature covers the bytes as sent, not a re-serialisation. A batch is thousands
  // of strings: the NUL check reads the text once rather than walking every record.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    (request as unknown as { rawBody: string }).rawBody = body as string;
    noteBodyNul(request, body as string);
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(new YktError('VALIDATION_FAILED', { problem: 'body is not JSON' }));
    }
  });

  app.post('/records', {
    bodyLimit: MAX_BATCH_RECORDS * MAX_RECORD_BYTES,
    schema: {
      tags: ['health-feed'],
      summary: 'A signed batch of health records from the health authority',
      headers: Type.Object({ 'x-ykt-signature': Type.Optional(Type.String()) }),
      body: Type.Object({ records: Type.Array(Type.Unknown(), { maxItems: MAX_BATCH_RECORDS }) }),
      response: {
        200: Type.Object({
          stored: Type.Integer(),
          superseded: Type.Integer(),
          rejected: Type.Array(Type.Object({ index: Type.Integer(), code: Type.String(), field: Type.String() })),
        }),
        ...errorResponses,
      },
    },
    preValidation: async (request) => {
      const raw = (request as unknown as { rawBody?: string }).rawBody ?? '';
      if (!verify(ctx.secrets.healthFeedKey, request.headers['x-ykt-signature'] as string | undefined, raw, ctx.clock())) {
        throw new YktError('HEALTH_SIGNATURE_INVALID');
      }
    },
    handler: async (request) => ingestHealth(ctx, request.body.records),
  });
};
