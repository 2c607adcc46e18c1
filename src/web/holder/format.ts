// How the holder pages write times and cards. Times are instants shown in Beijing time, with the zone named.
import { PRODUCTS, type Product } from '../../domain/cards.ts';
import type { Lang } from '../shared/i18n.ts';
import type { App } from './app.ts';
import type { Binding } from './api.ts';

const formats: Partial<Record<Lang, Intl.DateTimeFormat>> = {};

/** @example beijingTime(app, '2022-06-03T02:00:00Z') // → '2022/06/03 10:00(北京时间)' in Chinese */
export function beijingTime(app: App, iso: string): string {
  const format = (formats[app.lang] ??= new Intl.DateTimeFormat(app.lang === 'zh' ? 'zh-CN' : 'en-GB', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }));
  const zone = app.t('beijingTime');
  return app.lang === 'zh' ? `${format.format(new Date(iso))}(${zone})` : `${format.format(new Date(iso))} (${zone})`;
}

export function productName(app: App, product: string): string {
  return product in PRODUCTS ? PRODUCTS[product as Product][app.lang] : product;
}

export const mediumName = (app: App, medium: Binding['medium']): string => app.t(medium === 'physical' ? 'medium.physical' : 'medium.nfc');

/**
 * What kind of card it is: the medium, and the product where it says more (a phone NFC card's product is
 * the medium again, which would read twice).
 * @example cardKind(app, card) // → 'Physical card · Student card', or 'Phone NFC card'
 */
export function cardKind(app: App, card: Pick<Binding, 'medium' | 'product'>): string {
  const medium = mediumName(app, card.medium);
  const product = productName(app, card.product);
  return card.product === 'mobile-nfc' || product === medium ? medium : `${medium} · ${product}`;
}

/**
 * A place name in the page's language. Terminals are placed with names written "中文 English" ("培训 Training");
 * a page shows the part in its language, and a name in one language as it is.
 * @example placeName(app, '1号线 Line 1') // → '1号线' in Chinese, 'Line 1' in English
 */
export function placeName(app: App, name: string): string {
  const parts = /^(.*\p{Script=Han}\S*)\s+(\P{Script=Han}*\p{Script=Latin}\P{Script=Han}*)$/u.exec(name.trim());
  if (!parts) return name;
  return app.lang === 'zh' ? parts[1]! : parts[2]!;
}
