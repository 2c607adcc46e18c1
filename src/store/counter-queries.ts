// Queries behind the counters: refund rules and refunds.
import { ServiceQueries } from './service-queries.ts';

/** Tables this file owns, for dump(). */
export const COUNTER_TABLES = [] as const;

export class CounterQueries extends ServiceQueries {}
