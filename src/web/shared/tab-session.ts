// A sign-in kept for this tab only (sessionStorage): closing the tab signs out, a reload does not. Used by the
// holder pages and the desk shell, each under its own key.

/** The session saved under `key`, or null (none, unreadable, or storage disabled). */
export function loadTabSession<T>(key: string): T | null {
  try {
    const raw = sessionStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

/** Saves the session under `key`, or forgets it when null. */
export function saveTabSession<T>(key: string, session: T | null): void {
  try {
    if (session) sessionStorage.setItem(key, JSON.stringify(session));
    else sessionStorage.removeItem(key);
  } catch {
    // Without storage the session lasts until the page is left, which is still usable.
  }
}
