// Sign-in at the OpenID provider the deployment names ("使用健康宝登录" / "Sign in with Health Kit"): a
// link, since the browser itself goes to the provider and back; on the way back the server has kept the
// outcome in an HttpOnly cookie, and the page fetches it once, before it draws anything.
import { ApiError } from '../shared/api.ts';
import { h } from '../shared/dom.ts';
import type { App, Notice } from './app.ts';

/** The button that starts the sign-in at the provider, when the deployment has one. */
export function providerButton(app: App): HTMLElement | null {
  const provider = app.signInMethods?.redirect;
  if (!provider) return null;
  const href = `${provider.start}?lang=${app.lang}`;
  return h('a', { class: 'btn btn-primary', href }, app.t('signInWith', { name: provider.name[app.lang] }));
}

/**
 * Back from the provider (`?signin=oidc`): takes the session, or the refusal to show on the sign-in screen.
 * Either way the marker leaves the address, so a reload does not ask again.
 */
export async function finishProviderSignIn(app: App): Promise<Notice | undefined> {
  const url = new URL(location.href);
  if (url.searchParams.get('signin') !== 'oidc') return undefined;
  url.searchParams.delete('signin');
  try {
    app.setSession(await app.api.providerSignInResult());
    history.replaceState(null, '', `${url.pathname}${url.search}#/cards`);
    return undefined;
  } catch (error) {
    history.replaceState(null, '', `${url.pathname}${url.search}#/signin`);
    return { kind: 'error', text: error instanceof ApiError ? error.text : { key: 'unexpectedError' } };
  }
}
