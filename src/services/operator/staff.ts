// Staff accounts: passwords hashed with scrypt (node:crypto), sessions that expire and can be revoked,
// sign-in attempts limited per username, and every role check in one place.
import { randomBytes, scrypt, timingSafeEqual, createHmac } from 'node:crypto';
import { promisify } from 'node:util';
import { YktError } from '../../domain/errors.ts';
import { UniqueViolation, type StaffMember } from '../../store/store.ts';
import type { StaffRole } from '../../domain/staff.ts';
import type { Context } from '../context.ts';

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, length: number) => Promise<Buffer>;
const STAFF_SESSION_MS = 10 * 3_600_000;
const FAILURES_PER_WINDOW = 5;
const FAILURE_WINDOW_MS = 15 * 60_000;

/** `scrypt$<salt>$<hash>`, both base64. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt, 32);
  return `scrypt$${salt.toString('base64')}$${hash.toString('base64')}`;
}

async function passwordMatches(password: string, stored: string): Promise<boolean> {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const given = await scryptAsync(password, Buffer.from(salt, 'base64'), expected.length);
  return timingSafeEqual(expected, given);
}

export async function addStaff(ctx: Context, input: { username: string; displayName: string; role: StaffRole; password: string }, actor: string): Promise<StaffMember> {
  const now = ctx.clock();
  const passwordHash = await hashPassword(input.password);
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

const sign = (ctx: Context, id: string) => createHmac('sha256', ctx.secrets.sessionKey).update(`staff:${id}`).digest('base64url');

export class StaffAuth {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly ctx: Context) {}

  /** Signs a staff member in; wrong passwords count against the username. */
  async signIn(username: string, password: string): Promise<{ token: string; expiresAt: number; staff: StaffMember }> {
    const now = this.ctx.clock();
    const recent = (this.failures.get(username) ?? []).filter((t) => t > now - FAILURE_WINDOW_MS);
    if (recent.length >= FAILURES_PER_WINDOW) throw new YktError('RATE_LIMITED');
    const member = await this.ctx.store.staff.find({ username });
    if (!member || member.disabledAt !== null || !(await passwordMatches(password, member.passwordHash))) {
      this.failures.set(username, [...recent, now]);
      throw new YktError('STAFF_SIGN_IN_FAILED');
    }
    this.failures.delete(username);
    const id = randomBytes(18).toString('base64url');
    const expiresAt = now + STAFF_SESSION_MS;
    await this.ctx.store.transaction(async (tx) => {
      await tx.staff.insertSession({ id, staffId: member.id, createdAt: now, expiresAt, revokedAt: null });
      await tx.audit.append({ at: now, actor: `staff:${member.id}`, action: 'staff.signed-in', subject: `staff:${member.id}`, data: {} });
    });
    return { token: `${id}.${sign(this.ctx, id)}`, expiresAt, staff: member };
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

  async signOut(sessionId: string): Promise<void> {
    await this.ctx.store.staff.revokeSession(sessionId, this.ctx.clock());
  }
}
