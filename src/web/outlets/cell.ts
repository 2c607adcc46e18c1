// One outlet in the finder's list: where it is, whether it is open now (Beijing time) and until when, how far
// it is when the list is sorted by distance, and what it does.
import { PRODUCTS, type Product } from '../../domain/cards.ts';
import { beijingDay, openingState, parseWeeklyHours } from '../../domain/opening-hours.ts';
import { DISTRICTS, OUTLET_SERVICES, type Outlet, type OutletService } from '../../domain/outlets.ts';
import { h } from '../shared/dom.ts';
import type { Lang } from '../shared/i18n.ts';
import type { OutletMessageKey } from './messages.ts';

type Say = (key: OutletMessageKey, params?: Record<string, string | number>) => string;

// The outlets' hours are Beijing's, wherever the phone's clock is set.
const clock = (lang: Lang) => new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const weekday = (lang: Lang) => new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', { timeZone: 'Asia/Shanghai', weekday: 'short' });

/** "20:00", "tomorrow 07:00", "Mon 09:00": a coming instant as someone in Beijing says it. */
function when(at: number, now: number, lang: Lang, t: Say): string {
  const time = clock(lang).format(at);
  const days = beijingDay(at) - beijingDay(now);
  if (days === 0) return time;
  if (days === 1) return t('tomorrowAt', { time });
  return t('dayAt', { day: weekday(lang).format(at), time });
}

/**
 * Open now and until when, or closed and when it opens; nothing when the outlet gives no weekly schedule.
 * @example cell.querySelector('.open-now')?.replaceWith(openNow(outlet, Date.now(), 'zh', t)!)
 */
export function openNow(o: Outlet, now: number, lang: Lang, t: Say): HTMLElement | null {
  const week = o.opening ? parseWeeklyHours(o.opening) : null;
  if (!week) return null;
  const state = openingState(week, now);
  if (state.open) return h('p', { class: 'open-now' }, h('span', { class: 'badge' }, t('openNow')), t('closesAt', { when: when(state.closesAt, now, lang, t) }));
  const next = state.opensAt === null ? '' : t('opensAt', { when: when(state.opensAt, now, lang, t) });
  return h('p', { class: 'open-now' }, h('span', { class: 'badge badge-warn' }, t('closedNow')), next);
}

function distance(metres: number, t: Say): string {
  return metres < 1000 ? t('metres', { n: Math.max(10, Math.round(metres / 10) * 10) }) : t('kilometres', { n: (metres / 1000).toFixed(metres < 10_000 ? 1 : 0) });
}

/**
 * The list item for one outlet; `metres` is its distance from the person when the list is sorted by it.
 * @example list.append(outletCell(outlet, { lang: 'en', t, now: Date.now(), metres: 850 }))
 */
export function outletCell(o: Outlet, view: { lang: Lang; t: Say; now: number; metres: number | null }): HTMLElement {
  const { lang, t, now, metres } = view;
  const join = (items: string[]) => items.join(lang === 'zh' ? '、' : ', ');
  const services = join(o.services.map((s: OutletService) => OUTLET_SERVICES[s][lang]));
  const kinds = join(o.cardKinds.map((k: Product) => PRODUCTS[k][lang]));
  const map = o.lat !== null && o.lng !== null ? `https://uri.amap.com/marker?position=${o.lng},${o.lat}&name=${encodeURIComponent(o.name.zh)}` : null;
  return h('li', { class: 'group outlet', 'data-id': o.id },
    h('div', { class: 'cell' },
      h('h2', { class: 'outlet-name' }, o.name[lang]),
      h('p', null,
        h('span', { class: 'badge' }, DISTRICTS[o.district][lang]),
        o.selfOperated ? h('span', { class: 'badge badge-self' }, t('selfOperated')) : null,
        metres !== null ? h('span', { class: 'distance' }, t('distance', { distance: distance(metres, t) })) : null),
      openNow(o, now, lang, t),
      h('p', null, o.address[lang]),
      o.station ? h('p', { class: 'muted' }, t('station'), o.station[lang]) : null,
      h('p', { class: 'muted' }, t('hours'), o.hours[lang]),
      h('p', { class: 'muted' }, t('services'), services),
      o.cardKinds.length > 0 ? h('p', { class: 'muted' }, t('cardKinds'), kinds) : null,
      h('p', { class: 'outlet-actions' },
        o.phone ? h('a', { class: 'btn btn-default btn-small', href: `tel:${o.phone}` }, t('call', { phone: o.phone })) : null,
        map ? h('a', { class: 'btn btn-default btn-small', href: map, rel: 'noopener noreferrer', target: '_blank' }, t('map')) : null)));
}
