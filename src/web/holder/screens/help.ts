// Questions and help: the seed's questions and answers, the help channels, and where refunds happen.
import { h } from '../../shared/dom.ts';
import type { App, Screen } from '../app.ts';
import type { MessageKey } from '../messages.ts';

const QUESTIONS: Array<{ q: MessageKey; a: MessageKey[] }> = [
  { q: 'faq1q', a: ['faq1a', 'faq1note'] },
  { q: 'faq2q', a: ['faq2a'] },
  { q: 'faq3q', a: ['faq3a'] },
  { q: 'faq4q', a: ['faq4a'] },
  { q: 'faq5q', a: ['faq5a'] },
  { q: 'faq6q', a: ['faq6a'] },
  { q: 'faq7q', a: ['faq7a'] },
];

export const helpScreen: Screen = {
  title: 'faqHeading',
  needs: 'any',
  back: (app) => (app.session ? 'cards' : 'signin'),
  render: (app: App) => [
    h('div', { class: 'group' }, QUESTIONS.map(({ q, a }) => h('details', null, h('summary', null, app.t(q)), h('div', null, a.map((key) => h('p', null, app.t(key))))))),
    h('section', { class: 'group', 'aria-labelledby': 'contact-title' },
      h('div', { class: 'cell' }, h('h3', { id: 'contact-title' }, app.t('contactHeading'))),
      h('ul', { class: 'plain' },
        h('li', { class: 'cell' }, app.t('contactStaff')),
        h('li', { class: 'cell' }, app.t('contactApp')),
        h('li', { class: 'cell' }, app.t('contactEmail'), h('a', { class: 'inline-link', href: 'mailto:96066@bmac.com.cn' }, '96066@bmac.com.cn')),
        h('li', { class: 'cell' }, app.t('contactHotline'), h('a', { class: 'inline-link', href: 'tel:010-96066' }, '010-96066')))),
    h('nav', { class: 'group', 'aria-labelledby': 'contact-title' },
      h('a', { class: 'cell-link', href: app.session ? '#/tickets' : '#/signin' }, app.t(app.session ? 'ticketsLink' : 'ticketsSignIn')),
      // The finder is its own page, in the language chosen here (both remember ykt.lang).
      h('a', { class: 'cell-link', href: '/outlets' }, app.t('findOutlet'))),
    h('section', { class: 'group', 'aria-labelledby': 'refund-title' },
      h('div', { class: 'cell' },
        h('h3', { id: 'refund-title' }, app.t('refundHeading')),
        h('p', null, app.t('refundText')),
        h('ul', null, h('li', null, app.t('refundWeChat')), h('li', null, app.t('refundWeb'))),
        h('a', { class: 'btn btn-default', href: '/outlets' }, app.t('findOutlet')))),
    h('p', { class: 'muted' }, app.t('source')),
  ],
};
