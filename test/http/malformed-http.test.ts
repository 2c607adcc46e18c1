// Bytes that are not HTTP never reach a route, yet they are answered like every other refusal: the catalogue's
// VALIDATION_FAILED in zh and en (the fuzzer first met Fastify's uncoded "Client Error" here, from a DELETE
// whose body went unframed).
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, test } from 'node:test';
import { errorEntry } from '../../src/domain/errors.ts';
import { startSystem, type TestSystem } from '../support/system.ts';

let sys: TestSystem;
before(async () => {
  sys = await startSystem({ seed: false });
});
after(() => sys.stop());

/** Writes raw bytes to the server and reads all it answers until it closes the connection. */
function raw(bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(new URL(sys.base).port), '127.0.0.1', () => socket.end(bytes));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

const CASES: Array<[string, string]> = [
  ['a request line that is not HTTP', 'HELLO\r\n\r\n'],
  ['a body sent after a request that had none', 'DELETE /api/v1/kit/me HTTP/1.1\r\nHost: x\r\n\r\n{"a":1}'],
  ['a header without a colon', 'GET /livez HTTP/1.1\r\nHost x\r\n\r\n'],
];

for (const [name, bytes] of CASES) {
  test(`${name} is answered VALIDATION_FAILED in zh and en, and the connection closed`, async () => {
    const answer = await raw(bytes);
    const [head, body] = answer.slice(answer.lastIndexOf('HTTP/1.1 ')).split('\r\n\r\n');
    assert.match(head!, /^HTTP\/1\.1 400 /);
    assert.match(head!, /connection: close/i);
    const { zh, en } = errorEntry('VALIDATION_FAILED');
    const reply = JSON.parse(body!);
    assert.equal(reply.error.code, 'VALIDATION_FAILED');
    assert.deepEqual(reply.error.message, { zh, en });
  });
}
