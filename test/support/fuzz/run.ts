// The API fuzzer: sends random requests for every operation of the server's own OpenAPI document, one at
// a time, and holds (DESIGN §4 rule 8) that no answer is a 5xx, every 4xx is a catalogue code with both
// texts, every success matches the schema its operation declares, and a refused request changes nothing in
// the database. Requests are drawn with fast-check from a seed, so a failing run can be repeated.
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { ERROR_CODES, errorEntry, type ErrorCode } from '../../../src/domain/errors.ts';
import { signHealthBatch } from '../../../src/http/health-feed.ts';
import { MAIL_SECRET_HEADER } from '../../../src/http/inbound-mail.ts';
import { inboundMailSecret } from '../../../src/services/desk/ticket-mail.ts';
import { triesEnded } from '../../../src/services/messages/outbox.ts';
import { deliverDue } from '../../../src/services/messages/outbox-worker.ts';
import type { TestSystem } from '../system.ts';
import { Credentials, type Role } from './credentials.ts';
import { demoHints } from './hints.ts';
import { send, type Answer } from './http.ts';
import { operationsOf, resolver, type OpenApiDocument, type Operation } from './operations.ts';
import { requestsFor, type FuzzRequest } from './requests.ts';

export interface FuzzReport {
  seed: number;
  /** Answers by HTTP status. */
  statuses: Map<number, number>;
  /** The operations that answered a success at least once, of all in the document. */
  succeeded: Set<string>;
  operations: number;
  /** Each broken promise, with the request that broke it; empty when all held. */
  failures: string[];
}

// Requests are drawn this many at a time, so that the hints follow what the server holds.
const CHUNK = 250;

/**
 * Sends `runs` random requests to `sys` and reports what it answered.
 * @example const report = await fuzz(sys, 3000, 20221116);
 */
export async function fuzz(sys: TestSystem, runs: number, seed: number): Promise<FuzzReport> {
  const doc = (await (await fetch(`${sys.base}/api/v1/openapi.json`)).json()) as OpenApiDocument;
  const operations = operationsOf(doc);
  const credentials = new Credentials(sys);
  await credentials.renew();
  const report: FuzzReport = { seed, statuses: new Map(), succeeded: new Set(), operations: operations.length, failures: [] };
  await settle(sys);
  let before = await sys.ctx.store.dump();
  for (let start = 0; start < runs && report.failures.length < 20; start += CHUNK) {
    const codes = sys.outbox.recent().slice(0, 5);
    const vocabulary = { resolve: resolver(doc), hints: demoHints({ now: sys.ctx.clock(), dump: before, codes }) };
    const requests = fc.sample(fc.oneof(...operations.map((op) => requestsFor(op, vocabulary))), { numRuns: Math.min(CHUNK, runs - start), seed: seed + start });
    for (const [i, request] of requests.entries()) {
      const answer = await send(sys.base, `127.0.0.${2 + ((start + i) % 250)}`, withProof(sys, request, credentials));
      report.statuses.set(answer.status, (report.statuses.get(answer.status) ?? 0) + 1);
      const broken = problemsOf(request.op, answer);
      if (answer.status < 400) {
        report.succeeded.add(`${request.op.method} ${request.op.path}`);
        await settle(sys);
        for (const role of credentialsEnded(request)) await credentials.renewOne(role);
      }
      const after = await sys.ctx.store.dump();
      if (answer.status >= 400) broken.push(...changesOf(before, after, answer.code));
      before = after;
      if (broken.length > 0) report.failures.push(`${request.op.method} ${request.url} as ${request.role} → ${answer.status} ${answer.text.slice(0, 300)}\n  ${broken.join('\n  ')}\n  body: ${request.body?.text.slice(0, 300)}`);
    }
  }
  return report;
}

/**
 * Does now the work a success sets going — a list build and its snapshot, and the messages it queued (a
 * notice is left to the outbox worker, which would send it within the second) — and waits for what is under
 * way, so that none of it is seen as the next request's.
 */
async function settle(sys: TestSystem): Promise<void> {
  await sys.app.parts.publisher.poke();
  await sys.app.parts.publisher.idle();
  while ((await deliverDue(sys.ctx)).length > 0);
  await Promise.all([triesEnded(sys.ctx), sys.app.parts.tapWriter.idle()]);
}

/** The request's headers: the role's token, and for the two signed webhooks the proof drawn. */
function withProof(sys: TestSystem, request: FuzzRequest, credentials: Credentials) {
  const headers: Record<string, string> = {};
  const authorization = credentials.authorization(request.role);
  if (authorization) headers.authorization = authorization;
  if (request.body) headers['content-type'] = request.body.contentType;
  const text = request.body?.text ?? '';
  const now = sys.ctx.clock();
  if (request.op.path === '/api/v1/health-feed/records' && request.proof !== 'none') {
    headers['x-ykt-signature'] = signHealthBatch(request.proof === 'right' ? sys.ctx.secrets.healthFeedKey : Buffer.alloc(32, 7), text, now);
  }
  if (request.op.path === '/api/v1/service/inbound-mail' && request.proof !== 'none') {
    headers[MAIL_SECRET_HEADER] = request.proof === 'right' ? inboundMailSecret(sys.ctx) : 'wrong-secret';
  }
  return { method: request.op.method, url: request.url, headers, body: request.body?.text };
}

/**
 * The credentials a success ended: a logout or account deletion the session that sent it, a reader revoked
 * the fuzzer's reader (whichever it was: enrolling anew is cheap). An outlet's contact change ends sessions
 * too, but only of the demo documents the fuzzer names, never of its own holders.
 */
function credentialsEnded(request: FuzzRequest): Role[] {
  if (/\/(logout|me)$/.test(request.op.path)) return [request.role];
  if (request.op.path.endsWith('/revoke')) return ['terminal'];
  return [];
}

/** The promises one answer breaks. */
function problemsOf(op: Operation, answer: Answer): string[] {
  if (answer.status >= 500) return ['a 5xx'];
  if (answer.status >= 400) return coded(answer) ? [] : ['a refusal without a catalogue code and its zh and en texts'];
  const declared = op.successes.get(answer.status);
  if (!declared) return [`status ${answer.status} is not declared`];
  if (declared.size === 0 || answer.status === 204) return [];
  const media = [...declared.keys()].find((type) => answer.contentType.startsWith(type.split(';')[0]!));
  if (media === undefined) return [`content type ${answer.contentType} is not declared`];
  const validate = declared.get(media);
  if (!validate || validate(JSON.parse(answer.text))) return [];
  return [`off its declared schema: ${JSON.stringify(validate.errors?.slice(0, 3))}`];
}

function coded(answer: Answer): boolean {
  if (!answer.code || !(ERROR_CODES as string[]).includes(answer.code)) return false;
  const entry = errorEntry(answer.code as ErrorCode);
  const body = JSON.parse(answer.text) as { error: { message: unknown } };
  return entry.status === answer.status && isDeepStrictEqual(body.error.message, { zh: entry.zh, en: entry.en });
}

// What some refusals write by design: a wrong one-time code counts against its challenge, and a refused
// staff sign-in against the username, audited (the limits and their trail; test/http/error-paths.test.ts).
const WRITES_OF_REFUSALS: Partial<Record<ErrorCode, string[]>> = {
  CODE_WRONG: ['login_code'],
  CODE_ATTEMPTS_EXCEEDED: ['login_code'],
  STAFF_SIGN_IN_FAILED: ['staff_attempt', 'audit_log'],
  STAFF_SIGN_IN_LOCKED: ['staff_attempt', 'audit_log'],
};

/** What a refused request changed in the database, beyond what its refusal writes by design. */
function changesOf(before: Record<string, unknown[]>, after: Record<string, unknown[]>, code: string | undefined): string[] {
  const allowed = WRITES_OF_REFUSALS[code as ErrorCode] ?? [];
  const changed = Object.keys(after).filter((table) => !allowed.includes(table) && !isDeepStrictEqual(before[table], after[table]));
  return changed.length === 0 ? [] : [`a refusal changed ${changed.join(', ')}`];
}
