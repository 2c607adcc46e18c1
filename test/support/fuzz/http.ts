// One fuzzing request over real HTTP from a chosen loopback address: the per-address limits on sign-in
// stay what they are, and the fuzzer, like an attacker with many addresses, spreads its requests over them.
import http from 'node:http';

export interface Answer {
  status: number;
  contentType: string;
  text: string;
  /** The catalogue code of a refusal, when the body has one. */
  code?: string;
}

/**
 * Sends a request from `localAddress` (any of 127.0.0.0/8) and reads the whole answer; an event stream is
 * read up to its headers, then closed, as it never ends by itself.
 * @example await send(base, '127.0.0.7', { method: 'GET', url: '/readyz', headers: {} })
 */
export function send(base: string, localAddress: string, request: { method: string; url: string; headers: Record<string, string>; body?: string }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    // The length is set for every method: Node frames a DELETE's body by nothing otherwise, and the server
    // would read it as the next request.
    const headers = request.body === undefined ? request.headers : { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) };
    const outgoing = http.request(new URL(request.url, base), { method: request.method, headers, localAddress }, (response) => {
      const contentType = response.headers['content-type'] ?? '';
      const status = response.statusCode ?? 0;
      if (contentType.startsWith('text/event-stream')) {
        response.destroy();
        return resolve({ status, contentType, text: '' });
      }
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status, contentType, text, code: codeOf(contentType, text) });
      });
    });
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}

function codeOf(contentType: string, text: string): string | undefined {
  if (!contentType.includes('json')) return undefined;
  try {
    const code = (JSON.parse(text) as { error?: { code?: unknown } }).error?.code;
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}
