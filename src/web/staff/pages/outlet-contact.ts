// /outlet#/contact — a new contact for a holder's sign-in codes, for a holder who lost the phone or mailbox
// they go to. The clerk checks the holder and the original document in person, types the document and the
// new contact, reads the contact back to the holder in the confirmation (the one guard against a typo before
// it is stored), and asks the holder to sign in on their own phone before leaving.
import type { Static } from 'typebox';
import { DOCUMENT_LABELS, DOCUMENT_TYPES, isDocumentType, type DocumentType } from '../../../domain/documents.ts';
import type { OutletContactChange } from '../../../http/desk-schemas.ts';
import { confirmDialog } from '../../shared/dialog.ts';
import { h, uid, type Child } from '../../shared/dom.ts';
import type { Desk } from '../desk.ts';
import { facts } from '../format.ts';

type Change = Static<typeof OutletContactChange>;

const emptyForm = () => ({ docType: 'passport' as DocumentType, docNumber: '', docState: '', kind: 'phone' as 'phone' | 'email', phone: '', email: '', checked: false });

const state = { form: emptyForm(), done: null as Change | null };

const docName = (desk: Desk, type: string, masked: string | null) => `${isDocumentType(type) ? DOCUMENT_LABELS[type][desk.lang] : type} ${masked ?? ''}`.trim();

/** The task on the outlet desk: a visit starts with an empty result, a render draws the form and any result. */
export const contactTask = {
  load: (): void => {
    state.done = null;
  },
  // The result above the emptied form, where the clerk looks next: what to tell the holder before they leave.
  render: (desk: Desk): Child[] => [
    state.done ? donePanel(desk, state.done) : null,
    h('section', { class: 'panel', 'aria-labelledby': 'contact-heading' },
      h('h2', { id: 'contact-heading' }, desk.t('contactHeading')),
      h('p', { class: 'muted' }, desk.t('contactIntro')),
      contactForm(desk)),
  ],
};

function contactForm(desk: Desk): HTMLElement {
  const form = state.form;
  // The contact input keeps one id across renders: choosing phone or e-mail renders anew and focuses it.
  const ids = { type: uid('doc-type'), number: uid('doc-number'), state: uid('doc-state'), stateHint: uid('doc-state-hint'), contact: 'outlet-new-contact', hint: uid('contact-hint'), checked: uid('doc-checked') };
  const type = h('select', { id: ids.type, onchange: () => {
    if (isDocumentType(type.value)) form.docType = type.value;
  } }, DOCUMENT_TYPES.map((d) => h('option', { value: d, selected: form.docType === d }, DOCUMENT_LABELS[d][desk.lang])));
  const number = h('input', { type: 'text', id: ids.number, value: form.docNumber, autocomplete: 'off', maxlength: 64, required: true, oninput: () => (form.docNumber = number.value) });
  const issuer = h('input', { type: 'text', id: ids.state, value: form.docState, autocomplete: 'off', maxlength: 8, 'aria-describedby': ids.stateHint, oninput: () => (form.docState = issuer.value) });
  const kinds = (['phone', 'email'] as const).map((kind) => h('label', { class: 'choice' },
    h('input', { type: 'radio', name: 'contact-kind', value: kind, checked: form.kind === kind, onchange: () => {
      form.kind = kind;
      desk.render();
      document.getElementById(ids.contact)?.focus();
    } }),
    ' ', desk.t(kind === 'phone' ? 'contact.phone' : 'contact.email')));
  // type=text with a phone keypad for the number: the desk's stylesheet styles text and e-mail inputs, not tel.
  const contact = form.kind === 'phone'
    ? h('input', { type: 'text', inputmode: 'tel', id: ids.contact, value: form.phone, autocomplete: 'off', maxlength: 32, required: true, 'aria-describedby': ids.hint, oninput: () => (form.phone = contact.value) })
    : h('input', { type: 'email', id: ids.contact, value: form.email, autocomplete: 'off', maxlength: 254, required: true, spellcheck: 'false', oninput: () => (form.email = contact.value) });
  const checked = h('input', { type: 'checkbox', id: ids.checked, checked: form.checked, onchange: () => (form.checked = checked.checked) });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, desk.t('setContact'));
  return h('form', { class: 'desk-form', novalidate: true, onsubmit: (event: Event) => {
    event.preventDefault();
    void desk.busy(submit, () => setContact(desk));
  } },
  h('div', { class: 'field' }, h('label', { for: ids.type }, desk.t('docType')), type),
  h('div', { class: 'field' }, h('label', { for: ids.number }, desk.t('docNumber')), number),
  h('div', { class: 'field' }, h('label', { for: ids.state }, desk.t('docState')), h('p', { class: 'hint', id: ids.stateHint }, desk.t('docStateHint')), issuer),
  h('fieldset', null, h('legend', null, desk.t('newContact')), kinds,
    h('div', { class: 'field' }, h('label', { for: ids.contact }, desk.t(form.kind)), form.kind === 'phone' ? h('p', { class: 'hint', id: ids.hint }, desk.t('phoneHint')) : null, contact)),
  h('div', { class: 'choice' }, checked, h('label', { for: ids.checked }, desk.t('documentChecked'))),
  submit);
}

async function setContact(desk: Desk): Promise<void> {
  const form = state.form;
  const typed = (form.kind === 'phone' ? form.phone : form.email).trim();
  // Unticked or empty, the API answers with the coded reason; the dialog is for a contact worth reading back.
  if (form.checked && typed) {
    const ok = await confirmDialog({ title: desk.t('contactConfirmTitle'), body: desk.t('contactConfirmBody', { contact: typed }), confirm: desk.t('contactConfirm'), cancel: desk.t('cancel') });
    if (!ok) return;
  }
  const issuer = form.docState.trim();
  state.done = await desk.api.post<Change>('/api/v1/outlet/contact', {
    document: { type: form.docType, number: form.docNumber, ...(issuer ? { state: issuer } : {}) },
    [form.kind]: typed,
    documentChecked: form.checked,
  });
  state.form = emptyForm();
  desk.render();
  desk.say('contactChanged', { contact: state.done.contactMasked, doc: docName(desk, state.done.holder.docType, state.done.holder.docMasked) });
  document.getElementById('contact-done')?.focus();
}

function donePanel(desk: Desk, done: Change): HTMLElement {
  return h('section', { class: 'panel', 'aria-labelledby': 'contact-done' },
    h('h2', { id: 'contact-done', tabindex: '-1' }, desk.t('contactDoneHeading')),
    facts([
      [desk.t('holder'), docName(desk, done.holder.docType, done.holder.docMasked)],
      [desk.t('newContact'), done.contactMasked],
      [desk.t('previousContact'), done.previousMasked ?? desk.t('noContactOnFile')],
    ]),
    h('p', null, desk.t('contactSignInNow')));
}
