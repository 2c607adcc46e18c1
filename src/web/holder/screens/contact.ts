// Change where sign-in codes go: a mobile number or an e-mail address, then the codes the API sends — one to
// the contact on file and one to the new contact (only the new one when none is on file) — and the change
// is made. The demo shows the codes from its outbox, as sign-in does. A holder who lost the old contact is
// sent to an outlet.
import { h } from '../../shared/dom.ts';
import type { ContactCodesSent } from '../api.ts';
import type { App, Screen } from '../app.ts';
import { beijingTime } from '../format.ts';

const fresh = () => ({
  kind: 'phone' as 'phone' | 'email',
  phone: '',
  email: '',
  challenge: null as ContactCodesSent | null,
  demo: [] as Array<{ to: string; code: string }>,
  code: '',
  oldCode: '',
});

let form = fresh();

export const contactScreen: Screen = {
  title: 'codeContact.screen',
  needs: 'session',
  back: () => 'data',
  // Every visit starts over: a challenge left half done is not worth keeping, and never another session's.
  load: async () => {
    form = fresh();
  },
  render: (app) => (form.challenge ? codesStep(app, form.challenge) : contactStep(app)),
};

/** The new contact: a choice of text message or e-mail, then the one input it needs. */
function contactStep(app: App): Node[] {
  const onFile = app.session!.person.contactMasked;
  const kind = form.kind;
  const choice = (value: 'phone' | 'email') =>
    h('label', { class: 'choice' },
      h('input', { type: 'radio', name: 'new-contact-kind', value, checked: kind === value, onchange: () => {
        form.kind = value;
        app.render();
        document.getElementById(`new-contact-${value}`)?.focus();
      } }),
      ' ', app.t(value === 'phone' ? 'contact.phone' : 'contact.email'));
  // The input types and autocomplete tokens let a phone offer its own number or address and the right keyboard.
  const input = kind === 'phone'
    ? h('input', { type: 'tel', id: 'new-contact-phone', value: form.phone, autocomplete: 'tel', inputmode: 'tel', maxlength: '32', 'aria-describedby': 'new-contact-hint', oninput: () => { form.phone = input.value; } })
    : h('input', { type: 'email', id: 'new-contact-email', value: form.email, autocomplete: 'email', inputmode: 'email', maxlength: '254', spellcheck: 'false', 'aria-describedby': 'new-contact-hint', oninput: () => { form.email = input.value; } });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, app.t('sendCode'));
  const send = async () => {
    const given = kind === 'phone' ? { phone: form.phone } : { email: form.email };
    const sent = await app.api.requestContactChange(app.session!.token, { ...given, lang: app.lang });
    form.challenge = sent;
    form.demo = await app.api.demoCodes(sent.challengeId);
    app.render();
    document.getElementById(sent.oldSentTo ? 'contact-old-code' : 'contact-new-code')?.focus();
  };
  return [
    h('p', null, onFile ? app.t('codeContact.onFile', { contact: onFile }) : app.t('codeContact.none')),
    h('p', { class: 'muted' }, app.t(onFile ? 'codeContact.intro' : 'codeContact.introFirst')),
    h('form', { novalidate: true, onsubmit: (event: Event) => { event.preventDefault(); void app.busy(submit, send); } },
      h('fieldset', { class: 'group contact' },
        h('legend', null, app.t('codeContact.new')),
        h('div', { class: 'choices' }, choice('phone'), choice('email')),
        h('div', { class: 'field' }, h('label', { for: input.id }, app.t(kind)), h('p', { class: 'hint', id: 'new-contact-hint' }, app.t(kind === 'phone' ? 'phoneHint' : 'emailHint')), input)),
      submit),
    h('p', { class: 'muted' }, app.t('codeContact.lost'), ' ', h('a', { class: 'inline-link', href: '/outlets' }, app.t('findOutlet'))),
  ];
}

/** The codes: one field per contact a code went to, labelled by where it went. */
function codesStep(app: App, challenge: ContactCodesSent): Node[] {
  const time = beijingTime(app, challenge.expiresAt);
  const codeField = (id: string, label: string, value: () => string, set: (v: string) => void) => {
    const input = h('input', {
      type: 'text', id, value: value(), inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: '6', 'aria-describedby': 'contact-sent contact-code-hint',
      oninput: () => set(input.value),
    });
    return h('div', { class: 'field' }, h('label', { for: id }, label), input);
  };
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, app.t('codeContact.confirm'));
  const confirm = async () => {
    const { contactMasked } = await app.api.confirmContactChange(app.session!.token, {
      challengeId: challenge.challengeId,
      code: form.code.trim(),
      ...(challenge.oldSentTo ? { oldCode: form.oldCode.trim() } : {}),
    });
    const session = app.session!;
    app.setSession({ ...session, person: { ...session.person, contactMasked } });
    app.go('data', { kind: 'ok', text: { key: 'codeContact.changed', params: { to: contactMasked } } });
  };
  return [
    h('form', { novalidate: true, onsubmit: (event: Event) => { event.preventDefault(); void app.busy(submit, confirm); } },
      h('p', { id: 'contact-sent' }, challenge.oldSentTo
        ? app.t('codeContact.sentBoth', { old: challenge.oldSentTo, to: challenge.sentTo, time })
        : app.t('codeSent', { to: challenge.sentTo, time })),
      form.demo.map((d) => h('p', { class: 'demo' }, app.t('codeContact.demo', d))),
      h('div', { class: 'group' },
        h('p', { class: 'hint cell', id: 'contact-code-hint' }, app.t('codeHint')),
        challenge.oldSentTo ? codeField('contact-old-code', app.t('codeContact.oldCode', { to: challenge.oldSentTo }), () => form.oldCode, (v) => { form.oldCode = v; }) : null,
        codeField('contact-new-code', app.t('codeContact.newCode', { to: challenge.sentTo }), () => form.code, (v) => { form.code = v; })),
      submit,
      h('button', { type: 'button', class: 'link-btn', onclick: () => {
        form.challenge = null;
        app.setNotice(null);
        app.render(true);
      } }, app.t('codeContact.restart'))),
  ];
}
