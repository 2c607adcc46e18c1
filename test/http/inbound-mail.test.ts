// The inbound-mail webhook's secret is checked as the request arrives, before the body is read: a wrong or
// missing secret gets MAIL_SECRET_INVALID (401) whatever follows the headers — malformed JSON, another content
// type, a body over the limit, or a body that never comes — while the right secret goes on to the usual checks.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import { inboundMailSecret } from '../../src/services/desk/ticket-mail.ts';
import { assertCoded } from '../support/fixtures.ts';
import { startSystem, type TestSystem } from '../support/system.ts';

describe('the inbound-mail webhook', () => {
  let sys: TestSystem;
  before(async () => {
    sys = await startSystem({ seed: false });
  });
  after(() => sys.stop());

  async function post(body: string, headers: Record<string, string>) {
    const response = await fetch(`${sys.base}/api/v1/service/inbound-mail`, { method: 'POST', headers, body });
    return { status: response.status, body: await response.json() };
  }
  const json = { 'content-type': 'application/json' };
  const oversize = JSON.stringify({ from: 'a@example.com', to: '96066@bmac.com.cn', subject: 'big', text: 'x'.repeat(5 * 1024 * 1024), messageId: '<big@example.com>' });

  test('refuses a wrong or missing secret with 401 before parsing, whatever the body', async () => {
    const before = await sys.ctx.store.dump();
    const wrong = { ...json, 'x-ykt-mail-secret': 'not-the-secret-at-all' };
    assertCoded(await post('{"from": "a@example.com", "text": ', wrong), 'MAIL_SECRET_INVALID');
    assertCoded(await post(oversize, wrong), 'MAIL_SECRET_INVALID');
    assertCoded(await post('{not json', json), 'MAIL_SECRET_INVALID');
    assertCoded(await post('hello', { 'content-type': 'text/plain', 'x-ykt-mail-secret': '' }), 'MAIL_SECRET_INVALID');
    // The secret with one character more: the comparison does not stop at the length.
    assertCoded(await post('{}', { ...json, 'x-ykt-mail-secret': `${inboundMailSecret(sys.ctx)}x` }), 'MAIL_SECRET_INVALID');
    assert.deepEqual((await sys.ctx.store.dump()).ticket, before.ticket);
  });

  test('answers a wrong secret without waiting for a body that is announced and never sent', async () => {
    const { port } = new URL(sys.base);
    const answer = await new Promise<{ status: number; body: string; connection?: string }>((resolve, reject) => {
      const request = http.request({ port, method: 'POST', path: '/api/v1/service/inbound-mail', headers: { ...json, 'content-length': String(3 * 1024 * 1024), 'x-ykt-mail-secret': 'wrong-secret-0123456789' } }, (response) => {
        let body = '';
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => {
          request.destroy();
          resolve({ status: response.statusCode ?? 0, body, connection: response.headers.connection });
        });
      });
      request.on('error', reject);
      request.setTimeout(5_000, () => reject(new Error('the server waited for the body')));
      request.flushHeaders();
    });
    assertCoded({ status: answer.status, body: JSON.parse(answer.body) }, 'MAIL_SECRET_INVALID');
    assert.equal(answer.connection, 'close', 'the connection is not kept to read the body');
  });

  test('with the right secret, the body is then parsed and checked as usual', async () => {
    const right = { ...json, 'x-ykt-mail-secret': inboundMailSecret(sys.ctx) };
    assertCoded(await post('{"from": "a@example.com", "text": ', right), 'VALIDATION_FAILED');
    assertCoded(await post(oversize, right), 'BODY_TOO_LARGE');
    const filed = await post(JSON.stringify({ from: 'a@example.com', to: '96066@bmac.com.cn', subject: 'Card', text: 'Hello', messageId: '<ok@example.com>' }), right);
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
  });
});
