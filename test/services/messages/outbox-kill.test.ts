// DESIGN §4 rule 10 against the worst moment: a production server (a real process, SMTP configured) commits
// a sign-in code and starts sending it to a mail server that takes the connection and never answers; the
// holder is told the code is on its way; the server is killed with SIGKILL mid-send. Started again on the
// same data, with the mail server now working, it sends the code once its dead claim runs out — exactly
// once — and the code signs in.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { after, describe, test } from 'node:test';
import { ykt } from '../../support/cli.ts';
import { waitFor } from '../../support/fixtures.ts';
import { startSilentSmtp, startSmtpSink, type SilentSmtp, type SmtpSink } from '../../support/mail-servers.ts';
import { startServerProcess, type ServerProcess } from '../../support/process.ts';
import { call, tempDataDir } from '../../support/system.ts';

// Short, so that the restarted server may take the message over 6 + 5 s after the dead one claimed it; and
// longer than the 3 s a request waits for the first try, so that the try is still under way when the holder
// is answered, and when the server is killed.
const SEND_TIMEOUT_SECONDS = '6';

describe('a server killed between the commit and the send', () => {
  const dataDir = tempDataDir();
  let silent: SilentSmtp | undefined;
  let sink: SmtpSink | undefined;
  let server: ServerProcess | undefined;

  after(async () => {
    await server?.kill('SIGKILL');
    await Promise.all([silent?.close(), sink?.close()]);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('sends the code once after a restart, and the code signs in', { timeout: 120_000 }, async () => {
    silent = await startSilentSmtp();
    const env = { YKT_DATA_DIR: dataDir, YKT_MAIL_URL: silent.url, YKT_PUBLIC_URL: 'https://ykt.example.com', YKT_SEND_TIMEOUT_SECONDS: SEND_TIMEOUT_SECONDS };
    for (const lang of ['zh', 'en']) fs.writeFileSync(path.join(dataDir, `agreement.${lang}.txt`), lang === 'zh' ? '交通一卡通升级用户服务协议' : 'Transportation Card Upgrade User Service Agreement');
    const published = await ykt(['agreement', 'publish', '--version', '1', '--zh', path.join(dataDir, 'agreement.zh.txt'), '--en', path.join(dataDir, 'agreement.en.txt')], env);
    assert.equal(published.code, 0, published.stderr);
    // Production keeps the list root offline: out of the data directory the first command made it in.
    assert.equal((await ykt(['keys', 'export-root', '--out', path.join(dataDir, '..', `${path.basename(dataDir)}-root.pem`)], env)).code, 0);
    server = await startServerProcess({ dataDir, env, demo: false });

    const asked = call(server.base, 'POST', '/api/v1/kit/login/code', { type: 'passport', number: 'P7654321', state: 'NZL', email: 'kiwi.visitor@example.com', lang: 'en' });
    // The try opened a connection: the code and its message are committed, and the send is in flight.
    await waitFor(() => silent!.connections > 0);
    const sent = await asked;
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    assert.deepEqual([sent.body.sentTo, sent.body.delivery], ['k***@example.com', 'queued']);
    await server.kill('SIGKILL');

    const port = silent.port;
    await silent.close();
    sink = await startSmtpSink(port);
    server = await startServerProcess({ dataDir, env, demo: false });
    await waitFor(() => sink!.received.length > 0, 60_000);
    // Rounds of the worker go on: none sends it again.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    assert.equal(sink.received.length, 1, 'sent exactly once');
    const mail = sink.received[0]!;
    assert.deepEqual(mail.envelope.to, ['kiwi.visitor@example.com']);
    assert.equal(mail.headers['message-id'], `<code-${sent.body.challengeId}-sign-in@ykt>`);

    const db = new BetterSqlite3(path.join(dataDir, 'ykt.sqlite'), { readonly: true });
    try {
      const row = db.prepare('SELECT status, attempts, message_sealed FROM outbox WHERE dedupe_key = ?').get(`code:${sent.body.challengeId}:sign-in`);
      assert.deepEqual(row, { status: 'sent', attempts: 2, message_sealed: null }, 'the killed try counted, and the sent code is gone from the database');
    } finally {
      db.close();
    }
    const session = await call(server.base, 'POST', '/api/v1/kit/login', { challengeId: sent.body.challengeId, code: /Code: (\d{6})/.exec(mail.text)![1] });
    assert.equal(session.status, 200, JSON.stringify(session.body));
    assert.equal(session.body.person.contactMasked, 'k***@example.com');
  });
});
