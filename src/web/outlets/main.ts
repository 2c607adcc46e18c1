// The public outlet finder (用户服务 → 服务网点): search by name, station or address, filter by district and
// service, sort by distance from the person, each outlet open or closed now; in Chinese or English. The
// filters are kept in the address (filters.ts). Calls GET /api/v1/outlets like any other client.
import { byDistance, DISTRICTS, OUTLET_SERVICES, type District, type Outlet, type OutletService } from '../../domain/outlets.ts';
import { ApiError, fallbacksFrom, requestJson } from '../shared/api.ts';
import { h, replace, uid } from '../shared/dom.ts';
import { fill } from '../shared/i18n.ts';
import { langSwitch } from '../shared/lang-switch.ts';
import { NoticeRegion } from '../shared/notices.ts';
import { openNow, outletCell } from './cell.ts';
import { apiQuery, filtersFrom, searchWith } from './filters.ts';
import { messages, type OutletMessageKey } from './messages.ts';
import { locate, type NoPosition, type Position } from './near.ts';

interface Answer {
  outlets: Outlet[];
  districts: Array<{ code: District; zh: string; en: string; count: number }>;
}

const langs = langSwitch('icon-btn lang', () => {
  renderFrame();
  renderForm();
  renderResults();
});
const filters = filtersFrom(location.search);
let answer: Answer | null = null;
let failure: ApiError | null = null;
let request = 0;
// Where the person is, once they have asked for "near me" and the browser said where; or why it did not.
let position: Position | NoPosition | 'locating' | null = null;

const t = (key: OutletMessageKey, params?: Record<string, string | number>) => fill(messages[langs.lang][key], params);
const fallbacks = fallbacksFrom(messages);

const heading = h('h1');
const introSlot = h('p', { class: 'muted' });
const formSlot = h('div');
const otherWays = h('section', { class: 'group other-ways' });
const alert = new NoticeRegion('error');
const nearStatus = h('p', { role: 'status', class: 'muted', id: 'near-status' });
const status = h('p', { role: 'status', class: 'muted', id: 'outlet-count' });
const list = h('ul', { class: 'plain', id: 'outlet-list' });
const backLink = h('a', { class: 'btn btn-default', href: '/' });

/** Puts the filters in the address without a new history entry per keystroke. */
function keepInAddress(): void {
  history.replaceState(history.state, '', location.pathname + searchWith(location.search, filters) + location.hash);
}

async function search(): Promise<void> {
  keepInAddress();
  const mine = ++request;
  try {
    const result = await requestJson<Answer>(fallbacks, 'GET', `/api/v1/outlets${apiQuery(filters)}`);
    if (mine !== request) return;
    answer = result;
    failure = null;
  } catch (error) {
    if (mine !== request) return;
    failure = error instanceof ApiError ? error : new ApiError('UNEXPECTED', fallbacks.unexpected, 0);
  }
  renderResults();
}

let typing: ReturnType<typeof setTimeout> | undefined;
function searchSoon(): void {
  clearTimeout(typing);
  typing = setTimeout(() => void search(), 250);
}

const located = (p: typeof position): p is Position => p !== null && typeof p === 'object';

async function toggleNear(): Promise<void> {
  filters.near = !filters.near;
  if (filters.near && !located(position)) {
    position = 'locating';
    renderForm();
    renderResults();
    const found = await locate();
    // The person may have turned it off again while the browser was asking.
    position = filters.near ? found : null;
    // Without a position there is nothing to sort by: the list keeps its order and the page says why.
    if (!located(position)) filters.near = false;
  }
  keepInAddress();
  renderForm();
  renderResults();
  // The form was drawn anew: the focus goes back to the button the person pressed.
  formSlot.querySelector<HTMLButtonElement>('button.near')?.focus();
}

function renderForm(): void {
  const ids = { q: uid('q'), qHint: uid('q-hint'), district: uid('district'), service: uid('service') };
  const q = h('input', { id: ids.q, type: 'search', value: filters.q, 'aria-describedby': ids.qHint, autocomplete: 'off', enterkeyhint: 'search', oninput: () => { filters.q = q.value; searchSoon(); } });
  // The district list keeps the districts of the first full answer, so filtering never empties the picker.
  const district = h('select', { id: ids.district, onchange: () => { filters.district = district.value as District | ''; void search(); } },
    h('option', { value: '' }, t('allDistricts')),
    (allDistricts ?? []).map((d) => h('option', { value: d.code }, t('districtOption', { name: d[langs.lang], count: d.count }))));
  // A district from a shared link shows even before the first answer names every district.
  if (filters.district && !allDistricts) district.append(h('option', { value: filters.district }, DISTRICTS[filters.district][langs.lang]));
  district.value = filters.district;
  const service = h('select', { id: ids.service, onchange: () => { filters.service = service.value as OutletService | ''; void search(); } },
    h('option', { value: '' }, t('allServices')),
    (Object.keys(OUTLET_SERVICES) as OutletService[]).map((s) => h('option', { value: s }, s === 'refund-large' ? t('largeRefunds') : OUTLET_SERVICES[s][langs.lang])));
  service.value = filters.service;
  const near = h('button', { type: 'button', class: 'btn btn-default near', 'aria-pressed': String(filters.near), onclick: () => void toggleNear() }, t('near'));
  replace(formSlot, h('form', { class: 'group', role: 'search', onsubmit: (e: Event) => { e.preventDefault(); clearTimeout(typing); void search(); } },
    h('div', { class: 'field' }, h('label', { for: ids.q }, t('search')), h('p', { class: 'hint', id: ids.qHint }, t('searchHint')), q),
    h('div', { class: 'field' }, h('label', { for: ids.district }, t('district')), district),
    h('div', { class: 'field' }, h('label', { for: ids.service }, t('service')), service),
    h('div', { class: 'cell filter-actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('searchButton')), near)));
}

let allDistricts: Answer['districts'] | null = null;

function renderNearStatus(): void {
  if (position === 'locating') return replace(nearStatus, t('locating'));
  if (position === 'denied' || position === 'unavailable') return replace(nearStatus, t(position === 'denied' ? 'locationDenied' : 'locationUnavailable'));
  replace(nearStatus, filters.near && located(position) ? t('sortedByDistance') : '');
}

function renderResults(): void {
  alert.show(failure ? h('p', null, failure.text[langs.lang]) : null);
  renderNearStatus();
  if (!answer) {
    replace(status, t('loading'));
    return;
  }
  if (!allDistricts) {
    allDistricts = answer.districts;
    renderForm();
  }
  replace(status, answer.outlets.length === 0 ? t('noResults') : t('results', { count: answer.outlets.length }));
  const here = filters.near && located(position) ? position : null;
  const rows = here ? byDistance(answer.outlets, here) : answer.outlets.map((outlet) => ({ outlet, metres: null }));
  const now = Date.now();
  replace(list, rows.map(({ outlet, metres }) => outletCell(outlet, { lang: langs.lang, t, now, metres })));
}

function renderFrame(): void {
  document.title = `${t('title')} - ${t('subtitle')}`;
  replace(heading, t('title'), h('span', { class: 'sub' }, t('subtitle')));
  introSlot.textContent = t('intro');
  // The seed's two other ways to find an outlet, with the menu names as they appear on screen.
  replace(otherWays, h('h2', { class: 'cell' }, t('otherWays')),
    h('ol', { class: 'cell' }, h('li', null, t('viaWechat')), h('li', null, t('viaWebsite'))));
  backLink.textContent = t('backHome');
}

replace(document.getElementById('root')!,
  h('header', { class: 'topbar' }, h('span'), heading, langs.element),
  h('main', { id: 'main' }, introSlot, formSlot, alert.element, nearStatus, status, list, otherWays, backLink));
renderFrame();
renderForm();
renderResults();
void search().then(() => {
  // A link or reload that asked for "near me" asks the browser again; the position is never in the link.
  if (filters.near) {
    filters.near = false;
    void toggleNear();
  }
});
// Open and closed change with the clock: each minute the open-now lines are redrawn in place, so that a
// focused button or a reading position in the list is left alone.
setInterval(() => {
  const now = Date.now();
  for (const outlet of answer?.outlets ?? []) {
    const fresh = openNow(outlet, now, langs.lang, t);
    const line = list.querySelector(`li[data-id="${CSS.escape(outlet.id)}"] .open-now`);
    if (fresh && line) line.replaceWith(fresh);
  }
}, 60_000);
