// Sign in: a document (type, number, issuing state for passports, optional name) checked as it is typed
// with the domain's own rules, then the one-time code. A document of the other channel is told where to go.
// At a first sign-in the server answers CONTACT_REQUIRED: the form then asks where codes should go (a mobile
// number or an e-mail address) and asks again; later sign-ins never see that part. Where the deployment has
// an OpenID provider, its "Sign in with …" comes first, and the form only where codes are offered too.
import { channelFor, checkDocument, DOCUMENT_LABELS, isDocumentType } from '../../../domain/documents.ts';
import { errorEntry } from '../../../domain/errors.ts';
import { ApiError } from '../../shared/api.ts';
import { h, uid } from '../../shared/dom.ts';
import type { App, Screen } from '../app.ts';
import { CHANNELS } from '../channels.ts';
import { beijingTime } from '../format.ts';
import { providerButton } from '../provider-sign-in.ts';

export const signInScreen: Screen = {
  title: 'signInHeading',
  needs: 'guest',
  load: async (app) => {
    app.signInMethods ??= await app.api.signInMethods();
  },
  render: (app) => (app.signIn.challenge ? codeStep(app) : documentStep(app)),
};

/** A labelled control, with its hint above it and its as-you-type check below it. */
function field(label: string, control: HTMLElement, hint: HTMLElement | null, check: HTMLElement | null = null): HTMLElement {
  return h('div', { class: 'field' }, h('label', { for: control.id }, label), hint, control, check);
}

function documentStep(app: App): Node[] {
  const form = app.signIn;
  const ids = { type: uid('doc-type'), format: uid('doc-format'), number: uid('doc-number'), check: uid('doc-check'), state: uid('doc-state'), stateHint: uid('state-hint'), stateCheck: uid('state-check'), name: uid('doc-name'), nameHint: uid('name-hint') };

  const typeSelect = h(
    'select',
    { id: ids.type, 'aria-describedby': ids.format, onchange: () => {
      if (isDocumentType(typeSelect.value)) form.type = typeSelect.value;
      update(false);
    } },
    CHANNELS[app.channel].documents.map((type) => h('option', { value: type, selected: type === form.type }, DOCUMENT_LABELS[type][app.lang])),
  );
  const formatHint = h('p', { class: 'hint', id: ids.format });
  const numberInput = h('input', {
    type: 'text', id: ids.number, value: form.number, autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false',
    'aria-describedby': `${ids.format} ${ids.check}`,
    oninput: () => { form.number = numberInput.value; update(false); },
    onblur: () => update(true),
  });
  const numberCheck = h('p', { class: 'check', id: ids.check });
  const stateInput = h('input', {
    type: 'text', id: ids.state, value: form.state, maxlength: '3', autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false',
    'aria-describedby': `${ids.stateHint} ${ids.stateCheck}`,
    oninput: () => { form.state = stateInput.value; update(false); },
    onblur: () => update(true),
  });
  const stateCheck = h('p', { class: 'check', id: ids.stateCheck });
  const stateField = field(app.t('docState'), stateInput, h('p', { class: 'hint', id: ids.stateHint }, app.t('docStateHint')), stateCheck);
  const nameInput = h('input', { type: 'text', id: ids.name, value: form.name, autocomplete: 'name', 'aria-describedby': ids.nameHint, oninput: () => { form.name = nameInput.value; } });
  // Polite, not assertive: it follows the person's own choice of document type.
  const channelNotice = h('div', { 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, app.t('sendCode'));
  const contact = form.askContact ? contactFields(app) : null;

  // Checked as typed, but marked invalid only once the person leaves the field, so a half-typed number is not an error.
  function update(touched: boolean): void {
    formatHint.textContent = app.t(`format.${form.type}`);
    stateField.hidden = form.type !== 'passport';
    const verdict = checkDocument({ type: form.type, number: form.number, state: form.state });
    const code = verdict.valid ? null : verdict.code;
    const stateProblem = code === 'DOC_PASSPORT_STATE_MISSING' || code === 'DOC_PASSPORT_STATE_UNKNOWN';
    const numberResult = code && !stateProblem ? { ok: false, text: app.text(errorEntry(code)) } : { ok: true, text: app.t('docLooksRight') };
    showCheck(numberInput, numberCheck, form.number.trim() === '' ? null : numberResult, touched);
    // The issuing state is checked on its own (with a stand-in number), so it is judged even before the number is right.
    const stateVerdict = checkDocument({ type: 'passport', number: 'A1', state: form.state });
    const stateResult = stateVerdict.valid ? { ok: true, text: `✓ ${stateVerdict.document.state}` } : { ok: false, text: app.text(errorEntry(stateVerdict.code)) };
    showCheck(stateInput, stateCheck, form.state.trim() === '' ? null : stateResult, touched);

    const home = channelFor(form.type);
    channelNotice.replaceChildren();
    if (home !== app.channel) {
      const text = errorEntry(home === 'app' ? 'WRONG_CHANNEL_USE_APP' : 'WRONG_CHANNEL_USE_KIT');
      channelNotice.append(
        h('div', { class: 'notice notice-error' },
          h('p', null, app.text(text)),
          h('a', { class: 'btn btn-default', href: CHANNELS[home].page }, app.t(home === 'app' ? 'goToApp' : 'goToKit'))),
      );
    }
  }

  const formElement = h(
    'form',
    { novalidate: true, onsubmit: (event: Event) => {
      event.preventDefault();
      void app.busy(submit, async () => {
        const doc = { type: form.type, number: form.number, ...(form.type === 'passport' ? { state: form.state } : {}), ...(form.name.trim() ? { name: form.name.trim() } : {}) };
        const given = !form.askContact ? {} : form.contactKind === 'phone' ? { phone: form.phone } : { email: form.email };
        let sent;
        try {
          sent = await app.api.requestCode({ ...doc, ...given, lang: app.lang });
        } catch (error) {
          // Not a mistake: this document signs in for the first time. Ask where its codes should go.
          if (!(error instanceof ApiError && error.code === 'CONTACT_REQUIRED' && !form.askContact)) throw error;
          form.askContact = true;
          app.render();
          document.getElementById(`contact-${form.contactKind}`)?.focus();
          return;
        }
        form.challenge = { id: sent.challengeId, sentTo: sent.sentTo, expiresAt: sent.expiresAt, queued: sent.delivery === 'queued' };
        form.code = '';
        form.demoCode = await app.api.demoCode(sent.challengeId);
        app.render();
        document.getElementById('code-input')?.focus();
      });
    } },
    h('div', { class: 'group' },
      field(app.t('docType'), typeSelect, formatHint),
      field(app.t('docNumber'), numberInput, null, numberCheck),
      stateField,
      field(app.t('name'), nameInput, h('p', { class: 'hint', id: ids.nameHint }, app.t('nameHint')))),
    contact,
    channelNotice,
    submit,
  );
  update(false);
  const provider = providerButton(app);
  const withCode = app.signInMethods?.documentCode !== false;
  return [
    h('p', null, app.t(CHANNELS[app.channel].intro)),
    provider,
    provider && withCode ? h('h3', { class: 'section-title' }, app.t('orWithDocument')) : null,
    withCode ? formElement : null,
    h('nav', { class: 'group', 'aria-label': app.t('menuHelp') }, h('a', { class: 'cell-link', href: '#/help' }, app.t('menuHelp'))),
  ].filter((node) => node !== null);
}

/** Where a first sign-in's codes go: a choice of text message or e-mail, then the one input it needs. */
function contactFields(app: App): HTMLElement {
  const form = app.signIn;
  const choice = (kind: 'phone' | 'email') =>
    h('label', { class: 'choice' },
      h('input', { type: 'radio', name: 'contact-kind', value: kind, checked: form.contactKind === kind, onchange: () => {
        form.contactKind = kind;
        app.render();
        document.getElementById(`contact-${kind}`)?.focus();
      } }),
      ' ', app.t(kind === 'phone' ? 'contact.phone' : 'contact.email'));
  // The input types and autocomplete tokens let a phone offer its own number or address and the right keyboard.
  const input = form.contactKind === 'phone'
    ? h('input', { type: 'tel', id: 'contact-phone', value: form.phone, autocomplete: 'tel', inputmode: 'tel', maxlength: '32', 'aria-describedby': 'contact-phone-hint', oninput: () => { form.phone = input.value; } })
    : h('input', { type: 'email', id: 'contact-email', value: form.email, autocomplete: 'email', inputmode: 'email', maxlength: '254', spellcheck: 'false', 'aria-describedby': 'contact-email-hint', oninput: () => { form.email = input.value; } });
  const kind = form.contactKind;
  return h('fieldset', { class: 'group contact' },
    h('legend', null, app.t('codeContactHeading')),
    h('p', { class: 'hint' }, app.t('contactFirstTime')),
    h('div', { class: 'choices' }, choice('phone'), choice('email')),
    field(app.t(kind), input, h('p', { class: 'hint', id: `contact-${kind}-hint` }, app.t(kind === 'phone' ? 'phoneHint' : 'emailHint'))));
}

function showCheck(input: HTMLInputElement, check: HTMLElement, result: { ok: boolean; text: string } | null, touched: boolean): void {
  check.textContent = result?.text ?? '';
  check.className = `check${result === null ? '' : result.ok ? ' good' : ' bad'}`;
  if (result === null) input.removeAttribute('aria-invalid');
  else if (result.ok || touched || input.getAttribute('aria-invalid') === 'true') input.setAttribute('aria-invalid', String(!result.ok));
}

function codeStep(app: App): Node[] {
  const form = app.signIn;
  const challenge = form.challenge!;
  const codeInput = h('input', {
    type: 'text', id: 'code-input', value: form.code, inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: '6', 'aria-describedby': 'code-hint',
    oninput: () => { form.code = codeInput.value; },
  });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, app.t('signIn'));
  const formElement = h(
    'form',
    { novalidate: true, onsubmit: (event: Event) => {
      event.preventDefault();
      void app.busy(submit, async () => {
        const session = await app.api.login(challenge.id, form.code, app.lang);
        form.challenge = null;
        form.code = '';
        form.demoCode = null;
        app.setSession(session);
        app.go('cards');
      });
    } },
    h('p', null, app.t(challenge.queued ? 'codeQueued' : 'codeSent', { to: challenge.sentTo, time: beijingTime(app, challenge.expiresAt) })),
    form.demoCode ? h('p', { class: 'demo' }, app.t('demoCode', { code: form.demoCode })) : null,
    h('div', { class: 'group' },
      h('div', { class: 'field' }, h('label', { for: 'code-input' }, app.t('code')), h('p', { class: 'hint', id: 'code-hint' }, app.t('codeHint')), codeInput)),
    submit,
    h('button', { type: 'button', class: 'link-btn', onclick: () => {
      form.challenge = null;
      form.askContact = false;
      app.setNotice(null);
      app.render(true);
    } }, app.t('otherDocument')),
  );
  return [formElement];
}
