// The staff pages' API calls: the same role-checked routes as any client, with the session's token.
import { requestJson, type Fallbacks } from '../shared/api.ts';

import type { StaffRole as Role } from '../../domain/staff.ts';

export type { Role };

export interface StaffSession {
  token: string;
  expiresAt: string;
  staff: { username: string; displayName: string; role: Role };
}

/** @example const api = deskApi(fallbacks, () => session?.token); await api.get('/api/v1/staff/post') */
export function deskApi(fallbacks: Fallbacks, token: () => string | null) {
  return {
    login: (username: string, password: string) => requestJson<StaffSession>(fallbacks, 'POST', '/api/v1/staff-session/login', { body: { username, password } }),
    logout: () => requestJson<void>(fallbacks, 'POST', '/api/v1/staff-session/logout', { token: token() }),
    get: <T>(url: string) => requestJson<T>(fallbacks, 'GET', url, { token: token() }),
    post: <T>(url: string, body: unknown) => requestJson<T>(fallbacks, 'POST', url, { body, token: token() }),
  };
}

export type DeskApi = ReturnType<typeof deskApi>;
