// The counters' API: station staff (/api/v1/staff) and the refund desk (/api/v1/outlet), against a real server
// on a real SQLite file. Every role is refused where it does not belong; assists and refunds are audited,
// and a refund reaches readers through the change log.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_STAFF } from '../../src/services/demo/seed.ts';
import { assignPost } from '../../src/services/desk/refunds.ts';
import { assertCoded, demoCard, demoDocument } from '../support/fixtures.ts';
import { call, signIn, startSystem, type TestSystem } from '../support/system.ts';

let sys: TestSystem;
const tokens: Record<string, string> = {};

before(async () => {
  sys = await startSystem();
  for (const member of DEMO_STAFF) {
    const signedIn = await call(sys.base, 'POST', '/api/v1/staff-session/login', { username: member.username, password: member.password });
    tokens[member.role] = signedIn.body.token;
  }
  tokens.holder = await signIn(sys, 'kit', demoDocument('hk-macao-permit'));
  const enrolment = await call(sys.base, 'POST', '/api/v1/admin/terminals/enrolments', { kind: 'metro-gate', line: 'L1', station: 'Xidan' }, tokens.operator);
  tokens.terminal = (await call(sys.base, 'POST', '/api/v1/terminal/enrol', { token: enrolment.body.token })).body.credentials;
});
after(() => sys.stop());

const ROUTES = [
  { role: 'staff', method: 'GET', url: '/api/v1/staff/post' },
  { role: 'staff', method: 'POST', url: '/api/v1/staff/cards/lookup', body: { cardNumber: demoCard(1) } },
  { role: 'staff', method: 'POST', url: '/api/v1/staff/assists', body: { cardNumber: demoCard(1), reason: 'reader-fault' } },
  { role: 'outlet', method: 'GET', url: '/api/v1/outlet/post' },
  { role: 'outlet', method: 'POST', url: '/api/v1/outlet/quotes', body: { cardNumber: demoCard(2) } },
  { role: 'outlet', method: 'POST', url: '/api/v1/outlet/refunds', body: { cardNumber: demoCard(2), expectedTotalFen: 0, rulesVersion: 1 } },
  { role: 'outlet', method: 'GET', url: '/api/v1/outlet/refunds/RF2022060300000' },
] as const;

describe('role boundaries of the counter routes', () => {
  for (const route of ROUTES) {
    test(`${route.method} ${route.url} serves ${route.role} only`, async () => {
      const body = 'body' in route ? route.body : undefined;
      const before = await sys.ctx.store.dump();
      for (const role of ['staff', 'agent', 'outlet', 'operator'].filter((r) => r !== route.role)) {
        assertCoded(await call(sys.base, route.method, route.url, body, tokens[role]), 'ROLE_FORBIDDEN');
      }
      assertCoded(await call(sys.base, route.method, route.url, body, tokens.holder), 'SESSION_INVALID');
      assertCoded(await call(sys.base, route.method, route.url, body, tokens.terminal), 'SESSION_INVALID');
      assertCoded(await call(sys.base, route.method, route.url, body), 'AUTH_REQUIRED');
      const after = await sys.ctx.store.dump();
      // Refusals write nothing but the sign-in audit already there.
      assert.deepEqual(after.tap, before.tap);
      assert.deepEqual(after.refund, before.refund);
      assert.deepEqual(after.card, before.card);
    });
  }
});

describe('station staff', () => {
  test('looks a card up with its binding, the masked holder and what readers decide, and the lookup is audited', async () => {
    const upgraded = await call(sys.base, 'POST', '/api/v1/kit/cards', { cardNumber: demoCard(3), medium: 'physical', agreementVersion: 1 }, tokens.holder);
    assert.equal(upgraded.status, 201);
    const found = await call(sys.base, 'POST', '/api/v1/staff/cards/lookup', { cardNumber: '1000 7510 0000 0003' }, tokens.staff);
    assert.equal(found.status, 200);
    assert.equal(found.body.card, '1000********0003');
    assert.deepEqual(found.body.holder, { docType: 'hk-macao-permit', docMasked: found.body.holder.docMasked });
    assert.doesNotMatch(JSON.stringify(found.body), /H12345678|Chan Tai Man|1000751000000003/);
    assert.equal(found.body.binding.channel, 'kit');
    const card = await sys.ctx.store.cards.findByNumber(demoCard(3));
    assert.deepEqual((await sys.ctx.store.audit.of(`card:${card!.id}`)).map((e) => e.action), ['card.viewed']);
  });

  test('a card that is not upgraded is NOT_UPGRADED and has no holder', async () => {
    const found = await call(sys.base, 'POST', '/api/v1/staff/cards/lookup', { cardNumber: demoCard(7) }, tokens.staff);
    assert.equal(found.body.decision, 'NOT_UPGRADED');
    assert.equal(found.body.holder, null);
    assert.equal(found.body.binding, null);
  });

  test('records a manual pass: an assisted online PASS tap from the staff post, audited with the reason', async () => {
    const assisted = await call(sys.base, 'POST', '/api/v1/staff/assists', { cardNumber: demoCard(7), reason: 'health-code-shown', shown: 'NOT_UPGRADED', note: 'showed code' }, tokens.staff);
    assert.equal(assisted.status, 201);
    assert.deepEqual(
      { ...assisted.body.tap, at: undefined },
      { at: undefined, terminalId: 'staff:L1-XIDAN', decision: 'PASS', text: assisted.body.tap.text, online: true, assisted: true, annulled: false },
    );
    assert.equal(assisted.body.taps[0].assisted, true);
    const card = await sys.ctx.store.cards.findByNumber(demoCard(7));
    const audit = (await sys.ctx.store.audit.of(`card:${card!.id}`)).find((e) => e.action === 'tap.assisted');
    assert.equal(audit?.actor, `staff:${(await sys.ctx.store.staff.find({ username: 'staff' }))!.id}`);
    assert.equal(audit?.data.reason, 'health-code-shown');
    assert.equal(audit?.data.shown, 'NOT_UPGRADED');
  });

  test('the holder sees the assisted pass among their taps', async () => {
    await call(sys.base, 'POST', '/api/v1/staff/assists', { cardNumber: demoCard(3), reason: 'reader-fault' }, tokens.staff);
    const taps = await call(sys.base, 'GET', '/api/v1/kit/taps', undefined, tokens.holder);
    assert.ok(taps.body.taps.some((t: { assisted: boolean; decision: string }) => t.assisted && t.decision === 'PASS'));
  });

  test('refuses an assisted pass for a lost card, an unknown card, a bad number and an unknown reason', async () => {
    assertCoded(await call(sys.base, 'POST', '/api/v1/staff/assists', { cardNumber: demoCard(4), reason: 'reader-fault' }, tokens.staff), 'ASSIST_CARD_NOT_ACTIVE');
    assertCoded(await call(sys.base, 'POST', '/api/v1/staff/assists', { cardNumber: '1000759999999999', reason: 'reader-fault' }, tokens.staff), 'CARD_NOT_FOUND');
    assertCoded(await call(sys.base, 'POST', '/api/v1/staff/assists', { cardNumber: '12', reason: 'reader-fault' }, tokens.staff), 'CARD_NUMBER_FORMAT');
    assertCoded(await call(sys.base, 'POST', '/api/v1/staff/assists', { cardNumber: demoCard(1), reason: 'friend' }, tokens.staff), 'VALIDATION_FAILED');
  });
});

describe('the refund desk', () => {
  test('quotes, refunds, ends the binding, logs both changes for readers and issues a receipt', async () => {
    const holder = await signIn(sys, 'kit', demoDocument('taiwan-permit'));
    await call(sys.base, 'POST', '/api/v1/kit/cards', { cardNumber: demoCard(8), medium: 'physical', agreementVersion: 1 }, holder);
    const card = (await sys.ctx.store.cards.findByNumber(demoCard(8)))!;
    const quote = await call(sys.base, 'POST', '/api/v1/outlet/quotes', { cardNumber: demoCard(8) }, tokens.outlet);
    assert.equal(quote.body.quote.outcome, 'REFUND');
    assert.deepEqual(quote.body.quote.lines.map((l: { kind: string }) => l.kind).slice(0, 2), ['deposit', 'balance']);
    const seqBefore = (await sys.ctx.store.changes.after(0, 1_000_000)).length;

    const refunded = await call(sys.base, 'POST', '/api/v1/outlet/refunds', { cardNumber: demoCard(8), expectedTotalFen: quote.body.quote.totalFen, rulesVersion: 1 }, tokens.outlet);
    assert.equal(refunded.status, 201);
    assert.equal(refunded.body.totalFen, quote.body.quote.totalFen);
    assert.equal(refunded.body.bindingEnded, true);
    assert.equal(refunded.body.card, '1000********0008');
    assert.equal((await sys.ctx.store.cards.get(card.id))!.state, 'refunded');
    assert.equal(await sys.ctx.store.bindings.activeOfCard(card.id), undefined);
    const changes = (await sys.ctx.store.changes.after(0, 1_000_000)).slice(seqBefore).filter((c) => c.cardId === card.id);
    assert.deepEqual(changes.map((c) => c.kind), ['binding.ended', 'card.state']);
    assert.ok((await sys.ctx.store.audit.of(`card:${card.id}`)).some((e) => e.action === 'card.refunded' && e.data.receiptNo === refunded.body.receiptNo));

    const receipt = await call(sys.base, 'GET', `/api/v1/outlet/refunds/${refunded.body.receiptNo}`, undefined, tokens.outlet);
    assert.deepEqual(receipt.body, refunded.body);
    assertCoded(await call(sys.base, 'POST', '/api/v1/outlet/refunds', { cardNumber: demoCard(8), expectedTotalFen: 0, rulesVersion: 1 }, tokens.outlet), 'REFUND_ALREADY_DONE');
    const cards = await call(sys.base, 'GET', '/api/v1/kit/cards', undefined, holder);
    assert.equal(cards.body.cards.length, 0);
  });

  test('refuses a refund whose total no longer matches the quote, and changes nothing', async () => {
    const before = await sys.ctx.store.dump();
    assertCoded(await call(sys.base, 'POST', '/api/v1/outlet/refunds', { cardNumber: demoCard(9), expectedTotalFen: 1, rulesVersion: 1 }, tokens.outlet), 'REFUND_QUOTE_CHANGED');
    const after = await sys.ctx.store.dump();
    assert.deepEqual(after.card, before.card);
    assert.deepEqual(after.refund, before.refund);
  });

  test('two counters refunding one card at once: one refund, one refusal', async () => {
    const quote = await call(sys.base, 'POST', '/api/v1/outlet/quotes', { cardNumber: demoCard(13) }, tokens.outlet);
    const body = { cardNumber: demoCard(13), expectedTotalFen: quote.body.quote.totalFen, rulesVersion: 1 };
    const results = await Promise.all([1, 2, 3].map(() => call(sys.base, 'POST', '/api/v1/outlet/refunds', body, tokens.outlet)));
    assert.deepEqual(results.map((r) => r.status).sort(), [201, 409, 409]);
  });

  test('says where to go for a product ordinary outlets cannot refund', async () => {
    const refused = await call(sys.base, 'POST', '/api/v1/outlet/refunds', { cardNumber: demoCard(19), expectedTotalFen: 0, rulesVersion: 1 }, tokens.outlet);
    assertCoded(refused, 'REFUND_GO_ELSEWHERE');
    assert.match(refused.body.error.details.where.en, /issuer/);
  });

  test('an ordinary outlet sends large balances and unreadable chips to a self-operated one', async () => {
    const outlet = (await sys.ctx.store.staff.find({ username: 'outlet' }))!;
    const own = (await sys.ctx.store.staff.postOf(outlet.id))!;
    await assignPost(sys.ctx, { ...own, code: 'BJ-ORD', selfOperated: false }, 'test');
    try {
      const quote = await call(sys.base, 'POST', '/api/v1/outlet/quotes', { cardNumber: demoCard(14), chipUnreadable: true }, tokens.outlet);
      assert.deepEqual([quote.body.quote.outcome, quote.body.quote.reason], ['SELF_OPERATED_ONLY', 'chip-unreadable']);
      const refused = await call(sys.base, 'POST', '/api/v1/outlet/refunds', { cardNumber: demoCard(14), chipUnreadable: true, expectedTotalFen: 0, rulesVersion: 1 }, tokens.outlet);
      assertCoded(refused, 'REFUND_SELF_OPERATED_ONLY');
    } finally {
      await assignPost(sys.ctx, own, 'test');
    }
  });
});
