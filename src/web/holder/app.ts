// The holder pages' core: state, the screen registry, navigation by URL hash (so the phone's back button
// works), the persistent live regions for errors and results, and the language switch.
import type { DocumentType } from '../../domain/documents.ts';
import { ApiError } from '../shared/api.ts';
import { h, replace, whileBusy } from '../shared/dom.ts';
import { fill, type Bilingual, type Lang } from '../shared/i18n.ts';
import { langSwitch } from '../shared/lang-switch.ts';
import { Notices } from '../shared/notices.ts';
import { loadTabSession, saveTabSession } from '../shared/tab-session.ts';
import type { Agreement, Binding, Channel, HolderApi, Session, SignInMethods } from './api.ts';
import { CHANNELS } from './channels.ts';
import { messages, type MessageKey } from './messages.ts';
import { linkFromHash } from './links.ts';

/**
 * The screens. 'taps' is My taps (place, time, decision and what to do about a refusal); 'tickets' lists the
 * holder's customer-service tickets with the form for a new one, 'ticket' shows one with its replies;
 * 'contact' changes where sign-in codes go.
 */
export type Route = 'signin' | 'cards' | 'upgrade' | 'done' | 'data' | 'help' | 'taps' | 'tickets' | 'ticket' | 'notices' | 'contact' | 'link';

export interface Screen {
  /** The screen's heading and the document title. */
  title: MessageKey;
  /** Whether the screen needs a session ('session'), must not have one ('guest'), or either ('any'). */
  needs: 'session' | 'guest' | 'any';
  /** Where the navigation bar's back arrow goes; no arrow when absent. */
  back?: (app: App) => Route;
  /** Fetches what the screen shows; runs on every visit, not on a language switch. */
  load?: (app: App) => Promise<void>;
  /** What the screen says when its load failed (above a retry); a general text when absent. */
  failed?: MessageKey;
  render: (app: App) => Node[];
  /**
   * What stays around the screen's body whether or not its load worked (who is signed in, the menu), so
   * that a failed load leaves the holder their way elsewhere and out; `body` is the rendered or failed state.
   */
  frame?: (app: App, body: Node[]) => Node[];
}

export interface Notice {
  kind: 'error' | 'ok';
  text: Bilingual | { key: MessageKey; params?: Record<string, string | number> };
  /** A further explanation, e.g. what the one-physical-plus-one-NFC limit means. */
  more?: MessageKey;
  action?: { label: MessageKey; route: Route };
}

export interface SignInForm {
  type: DocumentType;
  number: string;
  state: string;
  name: string;
  /** Shown once the server says this document has no contact yet (its first sign-in). */
  askContact: boolean;
  contactKind: 'phone' | 'email';
  phone: string;
  email: string;
  challenge: { id: string; sentTo: string; expiresAt: string; queued: boolean } | null;
  demoCode: string | null;
  code: string;
}

export interface UpgradeForm {
  cardNumber: string;
  agreed: boolean;
}

const SESSION_ERRORS = new Set(['AUTH_REQUIRED', 'SESSION_INVALID']);

export class App {
  route: Route = 'signin';
  session: Session | null;
  /** The active cards; null until loaded. */
  cards: Binding[] | null = null;
  /** Bindings someone else ended lately (a refund, customer service): listed with what happened. */
  endedCards: Binding[] = [];
  /** Whether the holder gets a reminder before a pass lapses. */
  reminders = true;
  agreement: Agreement | null = null;
  lastUpgraded: Binding | null = null;
  signIn: SignInForm;
  /** Which ways of signing in the deployment offers; asked once, by the sign-in screen. */
  signInMethods: SignInMethods | null = null;
  upgradeForm: UpgradeForm = { cardNumber: '', agreed: false };
  /** The ticket the 'ticket' screen shows, chosen on the 'tickets' screen. */
  ticketId: number | null = null;

  private notice: Notice | null = null;
  /** The current screen's load failed: it shows that, with a retry, never its empty state. */
  private loadFailed = false;
  private pending: Notice | null = null;
  private visit = 0;
  private readonly backSlot = h('span');
  private readonly heading = h('h1');
  private readonly langs = langSwitch('icon-btn lang', () => this.render());
  private readonly notices = new Notices();
  private readonly screenRoot = h('div');

  constructor(
    readonly channel: Channel,
    readonly api: HolderApi,
    private readonly screens: Record<Route, Screen>,
  ) {
    this.session = loadTabSession<Session>(sessionKey(channel));
    this.signIn = emptySignIn(channel);
  }

  /** Builds the page frame once; screens render inside it, the first with `first` shown (a sign-in's refusal). */
  mount(root: HTMLElement, first?: Notice): void {
    this.pending = first ?? null;
    replace(
      root,
      h('header', { class: 'topbar' }, this.backSlot, this.heading, this.langs.element),
      h('main', { id: 'main' }, ...this.notices.elements, this.screenRoot),
    );
    window.addEventListener('hashchange', () => void this.show(routeFromHash(), true));
    void this.show(routeFromHash(), false);
  }

  /** The language the page is in; the switch in the navigation bar changes it. */
  get lang(): Lang {
    return this.langs.lang;
  }

  t(key: MessageKey, params?: Record<string, string | number>): string {
    return fill(messages[this.lang][key], params);
  }

  text(value: Bilingual): string {
    return value[this.lang];
  }

  /** Navigates; `notice` is shown on the screen navigated to. */
  go(route: Route, notice?: Notice): void {
    this.pending = notice ?? null;
    if (routeFromHash() === route) void this.show(route, true);
    else location.hash = `#/${route}`;
  }

  /** Shows an error: the API's own bilingual message, in the current language. A lost session goes to sign-in. */
  fail(error: unknown, extra: Pick<Notice, 'more' | 'action'> = {}): void {
    if (error instanceof ApiError && SESSION_ERRORS.has(error.code)) {
      this.setSession(null);
      this.go('signin', { kind: 'error', text: error.text });
      return;
    }
    if (!(error instanceof ApiError)) console.error(error);
    const text = error instanceof ApiError ? error.text : { key: 'unexpectedError' as const };
    this.setNotice({ kind: 'error', text, ...extra });
    // Its scroll-margin keeps it clear of the sticky navigation bar (styles.css), so it is read in full.
    this.notices.alert.element.scrollIntoView?.({ block: 'start' });
  }

  say(key: MessageKey, params?: Record<string, string | number>): void {
    this.setNotice({ kind: 'ok', text: { key, params } });
  }

  setNotice(notice: Notice | null): void {
    this.notice = notice;
    this.renderNotice();
  }

  setSession(session: Session | null): void {
    this.session = session;
    this.cards = null;
    this.endedCards = [];
    saveTabSession(sessionKey(this.channel), session);
    if (session) return;
    // Signed out (or the account deleted, or the session lost): nothing personal stays in the page, not even
    // the document number typed at sign-in. The kind of document is no secret, and saves picking it again.
    this.signIn = { ...emptySignIn(this.channel), type: this.signIn.type };
    this.upgradeForm = { cardNumber: '', agreed: false };
    this.lastUpgraded = null;
    this.ticketId = null;
  }

  /** Runs an action from a button, one at a time, clearing the notice first and showing a failure. */
  busy(button: HTMLElement, action: () => Promise<void>): Promise<void> {
    return whileBusy(button, action, { start: () => this.setNotice(null), fail: (error) => this.fail(error) });
  }

  /** Renders the current screen again (after a language switch or new data). */
  render(focusHeading = false): void {
    const screen = this.screens[this.route];
    const info = CHANNELS[this.channel];
    const title = this.t(screen.title);
    document.title = `${title} - ${this.t(info.title)}`;
    replace(this.heading, this.t(info.title), h('span', { class: 'sub' }, this.t(info.subtitle)));
    const back = screen.back?.(this);
    replace(this.backSlot, back ? h('a', { class: 'icon-btn back', href: `#/${back}`, 'aria-label': this.t('back') }, h('span', { 'aria-hidden': 'true' }, '‹')) : null);
    const h2 = h('h2', { tabindex: '-1' }, title);
    const body = this.loadFailed ? [this.failedState(screen)] : screen.render(this);
    replace(this.screenRoot, h2, ...(screen.frame ? screen.frame(this, body) : body));
    this.renderNotice();
    if (focusHeading) h2.focus();
  }

  private async show(requested: Route, focus: boolean): Promise<void> {
    const visit = ++this.visit;
    let route = requested;
    const needs = this.screens[route].needs;
    if (needs === 'session' && !this.session) route = 'signin';
    if (needs === 'guest' && this.session) route = 'cards';
    if (route !== requested) history.replaceState(null, '', `#/${route}`);
    this.route = route;
    this.notice = this.pending;
    this.pending = null;
    const screen = this.screens[route];
    this.loadFailed = false;
    if (screen.load) {
      this.screenRoot.setAttribute('aria-busy', 'true');
      replace(this.screenRoot, h('p', { class: 'muted' }, this.t('loading')));
      try {
        await screen.load(this);
      } catch (error) {
        if (visit === this.visit) {
          this.loadFailed = true;
          this.fail(error);
        }
      }
      this.screenRoot.removeAttribute('aria-busy');
    }
    // A later navigation started while this one was loading: it owns the screen now.
    if (visit !== this.visit || this.route !== route) return;
    this.render(focus);
  }

  /** Loading, empty and failed are three states: a failed load says so and offers to try again. */
  private failedState(screen: Screen): HTMLElement {
    const retry = h('button', { type: 'button', class: 'btn btn-default', onclick: () => void this.show(this.route, true) }, this.t('retry'));
    return h('div', { class: 'group', id: 'load-failed' }, h('div', { class: 'cell' }, h('p', null, this.t(screen.failed ?? 'loadFailed')), retry));
  }

  private renderNotice(): void {
    const notice = this.notice;
    if (!notice) return this.notices.show(null);
    const text = 'key' in notice.text ? this.t(notice.text.key, notice.text.params) : this.text(notice.text);
    const action = notice.action;
    this.notices.show(
      notice.kind,
      h('p', null, text),
      notice.more ? h('p', null, this.t(notice.more)) : null,
      action ? h('a', { class: 'btn btn-default', href: `#/${action.route}` }, this.t(action.label)) : null,
    );
  }
}

function routeFromHash(): Route {
  // A link from a notice carries its token after the route ('#/unbind/<token>'): one screen handles both kinds.
  if (linkFromHash(location.hash)) return 'link';
  const name = location.hash.replace(/^#\/?/, '');
  const routes: Route[] = ['signin', 'cards', 'upgrade', 'done', 'data', 'help', 'taps', 'tickets', 'ticket', 'notices', 'contact'];
  return (routes as string[]).includes(name) ? (name as Route) : 'cards';
}

function emptySignIn(channel: Channel): SignInForm {
  return { type: CHANNELS[channel].documents[0]!, number: '', state: '', name: '', askContact: false, contactKind: 'phone', phone: '', email: '', challenge: null, demoCode: null, code: '' };
}

// One session per channel: /kit and /app sign in separately, even in the same tab.
const sessionKey = (channel: Channel) => `ykt.${channel}.session`;
