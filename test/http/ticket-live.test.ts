// The live conversation over real HTTP: who may open a ticket's stream, what each side hears (typing, a
// new message, the holder's presence), what a bad request gets, and the same across two nodes on one
// PostgreSQL database, where the events travel by NOTIFY.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_STAFF } from '../../src/services/demo/seed.ts';
import { assertCoded, demoDocument, waitFor } from '../support/fixtures.ts';
import { freshDatabase, postgresSkip } from '../support/postgres.ts';
import { call, signIn, startSystem, tempDataDir, type TestSystem } from '../support/system.ts';

interface Stream {
  status: number;
  events: Array<{ name: string; data: Record<string, unknown> }>;
  /** Resolves once an event of that name has arrived (at most 10 s). */
  heard(name: string, where?: (data: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  close(): void;
}

/** Opens an event stream with a bearer token and collects its events as they come. */
async function openStream(url: string, token: string): Promise<Stream> {
  const abort = new AbortController();
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, signal: abort.signal });
  const events: Stream['events'] = [];
  if (response.ok && response.body) {
    void (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const name = /^event: (.*)$/m.exec(block)?.[1];
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (name && data) events.push({ name, data: JSON.parse(data) });
          }
        }
      } catch {
        // aborted
      }
    })();
  } else await response.text();
  return {
    status: response.status,
    events,
    heard: async (name, where = () => true) => {
      await waitFor(() => events.some((e) => e.name === name && where(e.data)));
      return events.find((e) => e.name === name && where(e.data))!.data;
    },
    close: () => abort.abort(),
  };
}

async function staffToken(base: string, role: string): Promise<string> {
  const member = DEMO_STAFF.find((s) => s.role === role)!;
  return (await call(base, 'POST', '/api/v1/staff-session/login', { username: member.username, password: member.password })).body.token;
}

const AGENT_NAME = DEMO_STAFF.find((s) => s.role === 'agent')!.displayName;

describe('the live conversation on a ticket', () => {
  let sys: TestSystem;
  let holder: string;
  let other: string;
  let agent: string;
  let id: number;

  before(async () => {
    sys = await startSystem();
    holder = await signIn(sys, 'kit', demoDocument('hk-macao-permit'));
    other = await signIn(sys, 'kit', demoDocument('passport'));
    agent = await staffToken(sys.base, 'agent');
    id = (await call(sys.base, 'POST', '/api/v1/kit/tickets', { subject: 'Gate', body: 'The gate stays shut.', lang: 'en' }, holder)).body.ticket.id;
  });
  after(() => sys.stop());

  test("opens a ticket's stream to its own holder and to agents only", async () => {
    assertCoded(await call(sys.base, 'GET', `/api/v1/kit/tickets/${id}/events`), 'AUTH_REQUIRED');
    assertCoded(await call(sys.base, 'GET', `/api/v1/kit/tickets/${id}/events`, undefined, other), 'TICKET_NOT_FOUND');
    assertCoded(await call(sys.base, 'GET', `/api/v1/service/tickets/${id}/events`, undefined, holder), 'SESSION_INVALID');
    assertCoded(await call(sys.base, 'GET', `/api/v1/service/tickets/${id}/events`, undefined, await staffToken(sys.base, 'staff')), 'ROLE_FORBIDDEN');
    assertCoded(await call(sys.base, 'GET', '/api/v1/service/tickets/999999/events', undefined, agent), 'TICKET_NOT_FOUND');
    assertCoded(await call(sys.base, 'POST', `/api/v1/kit/tickets/${id}/typing`, undefined, other), 'TICKET_NOT_FOUND');
  });

  test("each side hears the other typing and writing, the agent by name; the agent hears the holder come and go", async () => {
    const desk = await openStream(`${sys.base}/api/v1/service/tickets/${id}/events`, agent);
    assert.equal(desk.status, 200);
    await desk.heard('presence', (d) => d.online === false);
    const mine = await openStream(`${sys.base}/api/v1/kit/tickets/${id}/events`, holder);
    assert.equal(mine.status, 200);
    await desk.heard('presence', (d) => d.online === true);

    assert.equal((await call(sys.base, 'POST', `/api/v1/service/tickets/${id}/typing`, {}, agent)).status, 204);
    assert.deepEqual(await mine.heard('typing'), { from: 'agent', name: AGENT_NAME });
    assert.equal((await call(sys.base, 'POST', `/api/v1/service/tickets/${id}/replies`, { body: 'Which card?' }, agent)).status, 201);
    assert.deepEqual(await mine.heard('message'), { from: 'agent' });
    const thread = await call(sys.base, 'GET', `/api/v1/kit/tickets/${id}`, undefined, holder);
    assert.deepEqual(thread.body.messages.at(-1), { ...thread.body.messages.at(-1), body: 'Which card?', author: 'agent', agent: AGENT_NAME });

    assert.equal((await call(sys.base, 'POST', `/api/v1/kit/tickets/${id}/typing`, undefined, holder)).status, 204);
    assert.deepEqual(await desk.heard('typing'), { from: 'holder', name: null });
    await call(sys.base, 'POST', `/api/v1/kit/tickets/${id}/replies`, { body: 'The one ending 0013.' }, holder);
    assert.deepEqual(await desk.heard('message'), { from: 'holder' });
    // Nobody hears their own typing or messages echoed back.
    assert.deepEqual([mine.events.filter((e) => e.data.from === 'holder'), desk.events.filter((e) => e.data.from === 'agent')], [[], []]);

    mine.close();
    await waitFor(() => desk.events.filter((e) => e.name === 'presence').at(-1)?.data.online === false);
    desk.close();
  });

  test("tells the holder's open page when the ticket is closed; then refuses typing and its stream with TICKET_CLOSED", async () => {
    const mine = await openStream(`${sys.base}/api/v1/kit/tickets/${id}/events`, holder);
    await call(sys.base, 'POST', `/api/v1/service/tickets/${id}/state`, { state: 'closed' }, agent);
    assert.deepEqual(await mine.heard('message'), { from: 'agent' });
    mine.close();
    assertCoded(await call(sys.base, 'POST', `/api/v1/kit/tickets/${id}/typing`, undefined, holder), 'TICKET_CLOSED');
    assertCoded(await call(sys.base, 'POST', `/api/v1/service/tickets/${id}/typing`, {}, agent), 'TICKET_CLOSED');
    assertCoded(await call(sys.base, 'GET', `/api/v1/kit/tickets/${id}/events`, undefined, holder), 'TICKET_CLOSED');
  });
});

describe('the live conversation across two nodes on PostgreSQL', { skip: postgresSkip() }, () => {
  let a: TestSystem;
  let b: TestSystem;

  before(async () => {
    const databaseUrl = await freshDatabase();
    const dataDir = tempDataDir();
    a = await startSystem({ databaseUrl, dataDir });
    b = await startSystem({ databaseUrl, dataDir, seed: false });
  });
  after(async () => {
    await b?.stop();
    await a?.stop();
  });

  test('a holder on one node hears the agent on the other, who sees them there', async () => {
    const holder = await signIn(a, 'kit', demoDocument('passport'));
    const agent = await staffToken(a.base, 'agent');
    const id = (await call(a.base, 'POST', '/api/v1/kit/tickets', { subject: 'Gate', body: 'Shut.', lang: 'en' }, holder)).body.ticket.id;
    const mine = await openStream(`${b.base}/api/v1/kit/tickets/${id}/events`, holder);
    const desk = await openStream(`${a.base}/api/v1/service/tickets/${id}/events`, agent);
    await desk.heard('presence', (d) => d.online === true);
    await call(a.base, 'POST', `/api/v1/service/tickets/${id}/typing`, {}, agent);
    assert.deepEqual(await mine.heard('typing'), { from: 'agent', name: AGENT_NAME });
    await call(a.base, 'POST', `/api/v1/service/tickets/${id}/replies`, { body: 'Which card?' }, agent);
    assert.deepEqual(await mine.heard('message'), { from: 'agent' });
    // The holder was there (on node B): no notice of the reply was queued for them.
    const outbox = (await a.ctx.store.dump()).outbox as Array<{ dedupe_key: string }>;
    assert.equal(outbox.filter((r) => r.dedupe_key.includes(`ticket-replied:${id}:`)).length, 0);
    mine.close();
    desk.close();
  });
});
