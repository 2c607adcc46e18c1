// Holder authentication for a plugin's routes: a Bearer token naming a live session on that channel.
import type { FastifyRequest } from 'fastify';
import type { Context } from '../services/context.ts';
import { authenticate, type Session } from '../services/holder/sessions.ts';
import type { Channel } from '../domain/channels.ts';

export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
}

export function holderSession(ctx: Context, request: FastifyRequest, channel: Channel): Promise<Session> {
  return authenticate(ctx, bearerToken(request), channel);
}
