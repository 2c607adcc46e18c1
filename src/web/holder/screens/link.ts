// A link from a notice, opened on the phone: '#/unbind/<token>' confirms an unbind the holder asked customer
// service for, '#/reminders-off/<token>' stops reminders. Nothing happens on opening: a mail scanner that
// follows links must not unbind a card, so the holder presses the button. No sign-in: the token is the proof.
import { h } from '../../shared/dom.ts';
import type { App, Screen } from '../app.ts';
import { linkFromHash, type LinkAction } from '../links.ts';

export const linkScreen: Screen = {
  title: 'linkHeading',
  needs: 'any',
  render: (app) => {
    const link = linkFromHash(location.hash);
    if (!link) return [h('p', { class: 'cell' }, app.t('linkBroken'))];
    const unbind = link.do === 'unbind';
    const button: HTMLButtonElement = h('button', { type: 'button', class: unbind ? 'btn btn-warn' : 'btn btn-primary', onclick: () => void app.busy(button, () => act(app, link)) },
      app.t(unbind ? 'linkUnbindButton' : 'linkRemindersButton'));
    return [
      h('section', { class: 'group' }, h('div', { class: 'cell' }, h('p', null, app.t(unbind ? 'linkUnbindText' : 'linkRemindersText')), button)),
      h('a', { class: 'btn btn-default', href: '#/cards' }, app.t('backToCards')),
    ];
  },
};

async function act(app: App, link: LinkAction): Promise<void> {
  if (link.do === 'unbind') {
    const { card } = await app.api.confirmUnbind(link.token);
    app.cards = null;
    app.go('cards', { kind: 'ok', text: { key: 'linkUnbound', params: { card } } });
  } else {
    await app.api.remindersOff(link.token);
    app.go('cards', { kind: 'ok', text: { key: 'linkRemindersOff' } });
  }
}
