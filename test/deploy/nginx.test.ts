// A real production deployment (scripts/deploy-local.ts), installed as docs/deploy.md says: the build,
// PostgreSQL's two roles, shared secrets and an SMTP server in one environment file, an agreement published
// with the CLI, two API nodes and nginx. The operator loads the cards and an operator account with the CLI;
// holders sign in with codes that arrive by mail. Holders upgrade and a reader taps through nginx while one
// node is killed with SIGKILL and started again: every upgrade that was answered 201 is there afterwards,
// and the reader is served throughout.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { findNginx, startDeployment, type Deployment } from '../../scripts/deploy-local.ts';
import { Decision } from '../../src/domain/decisions.ts';
import { startSmtpSink, type SmtpSink } from '../support/mail-servers.ts';
import { postgresSkip } from '../support/postgres.ts';
import { call, sharedSecretsEnv } from '../support/system.ts';
import { signInByMail, startReader } from './cluster-client.ts';

function deploymentSkip(): string | false {
  const pg = postgresSkip();
  if (pg) return pg;
  if (findNginx()) return false;
  if (process.env.YKT_REQUIRE_POSTGRES === '1') throw new Error('YKT_REQUIRE_POSTGRES=1, but nginx is not installed: install the nginx package');
  return 'nginx is not installed, so the deployment test is skipped; install nginx to run it';
}

// The issuer's card file, as `ykt import cards` reads it: fifteen active physical cards.
const CARDS = Array.from({ length: 15 }, (_, i) => `10007520${String(i + 1).padStart(8, '0')}`);
const CARD_FILE = ['number,medium,product,state,deposit_fen,balance_fen', ...CARDS.map((n) => `${n},physical,ordinary,active,2000,500`)].join('\n') + '\n';
const OPERATOR = { username: 'ops01', password: 'deploy-operator-password-01' };

describe('upgrades and taps through nginx while a node is killed and restarted', { skip: deploymentSkip(), timeout: 120_000 }, () => {
  let d: Deployment;
  let mail: SmtpSink;
  let reader: Awaited<ReturnType<typeof startReader>>;
  const acknowledged: Array<{ card: string; token: string }> = [];
  const nodes = () => d.nodes.map((n) => n.base);

  /** Upgrades one card for a new passport holder through nginx; a reply other than 201 is not acknowledged. */
  async function upgradeThroughNginx(card: string, serial: number): Promise<void> {
    const document = { type: 'passport', number: `E${String(7_000_000 + serial)}`, state: 'FRA' };
    const token = await signInByMail(d.base, mail, document, `holder.${serial}@example.com`).catch(() => null);
    if (!token) return;
    const made = await call(d.base, 'POST', '/api/v1/kit/cards', { cardNumber: card, medium: 'physical', agreementVersion: 1 }, token).catch(() => null);
    if (made?.status === 201) acknowledged.push({ card, token });
  }

  before(async () => {
    mail = await startSmtpSink();
    d = await startDeployment({
      durable: false,
      mailUrl: mail.url,
      secrets: sharedSecretsEnv(),
      agreement: { zh: '一卡通升级服务协议(部署测试)', en: 'Yikatong Upgrade service agreement (deployment test)' },
    });
    // The operator's first steps, with the build's CLI and the nodes' environment file.
    fs.writeFileSync(path.join(d.dir, 'cards.csv'), CARD_FILE);
    const imported = await d.ykt(['import', 'cards', path.join(d.dir, 'cards.csv')]);
    assert.equal(imported.code, 0, imported.stdout + imported.stderr);
    assert.match(imported.stdout, /Accepted 15: 15 new/);
    const added = await d.ykt(['staff', 'add', '--username', OPERATOR.username, '--role', 'operator', '--name', 'Operator 1'], `${OPERATOR.password}\n`);
    assert.equal(added.code, 0, added.stdout + added.stderr);
    reader = await startReader(d.base, d.base, OPERATOR);
  });
  after(async () => {
    await reader?.sync.stop();
    await d?.stop();
    await mail?.close();
  });

  test('upgrades before, during and after the kill; every acknowledged one survives', async () => {
    for (let i = 0; i < 5; i++) await upgradeThroughNginx(CARDS[i]!, i);
    const killed = d.nodes[0]!.kill('SIGKILL');
    // Requests race the kill: whatever was answered 201 must survive it.
    await Promise.all([killed, ...[5, 6, 7].map((i) => upgradeThroughNginx(CARDS[i]!, i))]);
    for (let i = 8; i < 11; i++) await upgradeThroughNginx(CARDS[i]!, i);
    await d.nodes[0]!.start();
    for (let i = 11; i < 15; i++) await upgradeThroughNginx(CARDS[i]!, i);
    assert.ok(acknowledged.length >= 12, `only ${acknowledged.length} upgrades were acknowledged`);
    for (const { card, token } of acknowledged) {
      // Asked of each node directly: both see every acknowledged binding.
      for (const node of nodes()) {
        const listed = await call(node, 'GET', '/api/v1/kit/cards', undefined, token);
        assert.equal(listed.status, 200);
        assert.equal(listed.body.cards.length, 1, `${card} on ${node}`);
      }
    }
  });

  test('the reader, synced through nginx, taps every acknowledged card as online verify decides', async () => {
    await reader.sync.until((s) => acknowledged.every(({ card }) => s.list.decide(card, Date.now()) !== Decision.NOT_UPGRADED), 10_000);
    for (const { card } of acknowledged) {
      const online = await call(d.base, 'POST', '/api/v1/terminal/verify', { cardNumber: card }, reader.credentials);
      assert.equal(online.status, 200, JSON.stringify(online.body));
      assert.equal(online.body.decision, reader.list.decide(card, Date.now()), card);
    }
  });

  test('nginx adds HSTS, hands the nodes its request id, and keeps /metrics to the inside', async () => {
    const plan = await call(d.base, 'GET', '/api/v1/terminal/lists/sync?from=0', undefined, reader.credentials);
    for (const url of ['/api/v1/kit/agreement', plan.body.snapshot as string]) {
      const response = await fetch(d.base + url);
      assert.match(response.headers.get('strict-transport-security') ?? '', /max-age=31536000/, url);
      await response.arrayBuffer();
    }
    const answer = await fetch(`${d.base}/livez`);
    assert.match(answer.headers.get('x-request-id') ?? '', /^[0-9a-f]{32}$/, 'nginx’s $request_id, kept by a node that trusts it');
    assert.equal((await fetch(`${d.base}/metrics`)).status, 404);
    // Production: no demo route, no seeded staff.
    assert.equal((await fetch(`${d.base}/api/v1/demo/outbox`)).status, 404);
  });

  test('nginx serves list files from its cache the second time, the same bytes', async () => {
    const plan = await call(d.base, 'GET', '/api/v1/terminal/lists/sync?from=0', undefined, reader.credentials);
    const url = d.base + (plan.body.snapshot as string);
    const first = await fetch(url);
    // Another reader's request, credentials and all, is served the same cached object.
    const second = await fetch(url, { headers: { authorization: 'Bearer another-reader.secret' } });
    assert.equal(second.headers.get('x-cache-status'), 'HIT');
    assert.ok(Buffer.from(await first.arrayBuffer()).equals(Buffer.from(await second.arrayBuffer())));
  });

  test('nginx never serves a cached list file without its link, nor stores what a reader fetched on its credentials', async () => {
    const plan = await call(d.base, 'GET', '/api/v1/terminal/lists/sync?from=0', undefined, reader.credentials);
    const signed = new URL(plan.body.snapshot as string, d.base);
    assert.equal((await fetch(signed)).status, 200); // cached now
    const unsigned = d.base + signed.pathname;
    const anonymous = await fetch(unsigned);
    assert.equal(anonymous.status, 401);
    assert.equal((await anonymous.json()).error.code, 'TERMINAL_AUTH_INVALID');
    const tampered = await fetch(`${unsigned}?expires=${signed.searchParams.get('expires')}&sig=${'A'.repeat(43)}`);
    assert.equal(tampered.status, 401);
    assert.equal((await tampered.json()).error.code, 'LIST_LINK_INVALID');
    for (let i = 0; i < 2; i++) {
      const own = await fetch(unsigned, { headers: { authorization: `Bearer ${reader.credentials}` } });
      assert.equal(own.status, 200);
      assert.equal(own.headers.get('x-cache-status'), 'BYPASS', 'a credentialed request always reaches a node');
      await own.arrayBuffer();
    }
    assert.equal((await fetch(unsigned)).status, 401, 'and what it was answered was not stored');
  });
});
