// The pages talk to the public API like any other client. Every refusal arrives as
// { error: { code, message: { zh, en } } } and is shown in the current language from that message.
import type { Bilingual, MessageTable } from './i18n.ts';

export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly text: Bilingual,
    readonly status: number,
  ) {
    super(`${code}: ${text.en}`);
    this.name = 'ApiError';
  }
}

/** The texts for failures that never reached the API's error catalogue (no network, a proxy's HTML page). */
export interface Fallbacks {
  network: Bilingual;
  unexpected: Bilingual;
}

/**
 * The fallbacks from a page's message table: every page's table has both texts, under these two keys.
 * @example requestJson(fallbacksFrom(messages), 'GET', '/api/v1/outlets')
 */
export const fallbacksFrom = (table: MessageTable<'networkError' | 'unexpectedError'>): Fallbacks => ({
  network: { zh: table.zh.networkError, en: table.en.networkError },
  unexpected: { zh: table.zh.unexpectedError, en: table.en.unexpectedError },
});

export interface RequestOptions {
  body?: unknown;
  token?: string | null;
}

/**
 * One JSON request. Resolves with the body (undefined for 204) or rejects with an ApiError.
 * @example await requestJson(fallbacks, 'GET', '/api/v1/kit/agreement')
 */
export async function requestJson<T>(fallbacks: Fallbacks, method: string, url: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let response: Response;
  try {
    response = await fetch(url, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  } catch {
    throw new ApiError('NETWORK', fallbacks.network, 0);
  }
  const text = await response.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (response.ok) return data as T;
  const error = (data as { error?: { code?: unknown; message?: Partial<Bilingual> } } | undefined)?.error;
  if (error && typeof error.code === 'string' && typeof error.message?.zh === 'string' && typeof error.message.en === 'string') {
    throw new ApiError(error.code, { zh: error.message.zh, en: error.message.en }, response.status);
  }
  throw new ApiError(`HTTP_${response.status}`, fallbacks.unexpected, response.status);
}
