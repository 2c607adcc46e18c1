// The built-in identity provider as the port sees it: a document, then a one-time code to the person's
// verified contact (holder/sign-in.ts does the work).
import type { Context } from '../context.ts';
import { requestCode, verifyCode } from '../holder/sign-in.ts';
import type { CodeIdentityProvider } from './identity-provider.ts';

export function documentCodeSignIn(ctx: Context): CodeIdentityProvider {
  return {
    kind: 'document-code',
    requestCode: (channel, request) => requestCode(ctx, channel, request),
    verifyCode: (channel, challengeId, code, lang) => verifyCode(ctx, channel, challengeId, code, lang),
  };
}
