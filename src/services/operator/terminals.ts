// The terminal registry: an operator issues a one-time enrolment token for a reader at a place; the
// reader trades it for its own credentials; each reader can be revoked alone and reports its list
// version and software on every sync.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { YktError } from '../../domain/errors.ts';
import type { Terminal } from '../../store/store.ts';
import type { TerminalKind } from '../../domain/terminals.ts';
import type { Context } from '../context.ts';

const ENROLMENT_TTL_MS = 7 * 24 * 3_600_000;
/** Credentials are checked against the store at most this often per terminal, so revocation bites fast. */
const AUTH_CACHE_MS = 5_000;

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');

export interface Placement {
  kind: TerminalKind;
  line: string;
  station: string;
}

/** Issues a one-time enrolment token (shown once; only its hash is stored). */
export async function issueEnrolment(ctx: Context, placement: Placement, actor: string): Promise<{ token: string; expiresAt: number }> {
  const token = `enr_${randomBytes(18).toString('base64url')}`;
  const now = ctx.clock();
  const expiresAt = now + ENROLMENT_TTL_MS;
  await ctx.store.transaction(async (tx) => {
    await tx.terminals.insertEnrolment({ tokenHash: sha256(token), ...placement, createdAt: now, expiresAt, usedAt: null, terminalId: null });
    await tx.audit.append({ at: now, actor, action: 'terminal.enrolment-issued', subject: `${placement.line}/${placement.station}`, data: { kind: placement.kind } });
  });
  return { token, expiresAt };
}

/** A reader trades its enrolment token for credentials `<terminal id>.<secret>`, shown only this once. */
export async function enrol(ctx: Context, token: string, softwareVersion: string | null): Promise<{ terminal: Terminal; credentials: string }> {
  const id = `T${randomBytes(6).toString('hex').toUpperCase()}`;
  const secret = randomBytes(24).toString('base64url');
  const now = ctx.clock();
  const terminal = await ctx.store.transaction(async (tx) => {
    const enrolment = await tx.terminals.useEnrolment(sha256(token), id, now);
    if (!enrolment) throw new YktError('ENROLMENT_TOKEN_INVALID');
    const t: Terminal = {
      id,
      kind: enrolment.kind,
      line: enrolment.line,
      station: enrolment.station,
      secretHash: sha256(secret),
      enrolledAt: now,
      revokedAt: null,
      listVersion: null,
      lastSyncAt: null,
      softwareVersion,
    };
    await tx.terminals.insert(t);
    return t;
  });
  return { terminal, credentials: `${id}.${secret}` };
}

export class TerminalAuth {
  /** By terminal id: the row as last read, and the secret once it has been proven against its hash. */
  private readonly cache = new Map<string, { terminal: Terminal; checkedAt: number; secret?: Buffer }>();
  /** Reads of a terminal under way: a heartbeat checks a thousand streams of one terminal at once, with one read. */
  private readonly reading = new Map<string, Promise<Terminal | undefined>>();

  constructor(private readonly ctx: Context) {}

  /**
   * The terminal that `<id>.<secret>` stands for.
   * @throws YktError TERMINAL_AUTH_INVALID, or TERMINAL_REVOKED for a revoked reader.
   */
  async authenticate(credentials: string | undefined): Promise<Terminal> {
    const [id, secret] = (credentials ?? '').split('.');
    if (!id || !secret) throw new YktError('TERMINAL_AUTH_INVALID');
    const now = this.ctx.clock();
    let entry = this.cache.get(id);
    if (!entry || now - entry.checkedAt > AUTH_CACHE_MS) {
      const terminal = await this.read(id);
      if (!terminal) throw new YktError('TERMINAL_AUTH_INVALID');
      // Callers that shared one read share its entry (and so the secret the first of them proves).
      entry = this.cache.get(id);
      if (entry?.terminal !== terminal) this.cache.set(id, (entry = { terminal, checkedAt: now }));
    }
    // Online verification sits on the tap path: once a secret is proven, later requests compare it directly
    // (in constant time) instead of hashing it again.
    const given = Buffer.from(secret);
    const proven = entry.secret !== undefined && entry.secret.length === given.length && timingSafeEqual(entry.secret, given);
    if (!proven) {
      const expected = Buffer.from(entry.terminal.secretHash);
      const hashed = Buffer.from(sha256(secret));
      if (expected.length !== hashed.length || !timingSafeEqual(expected, hashed)) throw new YktError('TERMINAL_AUTH_INVALID');
      entry.secret = given;
    }
    if (entry.terminal.revokedAt !== null) throw new YktError('TERMINAL_REVOKED');
    return entry.terminal;
  }

  forget(id: string): void {
    this.cache.delete(id);
    this.reading.delete(id);
  }

  private read(id: string): Promise<Terminal | undefined> {
    let reading = this.reading.get(id);
    if (!reading) {
      reading = this.ctx.store.terminals.get(id).finally(() => this.reading.delete(id));
      this.reading.set(id, reading);
    }
    return reading;
  }
}

/**
 * Every enrolled reader as the operator sees it: placement, list version, last sync and software, never its
 * secret's hash.
 * @example const terminals = await registeredTerminals(ctx)
 */
export async function registeredTerminals(ctx: Context): Promise<Array<Omit<Terminal, 'secretHash'>>> {
  return (await ctx.store.terminals.all()).map(({ secretHash: _secret, ...terminal }) => terminal);
}

export async function revokeTerminal(ctx: Context, auth: TerminalAuth, id: string, actor: string): Promise<void> {
  const now = ctx.clock();
  await ctx.store.transaction(async (tx) => {
    if (!(await tx.terminals.get(id))) throw new YktError('TERMINAL_NOT_FOUND');
    await tx.terminals.revoke(id, now);
    await tx.audit.append({ at: now, actor, action: 'terminal.revoked', subject: `terminal:${id}`, data: {} });
  });
  auth.forget(id);
}

export type { Terminal };

/**
 * Records what a reader reports about itself on a request: its list version and software. Only what it
 * reports changes; the rest keeps the values last recorded.
 * @example await recordTerminalReport(ctx, terminal, { listVersion: 42, softwareVersion: null });
 */
export async function recordTerminalReport(ctx: Context, terminal: Terminal, report: { listVersion: number | null; softwareVersion: string | null }): Promise<void> {
  if (report.listVersion === null && report.softwareVersion === null) return;
  await ctx.store.terminals.report(terminal.id, {
    listVersion: report.listVersion ?? terminal.listVersion,
    softwareVersion: report.softwareVersion?.slice(0, 64) ?? terminal.softwareVersion,
    at: ctx.clock(),
  });
}
