// The benches' load generators' HTTP client: node:http on kept-alive sockets. Load generators run on the
// same two cores as the server they measure, and fetch() (undici's WHATWG streams) spent about 0.8 ms of
// CPU per request there, as much as the server's own work on an upgrade; this one spends a fraction of that.
import http from 'node:http';

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

/**
 * Sends one request and reads the whole answer: { status, body } (body: the parsed JSON, or null when empty).
 * @example const { status, body } = await send(`${base}/api/v1/kit/cards`, { method: 'POST', headers, body: json })
 */
export function send(url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(body);
    const req = http.request(url, { method, agent, headers: payload ? { ...headers, 'content-length': payload.length } : headers }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          resolve({ status: res.statusCode, body: text === '' ? null : JSON.parse(text) });
        } catch (error) {
          reject(error);
        }
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}
