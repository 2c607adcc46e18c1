// Queries of the service desk and the outlet finder.
import { StaffQueries } from './staff-queries.ts';

/** Tables this file owns, for dump(). */
export const SERVICE_TABLES = [] as const;

export class ServiceQueries extends StaffQueries {}
