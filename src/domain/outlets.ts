// Service outlets (服务网点): what an outlet record holds, how an imported row is checked, and the search
// the public finder runs. Pure rules, no I/O.
import { PRODUCTS, type Product } from './cards.ts';
import { parseWeeklyHours } from './opening-hours.ts';

/** Beijing's sixteen districts, by the code files and the API carry. */
export const DISTRICTS = {
  dongcheng: { zh: '东城区', en: 'Dongcheng' },
  xicheng: { zh: '西城区', en: 'Xicheng' },
  chaoyang: { zh: '朝阳区', en: 'Chaoyang' },
  haidian: { zh: '海淀区', en: 'Haidian' },
  fengtai: { zh: '丰台区', en: 'Fengtai' },
  shijingshan: { zh: '石景山区', en: 'Shijingshan' },
  mentougou: { zh: '门头沟区', en: 'Mentougou' },
  fangshan: { zh: '房山区', en: 'Fangshan' },
  tongzhou: { zh: '通州区', en: 'Tongzhou' },
  shunyi: { zh: '顺义区', en: 'Shunyi' },
  changping: { zh: '昌平区', en: 'Changping' },
  daxing: { zh: '大兴区', en: 'Daxing' },
  huairou: { zh: '怀柔区', en: 'Huairou' },
  pinggu: { zh: '平谷区', en: 'Pinggu' },
  miyun: { zh: '密云区', en: 'Miyun' },
  yanqing: { zh: '延庆区', en: 'Yanqing' },
} as const;
export type District = keyof typeof DISTRICTS;

/**
 * What an outlet does. Refunds of large balances and of cards whose chip cannot be read are done only
 * at self-operated outlets (`refund-large`), which is why the finder marks them.
 */
export const OUTLET_SERVICES = {
  sale: { zh: '售卡', en: 'Card sales' },
  'top-up': { zh: '充值', en: 'Top-up' },
  refund: { zh: '退卡', en: 'Refunds' },
  'refund-large': { zh: '大额及坏卡退卡', en: 'Large-balance and damaged-card refunds' },
  repair: { zh: '卡片检测', en: 'Card check' },
  invoice: { zh: '开具发票', en: 'Invoices' },
} as const;
export type OutletService = keyof typeof OUTLET_SERVICES;

export interface Bilingual {
  zh: string;
  en: string;
}

export interface Outlet {
  /** Stable code from the import file, e.g. 'BJ-DZM'. */
  id: string;
  name: Bilingual;
  address: Bilingual;
  district: District;
  /** The opening hours as people read them, with any note ("open on public holidays"). */
  hours: Bilingual;
  /** The same hours as a weekly schedule (opening-hours.ts) for "open now", or null when the file gives none. */
  opening: string | null;
  phone: string | null;
  selfOperated: boolean;
  services: OutletService[];
  /** The card products it refunds (and sells). */
  cardKinds: Product[];
  /** The metro station it sits in or by, if any. */
  station: Bilingual | null;
  /** WGS-84 degrees, both or neither: what "near me" sorts by. */
  lat: number | null;
  lng: number | null;
}

const isDistrict = (value: unknown): value is District => typeof value === 'string' && value in DISTRICTS;
const isService = (value: string): value is OutletService => value in OUTLET_SERVICES;
const isProduct = (value: string): value is Product => value in PRODUCTS;

/** One outlet as a file gives it (JSON object, or a CSV row turned into one by `outletFromCsvRow`). */
export type OutletInput = Record<string, unknown>;

const given = (value: unknown): boolean => value !== undefined && value !== null && value !== '';

const text = (value: unknown, max: number): string | null => {
  if (typeof value !== 'string') return null;
  const t = value.trim();
  return t.length > 0 && t.length <= max ? t : null;
};

function bilingual(value: unknown, max: number): Bilingual | null {
  if (typeof value !== 'object' || value === null) return null;
  const { zh, en } = value as Record<string, unknown>;
  const z = text(zh, max);
  const e = text(en, max);
  return z && e ? { zh: z, en: e } : null;
}

function list(value: unknown): string[] | null {
  if (Array.isArray(value)) return value.every((v) => typeof v === 'string') ? value.map((v: string) => v.trim()).filter(Boolean) : null;
  if (typeof value === 'string') return value.split(/[|,;]/).map((v) => v.trim()).filter(Boolean);
  return null;
}

function coordinate(value: unknown, min: number, max: number): number | null | 'bad' {
  if (value === null || value === undefined || value === '') return null;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) && n >= min && n <= max ? Math.round(n * 1e6) / 1e6 : 'bad';
}

/**
 * Checks one imported outlet: the outlet, or the first field that is wrong.
 * @example parseOutlet({ id: 'BJ-1', name: { zh: '…', en: '…' }, … }) // → { outlet } | { field: 'district' }
 */
export function parseOutlet(input: OutletInput): { outlet: Outlet } | { field: string } {
  const id = text(input.id, 40);
  if (!id || !/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(id)) return { field: 'id' };
  const name = bilingual(input.name, 120);
  if (!name) return { field: 'name' };
  const address = bilingual(input.address, 300);
  if (!address) return { field: 'address' };
  if (!isDistrict(input.district)) return { field: 'district' };
  const hours = bilingual(input.hours, 200);
  if (!hours) return { field: 'hours' };
  const opening = given(input.opening) ? text(input.opening, 200) : null;
  if (given(input.opening) && (!opening || !parseWeeklyHours(opening))) return { field: 'opening' };
  const phone = input.phone === undefined || input.phone === null || input.phone === '' ? null : text(input.phone, 40);
  if (phone === null && input.phone !== undefined && input.phone !== null && input.phone !== '') return { field: 'phone' };
  const selfOperated = input.selfOperated;
  if (typeof selfOperated !== 'boolean') return { field: 'selfOperated' };
  const services = list(input.services);
  if (!services || services.length === 0 || !services.every(isService)) return { field: 'services' };
  const cardKinds = list(input.cardKinds);
  if (!cardKinds || !cardKinds.every(isProduct)) return { field: 'cardKinds' };
  // Only self-operated outlets refund large balances and unreadable chips; a file saying otherwise is wrong.
  if (services.includes('refund-large') && !selfOperated) return { field: 'services' };
  const station = input.station === undefined || input.station === null ? null : bilingual(input.station, 60);
  if (station === null && input.station !== undefined && input.station !== null) return { field: 'station' };
  const lat = coordinate(input.lat, 39.4, 41.1);
  if (lat === 'bad') return { field: 'lat' };
  const lng = coordinate(input.lng, 115.4, 117.6);
  if (lng === 'bad') return { field: 'lng' };
  // Half a position places the outlet nowhere; "near me" would have to guess.
  if ((lat === null) !== (lng === null)) return { field: lat === null ? 'lat' : 'lng' };
  return {
    outlet: {
      id,
      name,
      address,
      district: input.district,
      hours,
      opening,
      phone,
      selfOperated,
      services: services as OutletService[],
      cardKinds: cardKinds as Product[],
      station,
      lat,
      lng,
    },
  };
}

/** A CSV row (columns as in docs/service-desk.md) in the shape parseOutlet takes. */
export function outletFromCsvRow(row: Record<string, string | undefined>): OutletInput {
  const pair = (zh: string | undefined, en: string | undefined) => (zh || en ? { zh: zh ?? '', en: en ?? '' } : undefined);
  const flag = (row.self_operated ?? '').trim().toLowerCase();
  return {
    id: row.id,
    name: pair(row.name_zh, row.name_en),
    address: pair(row.address_zh, row.address_en),
    district: row.district?.trim().toLowerCase(),
    hours: pair(row.hours_zh, row.hours_en),
    opening: row.opening,
    phone: row.phone,
    selfOperated: ['true', 'yes', '1', '是'].includes(flag) ? true : ['false', 'no', '0', '否'].includes(flag) ? false : row.self_operated,
    services: row.services,
    cardKinds: row.card_kinds ?? '',
    station: pair(row.station_zh, row.station_en),
    lat: row.lat,
    lng: row.lng,
  };
}

export interface OutletQuery {
  /** Free text: any part of a name, address, station or district, in either language. */
  q?: string;
  district?: District;
  service?: OutletService;
}

// People type "dongzhimen", "Dong Zhi Men", "东直门站": spaces, case and full-width forms must not matter.
const fold = (s: string): string => s.normalize('NFKC').toLowerCase().replace(/[\s·・'’\-_,，.。()（）]/g, '');

function haystack(o: Outlet): string {
  const district = DISTRICTS[o.district];
  return fold([o.id, o.name.zh, o.name.en, o.address.zh, o.address.en, o.station?.zh, o.station?.en, district.zh, district.en].join('|'));
}

/**
 * The outlets matching a query, best first: a match in the name or station before one in the address,
 * self-operated outlets first among equals, then by name.
 * @example searchOutlets(all, { q: 'dongzhimen' }); searchOutlets(all, { district: 'haidian', service: 'refund' })
 */
export function searchOutlets(outlets: readonly Outlet[], query: OutletQuery): Outlet[] {
  const words = (query.q ?? '').split(/\s+/).map(fold).filter(Boolean);
  const scored: Array<{ outlet: Outlet; score: number }> = [];
  for (const outlet of outlets) {
    if (query.district && outlet.district !== query.district) continue;
    if (query.service && !outlet.services.includes(query.service)) continue;
    const all = haystack(outlet);
    if (!words.every((w) => all.includes(w))) continue;
    const title = fold([outlet.name.zh, outlet.name.en, outlet.station?.zh, outlet.station?.en].join('|'));
    const score = words.filter((w) => title.includes(w)).length * 2 + (outlet.selfOperated ? 1 : 0);
    scored.push({ outlet, score });
  }
  return scored.sort((a, b) => b.score - a.score || a.outlet.name.en.localeCompare(b.outlet.name.en)).map((s) => s.outlet);
}

const EARTH_RADIUS_M = 6_371_008;
const radians = (deg: number) => (deg * Math.PI) / 180;

/**
 * The great-circle distance in metres between two WGS-84 points (haversine; within a city it is off by
 * well under a metre per kilometre).
 * @example distanceMetres({ lat: 39.9413, lng: 116.4338 }, { lat: 39.9405, lng: 116.3555 }) // ≈ 6 680
 */
export function distanceMetres(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const dLat = radians(b.lat - a.lat);
  const dLng = radians(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(radians(a.lat)) * Math.cos(radians(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * The outlets nearest first, each with its distance; outlets without a position keep their order at the end
 * (distance null), so sorting never hides one.
 * @example byDistance(outlets, { lat: 39.94, lng: 116.43 })[0] // → { outlet: BJ-DZM, metres: 120 }
 */
export function byDistance(outlets: readonly Outlet[], from: { lat: number; lng: number }): Array<{ outlet: Outlet; metres: number | null }> {
  const placed = outlets.map((outlet) => ({ outlet, metres: outlet.lat !== null && outlet.lng !== null ? distanceMetres(from, { lat: outlet.lat, lng: outlet.lng }) : null }));
  return placed.sort((a, b) => (a.metres ?? Infinity) - (b.metres ?? Infinity));
}
