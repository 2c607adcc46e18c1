// The public outlet finder (用户服务 → 服务网点): search by name, station or address, filter by district and
// by self-operated centres, in Chinese or English. Calls GET /api/v1/outlets like any other client.
import { PRODUCTS, type Product } from '../../domain/cards.ts';
import { DISTRICTS, OUTLET_SERVICES, type District, type Outlet, type OutletService } from '../../domain/outlets.ts';
import { ApiError, fallbacksFrom, requestJson } from '../shared/api.ts';
import { h, replace, uid } from '../shared/dom.ts';
import { fill } from '../shared/i18n.ts';
import { langSwitch } from '../shared/lang-switch.ts';
import { NoticeRegion } from '../shared/notices.ts';
import { messages, type OutletMessageKey } from './messages.ts';

interface Answer {
  outlets: Outlet[];
  districts: Array<{ code: District; zh: string; en: string; count: number }>;
}

const langs = langSwitch('icon-btn lang', () => {
  renderFrame();
  renderForm();
  renderResults();
});
const state = { q: '', district: '', selfOnly: false };
let answer: Answer | null = null;
let failure: ApiError | null = null;
let request = 0;

const t = (key: OutletMessageKey, params?: Record<string, string | number>) => fill(messages[langs.lang][key], params);
const fallbacks = fallbacksFrom(messages);

const heading = h('h1');
const formSlot = h('div');
const status = h('p', { role: 'status', class: 'muted', id: 'outlet-count' });
const alert = new NoticeRegion('error');
const list = h('ul', { class: 'plain', id: 'outlet-list' });

async function search(): Promise<void> {
  const mine = ++request;
  const params = new URLSearchParams();
  if (state.q.trim()) params.set('q', state.q.trim());
  if (state.district) params.set('district', state.district);
  if (state.selfOnly) params.set('service', 'refund-large');
  try {
    const result = await requestJson<Answer>(fallbacks, 'GET', `/api/v1/outlets?${params}`);
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

function renderForm(): void {
  const ids = { q: uid('q'), qHint: uid('q-hint'), district: uid('district'), self: uid('self') };
  const q = h('input', { id: ids.q, type: 'search', value: state.q, 'aria-describedby': ids.qHint, autocomplete: 'off', oninput: () => { state.q = q.value; searchSoon(); } });
  // The district list keeps the districts of the last full answer, so filtering never empties the picker.
  const district = h('select', { id: ids.district, onchange: () => { state.district = district.value; void search(); } },
    h('option', { value: '' }, t('allDistricts')),
    (allDistricts ?? []).map((d) => h('option', { value: d.code }, t('districtOption', { name: d[langs.lang], count: d.count }))));
  district.value = state.district;
  const self = h('input', { id: ids.self, type: 'checkbox', checked: state.selfOnly, onchange: () => { state.selfOnly = self.checked; void search(); } });
  replace(formSlot, h('form', { class: 'group', role: 'search', onsubmit: (e: Event) => { e.preventDefault(); void search(); } },
    h('div', { class: 'field' }, h('label', { for: ids.q }, t('search')), h('p', { class: 'hint', id: ids.qHint }, t('searchHint')), q),
    h('div', { class: 'field' }, h('label', { for: ids.district }, t('district')), district),
    h('div', { class: 'field' }, h('label', { class: 'choice', for: ids.self }, self, h('span', null, t('selfOnly')))),
    h('div', { class: 'cell' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('searchButton')))));
}

let allDistricts: Answer['districts'] | null = null;

function renderResults(): void {
  alert.show(failure ? h('p', null, failure.text[langs.lang]) : null);
  if (!answer) {
    replace(status, t('loading'));
    return;
  }
  if (!allDistricts) {
    allDistricts = answer.districts;
    renderForm();
  }
  replace(status, answer.outlets.length === 0 ? t('noResults') : t('results', { count: answer.outlets.length }));
  replace(list, answer.outlets.map(outletCell));
}

function outletCell(o: Outlet): HTMLElement {
  const lang = langs.lang;
  const services = o.services.map((s: OutletService) => OUTLET_SERVICES[s][lang]).join(lang === 'zh' ? '、' : ', ');
  const kinds = o.cardKinds.map((k: Product) => PRODUCTS[k][lang]).join(lang === 'zh' ? '、' : ', ');
  const map = o.lat !== null && o.lng !== null ? `https://uri.amap.com/marker?position=${o.lng},${o.lat}&name=${encodeURIComponent(o.name.zh)}` : null;
  return h('li', { class: 'group outlet', 'data-id': o.id },
    h('div', { class: 'cell' },
      h('h2', { class: 'outlet-name' }, o.name[lang]),
      h('p', null, h('span', { class: 'badge' }, DISTRICTS[o.district][lang]), o.selfOperated ? h('span', { class: 'badge badge-self' }, t('selfOperated')) : null),
      h('p', null, o.address[lang]),
      o.station ? h('p', { class: 'muted' }, t('station'), o.station[lang]) : null,
      h('p', { class: 'muted' }, t('hours'), o.hours[lang]),
      h('p', { class: 'muted' }, t('services'), services),
      o.cardKinds.length > 0 ? h('p', { class: 'muted' }, t('cardKinds'), kinds) : null,
      o.phone ? h('p', { class: 'muted' }, t('phone'), h('a', { href: `tel:${o.phone}` }, o.phone)) : null,
      map ? h('p', null, h('a', { href: map, rel: 'noopener noreferrer', target: '_blank' }, t('map'))) : null));
}

function renderFrame(): void {
  document.title = `${t('title')} - ${t('subtitle')}`;
  replace(heading, t('title'), h('span', { class: 'sub' }, t('subtitle')));
  introSlot.textContent = t('intro');
  backLink.textContent = t('backToHelp');
}

const introSlot = h('p', { class: 'muted' });
const backLink = h('a', { href: '/kit#/help' });
replace(document.getElementById('root')!,
  h('header', { class: 'topbar' }, h('span'), heading, langs.element),
  h('main', { id: 'main' }, introSlot, formSlot, alert.element, status, list, h('p', null, backLink)));
renderFrame();
renderForm();
renderResults();
void search();
