// The landing page at /: what the service is, and links to the pages, in both languages.
import { h, replace } from '../shared/dom.ts';
import { langSwitch } from '../shared/lang-switch.ts';
import { messages, type LandingKey } from './messages.ts';

const root = document.getElementById('root')!;
const langs = langSwitch('icon-btn lang', () => render());

function render(): void {
  const t = (key: LandingKey) => messages[langs.lang][key];
  document.title = t('title');
  const link = (href: string, title: LandingKey, text: LandingKey) =>
    h('li', null, h('a', { class: 'cell-link', href }, h('span', null, h('strong', null, t(title)), h('br'), h('span', { class: 'muted' }, t(text)))));
  replace(
    root,
    h('header', { class: 'topbar' }, h('span'), h('h1', null, t('title')), langs.element),
    h('main', null,
      h('div', { class: 'landing-hero' }, h('p', null, t('intro'))),
      h('nav', { 'aria-label': t('pagesLabel') },
        h('ul', { class: 'group plain' },
          link('/kit', 'kitTitle', 'kitText'),
          link('/app', 'appTitle', 'appText'),
          link('/outlets', 'outletsTitle', 'outletsText'),
          link('/docs', 'docsTitle', 'docsText'))),
      h('p', { class: 'muted' }, t('notUpgraded'))),
    h('footer', null, t('help')),
  );
}

render();
