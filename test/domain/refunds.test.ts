// The refund rules, table-driven: each row is a card and the circumstances at the counter, and what the
// demo rules v1 (src/services/demo/refund-rules.ts) answer.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatFen, quoteRefund, rulesProblem, withdrawalFee, type RefundCard, type RefundCircumstances } from '../../src/domain/refunds.ts';
import { DEMO_REFUND_RULES as RULES } from '../../src/services/demo/refund-rules.ts';

const card = (over: Partial<RefundCard> = {}): RefundCard => ({ product: 'ordinary', medium: 'physical', state: 'active', depositFen: 2000, balanceFen: 3000, ...over });
const at = (over: Partial<RefundCircumstances> = {}): RefundCircumstances => ({ damaged: false, chipUnreadable: false, selfOperated: false, ...over });

const REFUNDS: Array<{ name: string; card: RefundCard; at: RefundCircumstances; lines: Array<[string, number]>; total: number }> = [
  { name: 'returns the CNY 20 deposit and a small balance with no fee', card: card(), at: at(), lines: [['deposit', 2000], ['balance', 3000]], total: 5000 },
  { name: 'charges nothing on exactly CNY 50', card: card({ balanceFen: 5000 }), at: at(), lines: [['deposit', 2000], ['balance', 5000]], total: 7000 },
  { name: 'charges CNY 1 on a balance just over CNY 50', card: card({ balanceFen: 5001 }), at: at(), lines: [['deposit', 2000], ['balance', 5001], ['withdrawal-fee', -100]], total: 6901 },
  { name: 'charges CNY 1 on exactly CNY 200', card: card({ balanceFen: 20000 }), at: at(), lines: [['deposit', 2000], ['balance', 20000], ['withdrawal-fee', -100]], total: 21900 },
  { name: 'charges CNY 2 plus 0.5 % above CNY 200', card: card({ balanceFen: 30000 }), at: at(), lines: [['deposit', 2000], ['balance', 30000], ['withdrawal-fee', -350]], total: 31650 },
  { name: 'refunds exactly CNY 500 at an ordinary outlet', card: card({ balanceFen: 50000 }), at: at(), lines: [['deposit', 2000], ['balance', 50000], ['withdrawal-fee', -450]], total: 51550 },
  { name: 'refunds a large balance at a self-operated outlet', card: card({ balanceFen: 80000 }), at: at({ selfOperated: true }), lines: [['deposit', 2000], ['balance', 80000], ['withdrawal-fee', -600]], total: 81400 },
  { name: 'returns only the deposit of an empty card', card: card({ balanceFen: 0 }), at: at(), lines: [['deposit', 2000]], total: 2000 },
  { name: 'returns the balance of a card without deposit', card: card({ depositFen: 0, balanceFen: 1200 }), at: at(), lines: [['balance', 1200]], total: 1200 },
  { name: 'takes the damaged-card fee', card: card(), at: at({ damaged: true }), lines: [['deposit', 2000], ['balance', 3000], ['damaged-card-fee', -1000]], total: 4000 },
  { name: 'settles a small negative balance from the deposit', card: card({ balanceFen: -500 }), at: at(), lines: [['deposit', 2000], ['balance', -500]], total: 1500 },
  { name: 'refunds an unreadable chip at a self-operated outlet from the records', card: card(), at: at({ chipUnreadable: true, selfOperated: true }), lines: [['deposit', 2000], ['balance', 3000]], total: 5000 },
  { name: 'refunds student and concession cards anywhere', card: card({ product: 'student' }), at: at(), lines: [['deposit', 2000], ['balance', 3000]], total: 5000 },
  { name: 'refunds a commemorative card at a self-operated outlet', card: card({ product: 'commemorative' }), at: at({ selfOperated: true }), lines: [['deposit', 2000], ['balance', 3000]], total: 5000 },
  { name: 'lets a self-operated outlet settle a debt past the deposit', card: card({ balanceFen: -3000 }), at: at({ selfOperated: true }), lines: [['deposit', 2000], ['balance', -3000]], total: -1000 },
];

for (const row of REFUNDS) {
  test(`refund: ${row.name}`, () => {
    const quote = quoteRefund(RULES, row.card, row.at);
    assert.equal(quote.outcome, 'REFUND');
    if (quote.outcome !== 'REFUND') return;
    assert.deepEqual(quote.lines.map((l) => [l.kind, l.fen]), row.lines);
    assert.equal(quote.totalFen, row.total);
    assert.equal(quote.totalFen, quote.lines.reduce((s, l) => s + l.fen, 0));
    assert.equal(quote.rulesVersion, 1);
  });
}

const REFUSALS: Array<{ name: string; card: RefundCard; at: RefundCircumstances; outcome: string; reason?: string }> = [
  { name: 'a card already refunded', card: card({ state: 'refunded' }), at: at({ selfOperated: true }), outcome: 'ALREADY_REFUNDED' },
  { name: 'a T-Union card goes to its issuer', card: card({ product: 't-union' }), at: at({ selfOperated: true }), outcome: 'GO_ELSEWHERE' },
  { name: 'a phone NFC card is refunded in the app', card: card({ product: 'mobile-nfc', medium: 'nfc', depositFen: 0 }), at: at(), outcome: 'GO_ELSEWHERE' },
  { name: 'a commemorative card at an ordinary outlet', card: card({ product: 'commemorative' }), at: at(), outcome: 'SELF_OPERATED_ONLY', reason: 'product' },
  { name: 'a balance over CNY 500 at an ordinary outlet', card: card({ balanceFen: 50001 }), at: at(), outcome: 'SELF_OPERATED_ONLY', reason: 'large-balance' },
  { name: 'an unreadable chip at an ordinary outlet', card: card(), at: at({ chipUnreadable: true }), outcome: 'SELF_OPERATED_ONLY', reason: 'chip-unreadable' },
  { name: 'a lost card at an ordinary outlet', card: card({ state: 'lost' }), at: at(), outcome: 'SELF_OPERATED_ONLY', reason: 'card-state' },
  { name: 'a blocked card at an ordinary outlet', card: card({ state: 'blocked' }), at: at(), outcome: 'SELF_OPERATED_ONLY', reason: 'card-state' },
  { name: 'a debt past the deposit at an ordinary outlet', card: card({ balanceFen: -2500 }), at: at(), outcome: 'SELF_OPERATED_ONLY', reason: 'debt' },
];

for (const row of REFUSALS) {
  test(`no refund here: ${row.name}`, () => {
    const quote = quoteRefund(RULES, row.card, row.at);
    assert.equal(quote.outcome, row.outcome);
    if (row.reason) assert.equal(quote.outcome === 'SELF_OPERATED_ONLY' && quote.reason, row.reason);
    if (quote.outcome === 'GO_ELSEWHERE') assert.ok(quote.text.zh && quote.text.en);
  });
}

test('a withdrawal fee is never more than the balance', () => {
  assert.equal(withdrawalFee([{ upToFen: null, feeFen: 500, permille: 0 }], 120), 120);
  assert.equal(withdrawalFee(RULES.withdrawalFees, -100), 0);
});

test('rules are versioned data: a new version changes the answer, not the code', () => {
  const v2 = { ...RULES, version: 2, returnDeposit: false, damagedCardFeeFen: 2000 };
  const quote = quoteRefund(v2, card(), at({ damaged: true }));
  assert.deepEqual(quote, { outcome: 'REFUND', rulesVersion: 2, lines: [{ kind: 'balance', fen: 3000 }, { kind: 'damaged-card-fee', fen: -2000 }], totalFen: 1000 });
});

test('refuses rules whose fee bands are out of order or unbounded before the last', () => {
  assert.equal(rulesProblem(RULES), null);
  assert.equal(rulesProblem({ ...RULES, withdrawalFees: [{ upToFen: 500, feeFen: 0, permille: 0 }, { upToFen: 100, feeFen: 0, permille: 0 }] }), 'withdrawalFees[1].upToFen');
  assert.equal(rulesProblem({ ...RULES, withdrawalFees: [{ upToFen: null, feeFen: 0, permille: 0 }, { upToFen: 100, feeFen: 0, permille: 0 }] }), 'withdrawalFees[0].upToFen');
  assert.equal(rulesProblem({ ...RULES, damagedCardFeeFen: -1 }), 'damagedCardFeeFen');
});

test('formats fen as yuan', () => {
  assert.deepEqual([formatFen(0), formatFen(5), formatFen(2050), formatFen(-1000)], ['0.00', '0.05', '20.50', '-10.00']);
});
