// How the staff pages write times, money and cards. Times are instants shown in Beijing time, zone named;
// money is integer fen shown as yuan.
import { PRODUCTS, type Product } from '../../domain/cards.ts';
import { formatFen } from '../../domain/refunds.ts';
import { h } from '../shared/dom.ts';
import type { Lang } from '../shared/i18n.ts';
import type { Desk } from './desk.ts';
import { messages } from './messages.ts';

const formats: Partial<Record<Lang, Intl.DateTimeFormat>> = {};

/** @example beijingTime(desk, '2022-06-03T02:00:00Z') // → '2022/06/03 10:00(北京时间)' in Chinese */
export function beijingTime(desk: { lang: Lang }, iso: string, lang: Lang = desk.lang): string {
  const format = (formats[lang] ??= new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', {
    timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }));
  const zone = messages[lang].beijingTime;
  return lang === 'zh' ? `${format.format(new Date(iso))}(${zone})` : `${format.format(new Date(iso))} (${zone})`;
}

export const productName = (lang: Lang, product: string): string => (product in PRODUCTS ? PRODUCTS[product as Product][lang] : product);

export const yuan = (fen: number): string => formatFen(fen);

/** A text by a key built from data (a state, a reason): the key itself when the table lacks it. */
export function tKey(desk: Desk, key: string): string {
  return (messages[desk.lang] as Record<string, string>)[key] ?? key;
}

/** A definition list of facts: [label, value] pairs; null values are left out. */
export function facts(rows: Array<[string, string | Node | null]>): HTMLElement {
  return h('dl', { class: 'facts' }, rows.filter(([, v]) => v !== null).flatMap(([label, value]) => [h('dt', null, label), h('dd', null, value)]));
}
