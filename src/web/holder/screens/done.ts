// The success page: what was upgraded and what happens at the next tap.
import { h } from '../../shared/dom.ts';
import type { Screen } from '../app.ts';
import { mediumName } from '../format.ts';

export const doneScreen: Screen = {
  title: 'doneHeading',
  needs: 'session',
  back: () => 'cards',
  render: (app) => {
    const card = app.lastUpgraded;
    return [
      h('div', { class: 'done-mark', 'aria-hidden': 'true' }, '✓'),
      h('div', { class: 'group' },
        card ? h('p', { class: 'cell' }, app.t('doneCard', { card: card.card, medium: mediumName(app, card.medium) })) : null,
        h('p', { class: 'cell' }, app.t('doneNextTap')),
        h('p', { class: 'cell' }, app.t('doneIfRefused'))),
      h('a', { class: 'btn btn-primary', href: '#/cards' }, app.t('backToCards')),
    ];
  },
};
