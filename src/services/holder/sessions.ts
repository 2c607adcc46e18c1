// Holder sessions: a random id signed with the session key, stored so that it can expire and be revoked.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { YktError } from '../../domain/errors.ts';
import type { Repositories, Session } from '../../store/store.ts';
import type { Channel } from '../../domain/channels.ts';
import type { Context } from '../context.ts';

export type { Session };

const sign = (ctx: Context, id: string): string => createHmac('sha256', ctx.secrets.sessionKey).update(id).digest('base64url');

/** Starts a session inside the caller's transaction; the token is `<id>.<signature>`. */
export async function startSession(ctx: Context, tx: Repositories, personId: number, channel: Channel): Promise<{ token: string; expiresAt: number }> {
  const id = randomBytes(18).toString('base64url');
  const now = ctx.clock();
  const expiresAt = now + ctx.config.sessionTtlMs;
  await tx.sessions.insert({ id, personId, channel, createdAt: now, expiresAt, revokedAt: null });
  return { token: `${id}.${sign(ctx, id)}`, expiresAt };
}

/**
 * The live session a token stands for, on the channel it was opened on.
 * @throws YktError AUTH_REQUIRED without a token, SESSION_INVALID for a forged, expired or revoked one.
 */
export async function authenticate(ctx: Context, token: string | undefined, channel: Channel): Promise<Session> {
  if (!token) throw new YktError('AUTH_REQUIRED');
  const [id, signature] = token.split('.');
  if (!id || !signature) throw new YktError('SESSION_INVALID');
  const expected = Buffer.from(sign(ctx, id));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new YktError('SESSION_INVALID');
  const session = await ctx.store.sessions.get(id);
  if (!session || session.revokedAt !== null || session.expiresAt <= ctx.clock() || session.channel !== channel) {
    throw new YktError('SESSION_INVALID');
  }
  return session;
}

export async function endSession(ctx: Context, session: Session): Promise<void> {
  await ctx.store.sessions.revoke({ id: session.id }, ctx.clock());
}
