// The zh/EN switch every page carries. Its label is the other language's name written in that language, with
// <button lang> set to match, so a screen reader says "English" in English; pressing it makes that language the
// page's (<html lang>) and remembers it (see i18n.ts), then the page redraws its texts.
import { h } from './dom.ts';
import { applyLang, htmlLang, initialLang, otherLang, type Lang } from './i18n.ts';

/** The switch's label while the page is in each language. */
export const SWITCH_TO: Record<Lang, string> = { zh: 'English', en: '中文' };

export interface LangSwitch {
  readonly element: HTMLButtonElement;
  /** The page's language now. */
  readonly lang: Lang;
}

/**
 * Starts a page in its remembered language and makes its switch. `redraw` runs after each switch, with the
 * new language already applied; the switch keeps the focus even when the page rebuilds around it.
 * @example const langs = langSwitch('icon-btn lang', (lang) => render(lang)); header.append(langs.element)
 */
export function langSwitch(className: string, redraw: (lang: Lang) => void): LangSwitch {
  let lang = initialLang();
  const element = h('button', { type: 'button', class: className, onclick: () => {
    lang = otherLang(lang);
    label();
    redraw(lang);
    element.focus();
  } });
  const label = () => {
    applyLang(lang);
    element.lang = htmlLang(otherLang(lang));
    element.textContent = SWITCH_TO[lang];
  };
  label();
  return { element, get lang() { return lang; } };
}
