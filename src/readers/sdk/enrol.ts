// A reader's first contact: trades a one-time enrolment token for its credentials, the operator's root keys and hash keys.
import { base64Bytes } from './bytes.ts';
import { ReaderSyncError } from './sync-error.ts';

export interface ReaderEnrolment {
  terminalId: string;
  /** `<terminal id>.<secret>`: keep it in the reader's secure storage. */
  credentials: string;
  /** The operator's root public keys by root key id, for ReaderList: the reader trusts list-signing keys only through them. */
  rootKeys: Map<number, Uint8Array>;
  /** List hash keys by id, for ReaderList. */
  hashKeys: Map<number, Uint8Array>;
  /** Signing key ids revoked so far. */
  revokedKeyIds: number[];
}

/**
 * Trades a one-time enrolment token for the reader's credentials, root keys and hash keys (POST /enrol).
 * @example
 * const e = await enrolReader({ baseUrl: 'http://localhost:8080', token });
 * const list = new ReaderList({ rootKeys: e.rootKeys, hashKeys: e.hashKeys, revokedKeyIds: e.revokedKeyIds });
 */
export async function enrolReader(options: { baseUrl: string; token: string; softwareVersion?: string; fetch?: typeof globalThis.fetch; apiPrefix?: string }): Promise<ReaderEnrolment> {
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const url = options.baseUrl.replace(/\/+$/, '') + (options.apiPrefix ?? '/api/v1/terminal') + '/enrol';
  const response = await fetchImpl(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: options.token, ...(options.softwareVersion ? { softwareVersion: options.softwareVersion } : {}) }),
  });
  const body = (await response.json().catch(() => ({}))) as {
    terminalId?: string;
    credentials?: string;
    rootKeys?: Array<{ keyId: number; key: string }>;
    hashKeys?: Array<{ keyId: number; key: string }>;
    revokedKeyIds?: number[];
    error?: { code?: string };
  };
  if (response.status !== 201 || !body.terminalId || !body.credentials) {
    throw new ReaderSyncError(`enrolment: HTTP ${response.status}${body.error?.code ? ` ${body.error.code}` : ''}`, response.status, body.error?.code ?? null);
  }
  const keys = (list: Array<{ keyId: number; key: string }> = []) => new Map(list.map((k) => [k.keyId, base64Bytes(k.key)] as const));
  return { terminalId: body.terminalId, credentials: body.credentials, rootKeys: keys(body.rootKeys), hashKeys: keys(body.hashKeys), revokedKeyIds: body.revokedKeyIds ?? [] };
}
