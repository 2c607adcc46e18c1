// What a failed OpenID Connect exchange means to the person: openid-client's errors → our coded refusals.
// Its errors carry the ID token's claims in their causes, so nothing here passes an error on to a log; the
// operator's line names the library's code and static message only.
import * as client from 'openid-client';
import { YktError } from '../../domain/errors.ts';
import type { Log } from '../ports.ts';

/** The library's error code, message and the claim it names, read without touching anything personal. */
function described(error: unknown): { code: string; message: string; claim: unknown } {
  const e = error as { code?: unknown; message?: unknown; cause?: { message?: unknown; cause?: { claim?: unknown } } };
  return {
    code: typeof e?.code === 'string' ? e.code : error instanceof Error ? error.name : 'unknown',
    message: `${typeof e?.message === 'string' ? e.message : ''} ${typeof e?.cause?.message === 'string' ? e.cause.message : ''}`.trim(),
    claim: e?.cause?.cause?.claim,
  };
}

/**
 * The refusal for an error thrown while finishing the flow with the provider: a nonce that is not ours
 * (a replayed or substituted ID token), a sign-in the person cancelled there, or anything else the provider
 * did wrong. A YktError (ours) passes through unchanged.
 */
export function providerRefusal(log: Log, error: unknown): YktError {
  if (error instanceof YktError) return error;
  const { code, message, claim } = described(error);
  if (error instanceof client.AuthorizationResponseError && error.error === 'access_denied') return new YktError('OIDC_SIGN_IN_CANCELLED');
  if (claim === 'nonce' || /"nonce"/.test(message)) {
    log.warn({ oidcError: code }, 'OpenID Connect: the ID token does not carry the nonce this sign-in sent');
    return new YktError('OIDC_NONCE_MISMATCH');
  }
  const providerError = error instanceof client.AuthorizationResponseError ? error.error : undefined;
  log.warn({ oidcError: code, providerError, reason: message }, 'OpenID Connect: the provider\'s answer was refused');
  return new YktError('OIDC_PROVIDER_ERROR');
}
