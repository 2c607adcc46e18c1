// Staff password hashes: scrypt with its parameters stored beside each hash, so that raising them later
// leaves every old hash readable and each one is rehashed on its owner's next sign-in.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface ScryptParameters {
  /** CPU/memory cost, a power of two. */
  N: number;
  /** Block size. */
  r: number;
  /** Parallelisation. */
  p: number;
}

/** OWASP Password Storage Cheat Sheet (scrypt, when Argon2id is not at hand): N=2^17, r=8, p=1. */
export const CURRENT: ScryptParameters = { N: 2 ** 17, r: 8, p: 1 };
/**
 * The demo's accounts have their passwords printed at start for anyone to use: hashing them at production
 * cost would only slow every demo start and every test that signs staff in, so the demo uses Node's default.
 */
export const DEMO: ScryptParameters = { N: 2 ** 14, r: 8, p: 1 };
/** The parameters new hashes get: production's, or the demo's (see DEMO). */
export const parametersFor = (config: { demo: boolean }): ScryptParameters => (config.demo ? DEMO : CURRENT);
/** What `scrypt$<salt>$<hash>` (the first format, no parameters written) was made with: Node's defaults. */
const LEGACY: ScryptParameters = { N: 2 ** 14, r: 8, p: 1 };
// A stored hash is trusted data, but a damaged row must not make one sign-in take gigabytes.
const MAX_N = 2 ** 20;
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, length: number, { N, r, p }: ScryptParameters): Promise<Buffer> {
  // scrypt needs 128·N·r bytes; Node refuses anything over maxmem, 32 MiB by default (N=2^17 needs 128 MiB).
  const options: ScryptOptions = { N, r, p, maxmem: 2 * 128 * N * r };
  return new Promise((resolve, reject) => scrypt(password, salt, length, options, (error, key) => (error ? reject(error) : resolve(key))));
}

interface Parsed {
  params: ScryptParameters;
  salt: Buffer;
  hash: Buffer;
}

function parse(stored: string): Parsed | undefined {
  const parts = stored.split('$');
  if (parts[0] !== 'scrypt') return undefined;
  if (parts.length === 3) return { params: LEGACY, salt: Buffer.from(parts[1]!, 'base64'), hash: Buffer.from(parts[2]!, 'base64') };
  if (parts.length !== 6) return undefined;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every(Number.isSafeInteger) || N < 2 || N > MAX_N || (N & (N - 1)) !== 0 || r < 1 || p < 1) return undefined;
  return { params: { N, r, p }, salt: Buffer.from(parts[4]!, 'base64'), hash: Buffer.from(parts[5]!, 'base64') };
}

/**
 * Hashes a password under the current parameters.
 * @example await hashPassword('a-long-password') // 'scrypt$131072$8$1$<salt, base64>$<hash, base64>'
 */
export async function hashPassword(password: string, params: ScryptParameters = CURRENT): Promise<string> {
  const salt = randomBytes(16);
  const hash = await derive(password, salt, KEY_LENGTH, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

/** Whether a password matches a stored hash of either format; false for a hash it cannot read. */
export async function passwordMatches(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed || parsed.hash.length === 0) return false;
  const given = await derive(password, parsed.salt, parsed.hash.length, parsed.params);
  return timingSafeEqual(parsed.hash, given);
}

/** Whether a stored hash is weaker than `target` (and should be remade); a stronger one is kept. */
export function needsRehash(stored: string, target: ScryptParameters = CURRENT): boolean {
  const params = parse(stored)?.params;
  return !params || params.N < target.N || params.r < target.r || params.p < target.p;
}

/**
 * A hash no password matches, under the current parameters: checking a password against it costs what
 * checking a real one does, so an unknown username answers no faster than a known one.
 */
export function unmatchableHash(params: ScryptParameters = CURRENT): string {
  return ['scrypt', params.N, params.r, params.p, randomBytes(16).toString('base64'), randomBytes(KEY_LENGTH).toString('base64')].join('$');
}
