// /ops — operators: the live dashboard (#/, refreshed every few seconds), the entry policy with its what-if
// (#/policy), the readers (#/terminals) and the outgoing messages (#/messages). Each section is its own file;
// this one routes between them and runs the refresh.
import type { OutboxReport } from '../../http/operator-outbox-schemas.ts';
import type { Dashboard } from '../../http/operator-schemas.ts';
import { h, type Child } from '../shared/dom.ts';
import type { Desk, DeskPage } from '../staff/desk.ts';
import { DashboardView } from './dashboard.ts';
import { ot } from './messages.ts';
import { loadOutbox, outboxSection } from './outbox.ts';
import { loadPolicies, policySection, type Policies } from './policy.ts';
import { forgetToken, terminalsSection } from './terminals.ts';

/** Seconds between dashboard refreshes. */
const REFRESH_SECONDS = 3;

const SECTIONS = ['dashboard', 'policy', 'terminals', 'messages'] as const;
type Section = (typeof SECTIONS)[number];

const state = {
  dashboard: null as Dashboard | null,
  policies: null as Policies | null,
  outbox: null as OutboxReport | null,
  view: null as DashboardView | null,
  paused: false,
  timer: undefined as ReturnType<typeof setInterval> | undefined,
  fetching: false,
};

const sectionOf = (route: string[]): Section => (SECTIONS as readonly string[]).includes(route[0] ?? '') ? (route[0] as Section) : 'dashboard';

export const opsPage: DeskPage = {
  title: 'page.ops',
  load: async (desk, route) => {
    const section = sectionOf(route);
    if (section !== 'terminals') forgetToken();
    if (section === 'policy') state.policies = await loadPolicies(desk);
    else if (section === 'messages') state.outbox = await loadOutbox(desk);
    else state.dashboard = await desk.api.get<Dashboard>('/api/v1/admin/dashboard');
  },
  render: (desk, route) => {
    const section = sectionOf(route);
    state.view?.destroy();
    state.view = null;
    const body: Child[] = section === 'policy'
      ? state.policies ? policySection(desk, state.policies) : []
      : section === 'terminals'
        ? state.dashboard ? terminalsSection(desk, state.dashboard) : []
        : section === 'messages'
          ? state.outbox ? outboxSection(desk, state.outbox) : []
          : state.dashboard ? [dashboardSection(desk, state.dashboard)] : [];
    return [h('p', { class: 'muted' }, ot(desk.lang, 'opsIntro')), tabs(desk, section), ...body];
  },
};

function tabs(desk: Desk, current: Section): HTMLElement {
  return h('nav', { class: 'ops-tabs', 'aria-label': ot(desk.lang, 'sectionsLabel') },
    h('ul', null, SECTIONS.map((s) => h('li', null,
      h('a', { href: s === 'dashboard' ? '#/' : `#/${s}`, ...(s === current ? { 'aria-current': 'page' } : {}) }, ot(desk.lang, `tab.${s}`))))));
}

function dashboardSection(desk: Desk, dashboard: Dashboard): HTMLElement {
  const pause = h('button', { type: 'button', class: 'btn btn-default btn-small', 'aria-pressed': String(state.paused), onclick: () => {
    state.paused = !state.paused;
    pause.setAttribute('aria-pressed', String(state.paused));
    pause.textContent = ot(desk.lang, state.paused ? 'resume' : 'pause');
  } }, ot(desk.lang, state.paused ? 'resume' : 'pause'));
  const view = new DashboardView(desk, pause);
  view.update(dashboard, REFRESH_SECONDS);
  state.view = view;
  state.timer ??= setInterval(() => void refresh(desk), REFRESH_SECONDS * 1000);
  return view.element;
}

/** Fetches the figures into the dashboard on screen; does nothing when it is not shown or is paused. */
async function refresh(desk: Desk): Promise<void> {
  const view = state.view;
  if (!view || !view.element.isConnected || state.paused || state.fetching || !desk.session || document.hidden) return;
  state.fetching = true;
  try {
    const dashboard = await desk.api.get<Dashboard>('/api/v1/admin/dashboard');
    state.dashboard = dashboard;
    if (state.view === view && view.element.isConnected) view.update(dashboard, REFRESH_SECONDS);
  } catch (error) {
    desk.fail(error);
  } finally {
    state.fetching = false;
  }
}
