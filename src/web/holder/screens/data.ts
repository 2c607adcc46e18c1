// My data: where sign-in codes go (changed on the 'contact' screen), export everything held about me (the
// API's JSON, downloaded as a file) and delete my account.
import { confirmDialog } from '../../shared/dialog.ts';
import { h } from '../../shared/dom.ts';
import type { App, Screen } from '../app.ts';

export const dataScreen: Screen = {
  title: 'dataHeading',
  needs: 'session',
  back: () => 'cards',
  render: (app) => {
    const exportButton = h('button', { type: 'button', class: 'btn btn-default', onclick: () => void app.busy(exportButton, () => exportData(app)) }, app.t('exportButton'));
    const deleteButton = h('button', { type: 'button', class: 'btn btn-warn', onclick: () => void deleteAccount(app, deleteButton) }, app.t('deleteButton'));
    const contact = app.session!.person.contactMasked;
    return [
      h('section', { class: 'group', 'aria-labelledby': 'code-contact-heading' },
        h('div', { class: 'cell' },
          h('h3', { id: 'code-contact-heading' }, app.t('codeContact.heading')),
          h('p', null, contact ? app.t('codeContact.onFile', { contact }) : app.t('codeContact.none'))),
        h('a', { class: 'cell-link', href: '#/contact' }, app.t('codeContact.change'))),
      h('section', { class: 'group' }, h('div', { class: 'cell' }, h('p', null, app.t('exportText')), exportButton)),
      h('section', { class: 'group' }, h('div', { class: 'cell' }, h('p', null, app.t('deleteText')), deleteButton)),
    ];
  },
};

async function exportData(app: App): Promise<void> {
  const data = await app.api.exportData(app.session!.token);
  const file = `yikatong-my-data-${new Date().toISOString().slice(0, 10)}.json`;
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
  const link = h('a', { href: url, download: file, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: the download has to start from the URL first.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  app.say('exported', { file });
}

async function deleteAccount(app: App, button: HTMLElement): Promise<void> {
  const confirmed = await confirmDialog({
    title: app.t('deleteTitle'),
    body: app.t('deleteText'),
    confirm: app.t('deleteButton'),
    cancel: app.t('cancel'),
    danger: true,
  });
  if (!confirmed) return;
  await app.busy(button, async () => {
    const { bindingsEnded } = await app.api.deleteAccount(app.session!.token);
    app.setSession(null);
    const key = bindingsEnded === 0 ? 'deletedNone' : bindingsEnded === 1 ? 'deletedOne' : 'deleted';
    app.go('signin', { kind: 'ok', text: { key, params: { count: bindingsEnded } } });
  });
}
