// What the adapters share in telling an unavailable database from a failing request: the error, or any
// error it wraps (a UniqueViolation's cause, a driver's connection error inside Kysely's rollback), carries
// a code the engine uses for "not now".

/** The codes of `error` and of every error in its `cause` chain. */
export function* errorCodes(error: unknown): Generator<string> {
  for (let e = error, depth = 0; typeof e === 'object' && e !== null && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') yield code;
  }
}

/** The operating system's words for a database server it cannot reach (or that hung up). */
export const NETWORK_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
