// Shapes of the holder's sign-in routes that are not the one-time code's own: the ways offered, the session a
// sign-in ends with, and the redirects of a sign-in at a provider.
import { Type } from 'typebox';

const Lang = Type.Union([Type.Literal('zh'), Type.Literal('en')]);

/** What every sign-in answers with: the session, and the person as the page shows them (masked). */
export const SignedInReply = Type.Object({
  token: Type.String(),
  expiresAt: Type.String(),
  person: Type.Object({ docType: Type.String(), docMasked: Type.Union([Type.String(), Type.Null()]), contactMasked: Type.Union([Type.String(), Type.Null()]) }),
});

export const SignInMethods = Type.Object({
  documentCode: Type.Boolean({ description: 'a document and a one-time code (POST …/login/code, …/login) is offered' }),
  redirect: Type.Union(
    [
      Type.Object({
        kind: Type.Literal('oidc'),
        name: Type.Object({ zh: Type.String(), en: Type.String() }, { description: 'the provider, for "使用…登录" / "Sign in with …"' }),
        start: Type.String({ description: 'where the browser goes to start (a page navigation, not a fetch); ?lang=zh|en' }),
      }),
      Type.Null(),
    ],
    { description: 'a sign-in at an OpenID provider, or null where none is configured' },
  ),
});

export const StartQuery = Type.Object({ lang: Type.Optional(Lang) });

/** The provider's answer (RFC 6749 §4.1.2, RFC 9207); kept loose, since the flow checks it and refuses coded. */
export const CallbackQuery = Type.Object({
  code: Type.Optional(Type.String({ maxLength: 4096 })),
  state: Type.Optional(Type.String({ maxLength: 512 })),
  iss: Type.Optional(Type.String({ maxLength: 512 })),
  error: Type.Optional(Type.String({ maxLength: 256 })),
  error_description: Type.Optional(Type.String({ maxLength: 1024 })),
});

/** A 303 to another page: the body is empty, the Location header says where. */
export const redirectAnswer = (description: string) => ({ description, content: { 'text/plain': { schema: Type.String() } } });
