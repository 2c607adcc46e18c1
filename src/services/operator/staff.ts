// Staff accounts: passwords hashed with scrypt (passwords.ts), sessions that expire and can be revoked,
// sign-in attempts limited per username in the store (so the limit holds across nodes and under
// concurrency), and every role check in one place.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { YktError } from '../../domain/errors.ts';
import { UniqueViolation, type StaffMember } from '../../store/store.ts';
import type { StaffRole } from '../../domain/staff.ts';
import type { Context } from '../context.ts';
import { DEMO, CURRENT, hashPassword, needsRehash, parametersFor, passwordMatches, unmatchableHash } from './passwords.ts';

const STAFF_SESSION_MS = 10 * 3_600_000;
/** Sign-in attempts a username gets per window; the next ones are refused without checking the password. */
export const SIGN_IN_ATTEMPTS = 5;
export const SIGN_IN_WINDOW_MS = 15 * 60_000;
// Made once: what an unknown username's password is checked against, at the cost of a real check.
const UNMATCHABLE = new Map([DEMO, CURRENT].map((params) => [params, unmatchableHash(params)]));

export async function addStaff(ctx: Context, input: { username: string; displayName: string; role: StaffRole; password: string }, actor: string): Promise<StaffMember> {
  const now = ctx.clock();
  const passwordHash = await hashPassword(input.password, parametersFor(ctx.config));
  try {
    return await ctx.store.transaction(async (tx) => {
      const member = await tx.staff.insert({ username: input.username, displayName: input.displayName, role: input.role, passwordHash, createdAt: now });
      await tx.audit.append({ at: now, actor, action: 'staff.added', subject: `staff:${member.id}`, data: { username: input.username, role: input.role } });
      return member;
    });
  } catch (error) {
    throw error instanceof UniqueViolation ? new YktError('STAFF_USERNAME_TAKEN') : error;
  }
}

/** Every account, by id, disabled ones included. */
export function listStaff(ctx: Context): Promise<StaffMember[]> {
  return ctx.store.staff.all();
}

async function memberNamed(ctx: Context, username: string): Promise<StaffMember> {
  const member = await ctx.store.staff.find({ username });
  if (!member) throw new YktError('STAFF_NOT_FOUND');
  return member;
}

/**
 * Disables an account and revokes its sessions in the same transaction, so its next request is refused;
 * or enables it again (its old sessions stay revoked).
 * @example await setStaffDisabled(ctx, 'desk01', true, 'cli');
 */
export async function setStaffDisabled(ctx: Context, username: string, disabled: boolean, actor: string): Promise<StaffMember> {
  const member = await memberNamed(ctx, username);
  const now = ctx.clock();
  await ctx.store.transaction(async (tx) => {
    await tx.staff.setDisabled(member.id, disabled ? now : null);
    if (disabled) await tx.staff.revokeSessions({ staffId: member.id }, now);
    await tx.audit.append({ at: now, actor, action: disabled ? 'staff.disabled' : 'staff.enabled', subject: `staff:${member.id}`, data: {} });
  });
  return { ...member, disabledAt: disabled ? now : null };
}

/** Sets a new password: the member's sessions are revoked and the username's failed attempts forgotten. */
export async function changeStaffPassword(ctx: Context, username: string, password: string, actor: string): Promise<void> {
  const member = await memberNamed(ctx, username);
  const passwordHash = await hashPassword(password, parametersFor(ctx.config));
  const now = ctx.clock();
  await ctx.store.transaction(async (tx) => {
    await tx.staff.setPassword(member.id, passwordHash);
    await tx.staff.revokeSessions({ staffId: member.id }, now);
    await tx.staff.clearAttempts(member.username);
    await tx.audit.append({ at: now, actor, action: 'staff.password-changed', subject: `staff:${member.id}`, data: {} });
  });
}

const sign = (ctx: Context, id: string) => createHmac('sha256', ctx.secrets.sessionKey).update(`staff:${id}`).digest('base64url');

type Refusal = 'locked' | 'unknown-username' | 'disabled' | 'password';

export class StaffAuth {
  constructor(private readonly ctx: Context) {}

  /**
   * Signs a staff member in. Each attempt is counted in the store before the password is checked, so of
   * any number of attempts at one username in a window, only SIGN_IN_ATTEMPTS are checked. An unknown
   * username takes the same steps, its password checked against a hash no password matches.
   * @throws YktError STAFF_SIGN_IN_LOCKED past the limit, STAFF_SIGN_IN_FAILED otherwise.
   */
  async signIn(username: string, password: string): Promise<{ token: string; expiresAt: number; staff: StaffMember }> {
    const { store } = this.ctx;
    const now = this.ctx.clock();
    if ((await store.staff.countAttempt(username, now, now - SIGN_IN_WINDOW_MS)) > SIGN_IN_ATTEMPTS) {
      await this.refused(undefined, 'locked', now);
      throw new YktError('STAFF_SIGN_IN_LOCKED');
    }
    const member = await store.staff.find({ username });
    const params = parametersFor(this.ctx.config);
    const matches = await passwordMatches(password, member?.passwordHash ?? UNMATCHABLE.get(params)!);
    if (!member || member.disabledAt !== null || !matches) {
      await this.refused(member, !member ? 'unknown-username' : member.disabledAt !== null ? 'disabled' : 'password', now);
      throw new YktError('STAFF_SIGN_IN_FAILED');
    }
    // Parameters raised since this hash was made: remake it now, while the password is at hand.
    const rehashed = needsRehash(member.passwordHash, params) ? await hashPassword(password, params) : undefined;
    const id = randomBytes(18).toString('base64url');
    const expiresAt = now + STAFF_SESSION_MS;
    await store.transaction(async (tx) => {
      await tx.staff.clearAttempts(username);
      if (rehashed) await tx.staff.setPassword(member.id, rehashed);
      await tx.staff.insertSession({ id, staffId: member.id, createdAt: now, expiresAt, revokedAt: null });
      await tx.audit.append({ at: now, actor: `staff:${member.id}`, action: 'staff.signed-in', subject: `staff:${member.id}`, data: rehashed ? { rehashed: true } : {} });
    });
    return { token: `${id}.${sign(this.ctx, id)}`, expiresAt, staff: rehashed ? { ...member, passwordHash: rehashed } : member };
  }

  /** Audits a refused sign-in; an unknown username is not written down (people type passwords there). */
  private async refused(member: StaffMember | undefined, reason: Refusal, at: number): Promise<void> {
    const subject = member ? `staff:${member.id}` : 'staff:unknown';
    await this.ctx.store.audit.append({ at, actor: 'anonymous', action: 'staff.sign-in-refused', subject, data: { reason } });
  }

  /**
   * The staff member a token stands for, if their role is the one the route serves.
   * @throws YktError AUTH_REQUIRED, SESSION_INVALID or ROLE_FORBIDDEN.
   */
  async require(token: string | undefined, role: StaffRole): Promise<{ staff: StaffMember; sessionId: string }> {
    const signedIn = await this.session(token);
    if (signedIn.staff.role !== role) throw new YktError('ROLE_FORBIDDEN');
    return signedIn;
  }

  /** The live session a token stands for, whatever the role. */
  async session(token: string | undefined): Promise<{ staff: StaffMember; sessionId: string }> {
    if (!token) throw new YktError('AUTH_REQUIRED');
    const [id, signature] = token.split('.');
    if (!id || !signature) throw new YktError('SESSION_INVALID');
    const expected = Buffer.from(sign(this.ctx, id));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new YktError('SESSION_INVALID');
    const session = await this.ctx.store.staff.getSession(id);
    if (!session || session.revokedAt !== null || session.expiresAt <= this.ctx.clock()) throw new YktError('SESSION_INVALID');
    const staff = await this.ctx.store.staff.find({ id: session.staffId });
    if (!staff || staff.disabledAt !== null) throw new YktError('SESSION_INVALID');
    return { staff, sessionId: id };
  }

  /** Ends a session and audits it. */
  async signOut({ staff, sessionId }: { staff: StaffMember; sessionId: string }): Promise<void> {
    const now = this.ctx.clock();
    await this.ctx.store.transaction(async (tx) => {
      await tx.staff.revokeSessions({ id: sessionId }, now);
      await tx.audit.append({ at: now, actor: `staff:${staff.id}`, action: 'staff.signed-out', subject: `staff:${staff.id}`, data: {} });
    });
  }
}
