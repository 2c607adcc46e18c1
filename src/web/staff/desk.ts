// The desktop staff shell: sign-in with username and password, the session kept for this tab, expiry handled
// (back to sign-in with a message), the navigation of the signed-in role, the zh/en switch (remembered), and
// the live regions for errors and results. Each desk page (/staff, /outlet, /service, and /ops from src/web/ops)
// renders inside it.
import { ApiError } from '../shared/api.ts';
import { h, replace, uid, whileBusy, type Child } from '../shared/dom.ts';
import { fill, type Bilingual, type Lang } from '../shared/i18n.ts';
import { langSwitch } from '../shared/lang-switch.ts';
import { Notices } from '../shared/notices.ts';
import { loadTabSession, saveTabSession } from '../shared/tab-session.ts';
import type { DeskApi, Role, StaffSession } from './api.ts';
import { messages, type MessageKey } from './messages.ts';

export type DeskName = 'staff' | 'outlet' | 'service' | 'ops';

/** The role each desk page serves (every route names one role, DESIGN §3). */
const DESK_ROLE: Record<DeskName, Role> = { staff: 'staff', outlet: 'outlet', service: 'agent', ops: 'operator' };

/** The pages each role may use, for the navigation. */
const ROLE_PAGES: Record<Role, Array<{ path: string; key: MessageKey }>> = {
  staff: [{ path: '/staff', key: 'page.staff' }],
  outlet: [{ path: '/outlet', key: 'page.outlet' }],
  agent: [{ path: '/service', key: 'page.service' }],
  operator: [{ path: '/ops', key: 'page.ops' }],
};

export interface DeskPage {
  title: MessageKey;
  /** Fetches what the page shows for a route (the URL hash split on '/'); runs on navigation, not on a language switch. */
  load?: (desk: Desk, route: string[]) => Promise<void>;
  render: (desk: Desk, route: string[]) => Child[];
}

type Notice = { kind: 'error' | 'ok'; text: Bilingual | { key: MessageKey; params?: Record<string, string | number> } };

// One session for /staff, /outlet, /service and /ops on this origin: the bar links between them.
const SESSION_KEY = 'ykt.desk.session';
const SESSION_ERRORS = new Set(['AUTH_REQUIRED', 'SESSION_INVALID']);

export class Desk {
  session: StaffSession | null = loadTabSession<StaffSession>(SESSION_KEY);
  route: string[] = [];
  private notice: Notice | null = null;
  private expiryTimer: ReturnType<typeof setTimeout> | undefined;
  private visit = 0;
  private readonly brand = h('span', { class: 'desk-brand' });
  private readonly nav = h('nav', { class: 'desk-nav' });
  private readonly user = h('div', { class: 'desk-user' });
  private readonly langs = langSwitch('btn btn-default btn-small', () => this.render());
  private readonly heading = h('h1', { tabindex: '-1' });
  private readonly notices = new Notices();
  private readonly content = h('div');
  private readonly signInForm = { username: '', password: '' };

  constructor(
    readonly name: DeskName,
    readonly api: DeskApi,
    private readonly page: DeskPage,
  ) {}

  mount(root: HTMLElement): void {
    replace(
      root,
      h('header', { class: 'desk-bar' }, this.brand, this.nav, this.user, this.langs.element),
      h('main', { id: 'main', class: 'desk-main' }, this.heading, ...this.notices.elements, this.content),
    );
    window.addEventListener('hashchange', () => void this.show(true));
    this.armExpiry();
    void this.show(false);
  }

  /** The language the page is in; the switch in the bar changes it. */
  get lang(): Lang {
    return this.langs.lang;
  }

  t(key: MessageKey, params?: Record<string, string | number>): string {
    return fill(messages[this.lang][key], params);
  }

  text(value: Bilingual): string {
    return value[this.lang];
  }

  get token(): string | null {
    return this.session?.token ?? null;
  }

  /** Navigates within the page (hash route); `notice` is shown on arrival. */
  go(route: string, notice?: Notice): void {
    const hash = `#/${route}`;
    if (location.hash === hash) void this.show(true, notice);
    else {
      this.pendingNotice = notice ?? null;
      location.hash = hash;
    }
  }

  /** Shows an API refusal in the current language; a lost session goes back to sign-in with the reason. */
  fail(error: unknown): void {
    if (error instanceof ApiError && SESSION_ERRORS.has(error.code)) {
      this.endSession({ kind: 'error', text: error.text });
      return;
    }
    if (!(error instanceof ApiError)) console.error(error);
    this.setNotice({ kind: 'error', text: error instanceof ApiError ? error.text : { key: 'unexpectedError' } });
  }

  say(key: MessageKey, params?: Record<string, string | number>): void {
    this.setNotice({ kind: 'ok', text: { key, params } });
  }

  setNotice(notice: Notice | null): void {
    this.notice = notice;
    this.renderNotice();
  }

  /** Runs a button's action one at a time, clearing the notice first and showing a failure. */
  busy(button: HTMLElement, action: () => Promise<void>): Promise<void> {
    return whileBusy(button, action, { start: () => this.setNotice(null), fail: (error) => this.fail(error) });
  }

  /** Draws the frame and the page again (after new data or a language switch). */
  render(focus = false): void {
    const role = this.session?.staff.role;
    const title = this.session ? this.t(this.page.title) : this.t('signInHeading');
    document.title = `${title} - ${this.t('brand')}`;
    this.brand.textContent = this.t('brand');
    this.nav.setAttribute('aria-label', this.t('navLabel'));
    replace(
      this.nav,
      role
        ? h('ul', null, ROLE_PAGES[role].map((p) => h('li', null, h('a', { href: p.path, ...(location.pathname === p.path ? { 'aria-current': 'page' } : {}) }, this.t(p.key)))))
        : null,
    );
    const signOut = h('button', { type: 'button', class: 'link-btn', onclick: () => void this.busy(signOut, () => this.signOut()) }, this.t('signOut'));
    replace(this.user, this.session ? [h('span', null, this.t('signedInAs', { name: this.session.staff.displayName, role: this.t(`role.${this.session.staff.role}`) })), ' ', signOut] : null);
    replace(this.heading, title);
    replace(this.content, this.body());
    this.renderNotice();
    if (focus) this.heading.focus();
  }

  private pendingNotice: Notice | null = null;

  private body(): Child[] {
    if (!this.session) return this.signInView();
    const own = DESK_ROLE[this.name];
    if (this.session.staff.role !== own) {
      return [
        h('p', null, this.t('wrongDesk', { role: this.t(`role.${own}`) })),
        h('ul', null, ROLE_PAGES[this.session.staff.role].map((p) => h('li', null, h('a', { href: p.path }, this.t(p.key))))),
      ];
    }
    return this.page.render(this, this.route);
  }

  private async show(focus: boolean, notice?: Notice): Promise<void> {
    const visit = ++this.visit;
    this.route = location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
    this.notice = notice ?? this.pendingNotice;
    this.pendingNotice = null;
    if (this.session && this.session.staff.role === DESK_ROLE[this.name] && this.page.load) {
      this.content.setAttribute('aria-busy', 'true');
      replace(this.content, h('p', { class: 'muted' }, this.t('loading')));
      try {
        await this.page.load(this, this.route);
      } catch (error) {
        if (visit === this.visit) this.fail(error);
      }
      this.content.removeAttribute('aria-busy');
    }
    if (visit !== this.visit) return;
    this.render(focus);
  }

  private signInView(): Node[] {
    const form = this.signInForm;
    const ids = { user: uid('username'), password: uid('password') };
    const user = h('input', { type: 'text', id: ids.user, value: form.username, autocomplete: 'username', required: true, oninput: () => (form.username = user.value) });
    const password = h('input', { type: 'password', id: ids.password, value: form.password, autocomplete: 'current-password', required: true, oninput: () => (form.password = password.value) });
    const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, this.t('signIn'));
    const element = h(
      'form',
      { class: 'desk-form desk-signin', onsubmit: (event: Event) => {
        event.preventDefault();
        void this.busy(submit, async () => {
          const session = await this.api.login(form.username.trim(), form.password);
          form.password = '';
          this.startSession(session);
        });
      } },
      h('p', { class: 'muted' }, this.t('signInIntro')),
      h('div', { class: 'field' }, h('label', { for: ids.user }, this.t('username')), user),
      h('div', { class: 'field' }, h('label', { for: ids.password }, this.t('password')), password),
      submit,
    );
    return [element];
  }

  private startSession(session: StaffSession): void {
    this.session = session;
    saveTabSession(SESSION_KEY, session);
    this.armExpiry();
    void this.show(true);
  }

  private async signOut(): Promise<void> {
    try {
      await this.api.logout();
    } finally {
      this.endSession({ kind: 'ok', text: { key: 'signedOut' } });
    }
  }

  /** Forgets the session and shows sign-in with why. */
  endSession(notice: Notice): void {
    this.session = null;
    saveTabSession(SESSION_KEY, null);
    clearTimeout(this.expiryTimer);
    this.notice = notice;
    this.render(true);
  }

  /** Signs out on the session's own expiry, so a page left open does not fail at the next click. */
  private armExpiry(): void {
    clearTimeout(this.expiryTimer);
    if (!this.session) return;
    const left = Date.parse(this.session.expiresAt) - Date.now();
    // setTimeout holds 32-bit milliseconds; sessions are hours long, far below that.
    if (left <= 0) this.endSession({ kind: 'error', text: { key: 'sessionExpired' } });
    else this.expiryTimer = setTimeout(() => this.endSession({ kind: 'error', text: { key: 'sessionExpired' } }), Math.min(left, 2 ** 31 - 1));
  }

  private renderNotice(): void {
    const notice = this.notice;
    if (!notice) return this.notices.show(null);
    this.notices.show(notice.kind, h('p', null, 'key' in notice.text ? this.t(notice.text.key, notice.text.params) : this.text(notice.text)));
  }
}
