// DESIGN §4 rule 6: no log line, at any level, holds a one-time code, a document number, a name, a full card
// number, a password or a session token. The real server runs in demo mode at LOG_LEVEL=trace while a whole
// flow goes through it — sign-in (with a wrong code first), upgrade, unbind, ticket, staff lookup, refund,
// export — and then every line it logged is searched for each of them.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { test } from 'node:test';
import { DEMO_STAFF } from '../../src/services/demo/seed.ts';
import { demoCard, demoDocument } from '../support/fixtures.ts';
import { freePort } from '../support/process.ts';
import { call, tempDataDir } from '../support/system.ts';
import { YKT_PROCESS } from '../support/cli.ts';

test('a full flow leaves no code, document number, name, card number, password or token in the log', { timeout: 120_000 }, async () => {
  const dataDir = tempDataDir();
  const port = await freePort();
  const child = spawn(process.execPath, [...YKT_PROCESS, 'serve', '--demo'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', YKT_DATA_DIR: dataDir, YKT_DEMO: 'true', LOG_LEVEL: 'trace' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const base = `http://127.0.0.1:${port}`;
  const secrets: string[] = [];
  try {
    for (const deadline = Date.now() + 30_000; !(await fetch(`${base}/readyz`).catch(() => null))?.ok; ) {
      assert.ok(Date.now() < deadline && child.exitCode === null, `server did not start:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const email = 'alice.smith@example.com';
    const passport = { ...demoDocument('passport'), email };
    const name = 'Alice Smith';
    secrets.push(passport.number, name, email);

    // Sign-in, a wrong code first (a refusal is logged too).
    const sent = await call(base, 'POST', '/api/v1/kit/login/code', passport);
    assert.equal(sent.status, 200);
    const code = (await call(base, 'GET', `/api/v1/demo/outbox?challengeId=${sent.body.challengeId}`)).body.messages[0].code as string;
    secrets.push(code);
    const wrong = code === '000000' ? '111111' : '000000';
    assert.equal((await call(base, 'POST', '/api/v1/kit/login', { challengeId: sent.body.challengeId, code: wrong })).status, 401);
    const signedIn = await call(base, 'POST', '/api/v1/kit/login', { challengeId: sent.body.challengeId, code });
    assert.equal(signedIn.status, 200, JSON.stringify(signedIn.body));
    const holder = signedIn.body.token as string;
    secrets.push(holder);

    // Upgrade two cards, unbind one, open a ticket.
    const physical = demoCard(1);
    const nfc = demoCard(31);
    secrets.push(physical, nfc);
    const made = await call(base, 'POST', '/api/v1/kit/cards', { cardNumber: physical, medium: 'physical', agreementVersion: 1 }, holder);
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const second = await call(base, 'POST', '/api/v1/kit/cards', { cardNumber: nfc, medium: 'nfc', agreementVersion: 1 }, holder);
    assert.equal(second.status, 201, JSON.stringify(second.body));
    assert.equal((await call(base, 'DELETE', `/api/v1/kit/cards/${second.body.card.id}`, undefined, holder)).status, 204);
    const ticket = await call(base, 'POST', '/api/v1/kit/tickets', { subject: 'Gate says no health code', body: 'My card fails at Xizhimen.', bindingId: made.body.card.id }, holder);
    assert.equal(ticket.status, 201, JSON.stringify(ticket.body));

    // Staff: a station lookup, an agent reading the ticket, an outlet refund.
    const staffToken = async (role: string) => {
      const member = DEMO_STAFF.find((m) => m.role === role)!;
      secrets.push(member.password);
      const session = await call(base, 'POST', '/api/v1/staff-session/login', { username: member.username, password: member.password });
      assert.equal(session.status, 200, JSON.stringify(session.body));
      secrets.push(session.body.token);
      return session.body.token as string;
    };
    const lookup = await call(base, 'POST', '/api/v1/staff/cards/lookup', { cardNumber: physical }, await staffToken('staff'));
    assert.equal(lookup.status, 200, JSON.stringify(lookup.body));
    assert.equal((await call(base, 'GET', `/api/v1/service/tickets/${ticket.body.ticket?.id ?? ticket.body.id}`, undefined, await staffToken('agent'))).status, 200);
    const outlet = await staffToken('outlet');
    const refunded = demoCard(8);
    secrets.push(refunded);
    const quote = await call(base, 'POST', '/api/v1/outlet/quotes', { cardNumber: refunded }, outlet);
    assert.equal(quote.status, 200, JSON.stringify(quote.body));
    const refund = await call(base, 'POST', '/api/v1/outlet/refunds', { cardNumber: refunded, expectedTotalFen: quote.body.quote.totalFen, rulesVersion: 1 }, outlet);
    assert.equal(refund.status, 201, JSON.stringify(refund.body));

    // The holder's export holds all of it — and the log none of it.
    const exported = await call(base, 'GET', '/api/v1/kit/me/export', undefined, holder);
    assert.equal(exported.status, 200);
    assert.equal(exported.body.person.documentNumber, passport.number);
  } finally {
    child.kill('SIGTERM');
    await exited;
    fs.rmSync(dataDir, { recursive: true, force: true });
  }

  const logLines = output.split('\n').filter((line) => line.startsWith('{'));
  assert.ok(logLines.length > 40, `the flow was logged (${logLines.length} lines)`);
  // Card numbers are also searched for with the spaces people type them with.
  const spaced = (n: string) => n.replace(/(\d{4})(?=\d)/g, '$1 ');
  // Whole words only: a six-digit code may well occur inside a timestamp by chance.
  const word = (secret: string) => new RegExp(`(?<![0-9A-Za-z])${secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![0-9A-Za-z])`);
  const found = secrets
    .flatMap((secret) => [secret, ...(/^\d{16,20}$/.test(secret) ? [spaced(secret)] : [])])
    .flatMap((secret) => logLines.filter((line) => word(secret).test(line)).map((line) => `${secret}: ${line}`));
  assert.deepEqual(found, []);
});
