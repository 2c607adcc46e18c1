// Language: every page exists in Simplified Chinese and English. The choice is remembered in localStorage and
// set on <html lang> so that screen readers pronounce the page in the right language.

export type Lang = 'zh' | 'en';
export const LANGS: readonly Lang[] = ['zh', 'en'];

/** A text in both languages, as the API's error messages and the domain's labels carry them. */
export interface Bilingual {
  zh: string;
  en: string;
}

/** A page set's message table, in its messages.ts: the same keys in both languages (test/web/messages.test.ts). */
export type MessageTable<K extends string> = Record<Lang, Record<K, string>>;

const STORAGE_KEY = 'ykt.lang';

export const htmlLang = (lang: Lang): string => (lang === 'zh' ? 'zh-CN' : 'en');
export const otherLang = (lang: Lang): Lang => (lang === 'zh' ? 'en' : 'zh');

/**
 * The language a link asks for (`?lang=zh|en`, as a notice or a QR code may carry), else the remembered one,
 * else the browser's first preference, else Chinese (the service is in Beijing).
 */
export function initialLang(): Lang {
  const url = new URL(location.href);
  const asked = url.searchParams.get('lang');
  if (asked === 'zh' || asked === 'en') {
    // Taken once, then remembered like a switch: a reload after switching keeps the person's own choice.
    url.searchParams.delete('lang');
    history.replaceState(history.state, '', url);
    return asked;
  }
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === 'zh' || stored === 'en') return stored;
  } catch {
    // Storage can be disabled (private modes, embedded web views); the page still works, it just forgets.
  }
  const first = (navigator.languages[0] ?? navigator.language ?? '').toLowerCase();
  return first.startsWith('en') ? 'en' : 'zh';
}

/** Makes `lang` the page's language and remembers it. */
export function applyLang(lang: Lang): void {
  document.documentElement.lang = htmlLang(lang);
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // See initialLang.
  }
}

/**
 * Fills `{name}` placeholders.
 * @example fill('Unbind {card}', { card: '1000****0001' }) === 'Unbind 1000****0001'
 */
export function fill(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The placeholders a template uses, sorted: both languages of one key must use the same ones. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
}
