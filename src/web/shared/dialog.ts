// A confirmation in a native modal <dialog>: the browser traps focus, Escape cancels, and focus returns to
// the button that opened it.
import { h } from './dom.ts';

export interface ConfirmTexts {
  title: string;
  body: string;
  confirm: string;
  cancel: string;
  /** A destructive action gets the warning colour. */
  danger?: boolean;
}

/** Resolves true when the person confirms. */
export function confirmDialog(texts: ConfirmTexts): Promise<boolean> {
  return new Promise((resolve) => {
    const opener = document.activeElement as HTMLElement | null;
    const titleId = 'confirm-title';
    const bodyId = 'confirm-body';
    const cancel = h('button', { type: 'button', class: 'btn btn-default', value: 'cancel', onclick: () => dialog.close('cancel') }, texts.cancel);
    const confirm = h(
      'button',
      { type: 'button', class: texts.danger ? 'btn btn-warn' : 'btn btn-primary', onclick: () => dialog.close('confirm') },
      texts.confirm,
    );
    const dialog = h(
      'dialog',
      { class: 'confirm', 'aria-labelledby': titleId, 'aria-describedby': bodyId },
      h('h2', { id: titleId }, texts.title),
      h('p', { id: bodyId }, texts.body),
      h('div', { class: 'confirm-actions' }, cancel, confirm),
    );
    dialog.addEventListener('close', () => {
      dialog.remove();
      opener?.focus();
      resolve(dialog.returnValue === 'confirm');
    });
    document.body.append(dialog);
    dialog.showModal();
    // The safe choice has the focus, so a stray Enter does not unbind or delete.
    cancel.focus();
  });
}
