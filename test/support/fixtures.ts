// Shared test fixtures: the demo cards by serial, demo documents by type, and the assertion that a reply
// is the catalogue's coded bilingual error.
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import '../../src/http/server.ts';
import { errorEntry, type ErrorCode } from '../../src/domain/errors.ts';
import { DEMO_DOCUMENTS } from '../../src/services/demo/seed.ts';

/**
 * The number of demo card `serial` (1-based, as demoCardRows() numbers them). Per product, serials run
 * active, active, active, lost, refunded, blocked; products ordinary 1–6, student 7–12, concession 13–18,
 * t-union 19–24, commemorative 25–30, mobile-nfc (medium nfc) 31–36.
 */
export const demoCard = (serial: number): string => `10007510${String(serial).padStart(8, '0')}`;

/** A demo document by type, as the sign-in request takes it. */
export function demoDocument(type: 'hk-macao-permit' | 'taiwan-permit' | 'passport' | 'residence-permit') {
  const found = DEMO_DOCUMENTS.find((d) => d.type === type);
  if (!found) throw new Error(`no demo ${type}`);
  return { type: found.type as string, number: found.number, ...(found.state ? { state: found.state } : {}) };
}

/** Asserts a reply is the catalogue's error for `code`: its status, and both texts as the catalogue has them. */
export function assertCoded(reply: { status: number; body: any }, code: ErrorCode): void {
  const entry = errorEntry(code);
  assert.equal(reply.body?.error?.code, code, `expected ${code}, got ${JSON.stringify(reply.body)}`);
  assert.equal(reply.status, entry.status);
  assert.ok(entry.zh.length > 0 && entry.en.length > 0);
  assert.deepEqual(reply.body.error.message, { zh: entry.zh, en: entry.en });
}

/**
 * Waits until the server's background work (the reader list publisher builds list versions from the change
 * log) has caught up, so that a before/after comparison of the database sees only what a request did.
 */
export async function settle(app: FastifyInstance): Promise<void> {
  await app.parts?.publisher.poke();
}

/** Resolves once `condition` holds, asking every 50 ms; fails the test after `timeoutMs`. */
export async function waitFor(condition: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) assert.fail(`still not so after ${timeoutMs} ms: ${condition.toString()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
