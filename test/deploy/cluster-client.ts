// What the multi-node tests do as a holder, an operator and a reader, whichever node answers. In the demo
// the outbox lives in the memory of the node that sent the code, so the code is looked up on every node;
// in production it comes by mail, from the SMTP server the test started.
import assert from 'node:assert/strict';
import { ReaderList } from '../../src/readers/sdk/index.ts';
import { ReaderSync } from '../../src/readers/sdk/sync.ts';
import { enrolReader } from '../../src/readers/sdk/enrol.ts';
import { DEMO_STAFF } from '../../src/services/demo/seed.ts';
import type { SmtpSink } from '../support/mail-servers.ts';
import { call } from '../support/system.ts';

/** Signs a document in through `base`; `nodes` are the node origins whose demo outboxes may hold the code. */
export async function signInAnywhere(base: string, nodes: readonly string[], document: object): Promise<string> {
  const sent = await call(base, 'POST', '/api/v1/kit/login/code', { email: 'holder@example.com', ...document });
  assert.equal(sent.status, 200, JSON.stringify(sent.body));
  for (const node of nodes) {
    const outbox = await call(node, 'GET', `/api/v1/demo/outbox?challengeId=${sent.body.challengeId}`).catch(() => undefined);
    const code = outbox?.body?.messages?.[0]?.code;
    if (!code) continue;
    const session = await call(base, 'POST', '/api/v1/kit/login', { challengeId: sent.body.challengeId, code });
    assert.equal(session.status, 200, JSON.stringify(session.body));
    return session.body.token;
  }
  throw new Error('no node holds the sign-in code');
}

/** Signs a document in through `base` with an e-mail contact, reading the code from the mail the SMTP server received for that address. */
export async function signInByMail(base: string, mail: SmtpSink, document: object, email: string): Promise<string> {
  const sent = await call(base, 'POST', '/api/v1/kit/login/code', { email, ...document });
  assert.equal(sent.status, 200, JSON.stringify(sent.body));
  // A code is normally sent before the request is answered; one the answer says is queued comes with a later try.
  const deadline = Date.now() + (sent.body.delivery === 'queued' ? 30_000 : 0);
  let received = mail.received.filter((m) => m.envelope.to.includes(email)).at(-1);
  while (!received && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    received = mail.received.filter((m) => m.envelope.to.includes(email)).at(-1);
  }
  const code = received && /\b(\d{6})\b/.exec(received.text)?.[1];
  if (!code) throw new Error(`no sign-in code was mailed to ${email}`);
  const session = await call(base, 'POST', '/api/v1/kit/login', { challengeId: sent.body.challengeId, code });
  assert.equal(session.status, 200, JSON.stringify(session.body));
  return session.body.token;
}

export type Operator = { username: string; password: string };

export async function operatorToken(base: string, operator: Operator = DEMO_STAFF.find((s) => s.role === 'operator')!): Promise<string> {
  const session = await call(base, 'POST', '/api/v1/staff-session/login', { username: operator.username, password: operator.password });
  assert.equal(session.status, 200, JSON.stringify(session.body));
  return session.body.token;
}

/** Enrols a reader through `enrolVia` as `operator` (the demo's by default) and starts syncing it from `base` (push over SSE). */
export async function startReader(base: string, enrolVia = base, operator?: Operator): Promise<{ list: ReaderList; sync: ReaderSync; credentials: string }> {
  const issued = await call(enrolVia, 'POST', '/api/v1/admin/terminals/enrolments', { kind: 'metro-gate', line: 'Line 1', station: 'Xidan' }, await operatorToken(enrolVia, operator));
  assert.equal(issued.status, 201, JSON.stringify(issued.body));
  const enrolment = await enrolReader({ baseUrl: enrolVia, token: issued.body.token, softwareVersion: 'nodes/1' });
  const list = new ReaderList({ rootKeys: enrolment.rootKeys, hashKeys: enrolment.hashKeys, revokedKeyIds: enrolment.revokedKeyIds });
  const sync = new ReaderSync({ baseUrl: base, credentials: enrolment.credentials, list, softwareVersion: 'nodes/1', minBackoffMs: 50, maxBackoffMs: 300 });
  sync.start();
  await sync.until((s) => s.state === 'online' && s.list.version > 0, 10_000);
  return { list, sync, credentials: enrolment.credentials };
}

/** The sync plan from version 0 as `credentials` get it from `base`: file URLs signed for this window. */
export async function syncPlanFromZero(base: string, credentials: string): Promise<{ version: number; snapshot: string | null; deltas: string[] }> {
  const plan = await call(base, 'GET', '/api/v1/terminal/lists/sync?from=0', undefined, credentials);
  assert.equal(plan.status, 200, JSON.stringify(plan.body));
  return plan.body;
}

/** Every list file the sync plan from version 0 names, as bytes fetched by its signed link, by path (without the link). */
export async function listFiles(base: string, credentials: string): Promise<Map<string, Buffer>> {
  const plan = await syncPlanFromZero(base, credentials);
  const urls = [plan.snapshot, ...plan.deltas].filter((url): url is string => url !== null);
  const files = new Map<string, Buffer>();
  for (const url of urls) {
    const response = await fetch(base + url);
    assert.equal(response.status, 200, url);
    files.set(url.split('?')[0]!, Buffer.from(await response.arrayBuffer()));
  }
  return files;
}
