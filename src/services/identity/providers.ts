// The identity providers a deployment offers, as its configuration says (YKT_IDENTITY, YKT_OIDC_*).
import type { Context } from '../context.ts';
import { documentCodeSignIn } from './document-code.ts';
import type { IdentityProviders } from './identity-provider.ts';
import { OidcSignIn } from './oidc.ts';

/** @example const identity = identityProviders(ctx); await offered(identity.code).requestCode('kit', request) */
export function identityProviders(ctx: Context): IdentityProviders {
  const { documentCode, oidc } = ctx.config.identity;
  return {
    code: documentCode ? documentCodeSignIn(ctx) : undefined,
    redirect: oidc ? new OidcSignIn(ctx, oidc) : undefined,
  };
}
