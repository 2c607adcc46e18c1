// Notices: the language messages to the holder are written in, and reminders before a pass lapses, on or off.
import { h } from '../../shared/dom.ts';
import type { Preferences } from '../api.ts';
import type { Screen } from '../app.ts';

let preferences: Preferences | null = null;

export const noticesScreen: Screen = {
  title: 'noticesHeading',
  needs: 'session',
  back: () => 'cards',
  load: async (app) => {
    preferences = await app.api.preferences(app.session!.token);
  },
  render: (app) => {
    const current = preferences;
    if (!current) return [];
    const save = (change: Partial<Preferences>, button: HTMLElement) =>
      void app.busy(button, async () => {
        preferences = await app.api.setPreferences(app.session!.token, change);
        app.render();
        app.say('noticesSaved');
      });
    const langButtons = (['zh', 'en'] as const).map((lang) => {
      const button: HTMLButtonElement = h('button', { type: 'button', class: 'btn btn-small btn-default', 'aria-pressed': String(current.lang === lang), onclick: () => save({ lang }, button) },
        lang === 'zh' ? '中文' : 'English');
      return button;
    });
    const toggle: HTMLButtonElement = h('button', { type: 'button', class: 'btn btn-default', onclick: () => save({ reminders: !current.reminders }, toggle) },
      app.t(current.reminders ? 'remindersTurnOff' : 'remindersTurnOn'));
    return [
      h('section', { class: 'group', 'aria-labelledby': 'notice-lang' },
        h('div', { class: 'cell' }, h('h3', { id: 'notice-lang' }, app.t('noticesLang')), h('p', { class: 'muted' }, app.t('noticesLangText')), h('div', { role: 'group', 'aria-labelledby': 'notice-lang' }, ...langButtons))),
      h('section', { class: 'group', 'aria-labelledby': 'notice-reminders' },
        h('div', { class: 'cell' },
          h('h3', { id: 'notice-reminders' }, app.t('remindersHeading')),
          h('p', null, app.t(current.reminders ? 'remindersOn' : 'remindersOff')),
          toggle)),
    ];
  },
};
