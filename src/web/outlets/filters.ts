// The finder's filters live in the page's address (?q=…&district=…&service=…&sort=near), so that a reload,
// a shared link or the back button brings the same list. Other parameters (?lang=…) are left as they are.
import { DISTRICTS, OUTLET_SERVICES, type District, type OutletService } from '../../domain/outlets.ts';

export interface Filters {
  q: string;
  district: District | '';
  service: OutletService | '';
  /** Nearest first; the position itself is never put in the address (it would travel in shared links). */
  near: boolean;
}

/**
 * The filters an address carries; unknown districts or services are dropped rather than sent to the API.
 * @example filtersFrom('?q=xizhimen&district=xicheng') // → { q: 'xizhimen', district: 'xicheng', service: '', near: false }
 */
export function filtersFrom(search: string): Filters {
  const params = new URLSearchParams(search);
  const district = params.get('district') ?? '';
  const service = params.get('service') ?? '';
  return {
    q: (params.get('q') ?? '').slice(0, 100),
    district: district in DISTRICTS ? (district as District) : '',
    service: service in OUTLET_SERVICES ? (service as OutletService) : '',
    near: params.get('sort') === 'near',
  };
}

/** The address's query with these filters set (empty ones removed), keeping every other parameter. */
export function searchWith(search: string, filters: Filters): string {
  const params = new URLSearchParams(search);
  const set = (key: string, value: string) => (value ? params.set(key, value) : params.delete(key));
  set('q', filters.q.trim());
  set('district', filters.district);
  set('service', filters.service);
  set('sort', filters.near ? 'near' : '');
  const query = params.toString();
  return query ? `?${query}` : '';
}

/** The API query for these filters (sorting by distance happens in the page). */
export function apiQuery(filters: Filters): string {
  return searchWith('', { ...filters, near: false });
}
