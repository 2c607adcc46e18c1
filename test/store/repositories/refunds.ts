// Refunds at outlets: rules by version, one refund per card, found by receipt or by card.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { RefundRules } from '../../../src/domain/refunds.ts';
import { UniqueViolation, type Refund } from '../../../src/store/store.ts';
import { card, type StoreCase } from '../support/case.ts';

const rules = (version: number): RefundRules => ({
  version,
  returnDeposit: true,
  withdrawalFees: [],
  damagedCardFeeFen: 1_000 * version,
  selfOperatedAboveFen: 50_000,
  products: {},
});

export function refundsContract(c: StoreCase): void {
  describe('refunds', () => {
    let clerk: number;
    let cardId: number;

    before(async () => {
      clerk = (await c.store.staff.insert({ username: 'clerk-refunds', displayName: 'Clerk Wang', role: 'outlet', passwordHash: 'h', createdAt: 1 })).id;
      cardId = (await c.store.cards.insert(card('3700000000000001'))).id;
    });

    test('keeps refund rules by version: the newest by default, any version on request, each version once', async () => {
      const { refunds } = c.store;
      const existing = await refunds.rules();
      const next = (existing?.version ?? 0) + 1;
      await refunds.insertRules(rules(next), 1, 'operator:1');
      await refunds.insertRules(rules(next + 1), 2, 'operator:1');
      assert.deepEqual(await refunds.rules(), rules(next + 1));
      assert.deepEqual(await refunds.rules(next), rules(next));
      assert.equal(await refunds.rules(next + 50), undefined);
      await assert.rejects(refunds.insertRules(rules(next), 3, 'operator:2'), UniqueViolation);
    });

    test('refunds a card once, found by receipt number or by card', async () => {
      const { refunds } = c.store;
      const version = (await refunds.rules())!.version;
      const refund: Omit<Refund, 'id'> = {
        receiptNo: 'R-0001',
        cardId,
        staffId: clerk,
        outlet: { code: 'BJ-DZM', name: { zh: '东直门', en: 'Dongzhimen' }, selfOperated: true },
        rulesVersion: version,
        lines: [{ kind: 'deposit', fen: 2_000 }, { kind: 'balance', fen: 150 }],
        totalFen: 2_150,
        damaged: false,
        chipUnreadable: true,
        bindingId: null,
        createdAt: 5,
      };
      const stored = await refunds.insert(refund);
      assert.deepEqual(stored, { ...refund, id: stored.id });
      assert.deepEqual(await refunds.find({ receiptNo: 'R-0001' }), stored);
      assert.deepEqual(await refunds.find({ cardId }), stored);
      assert.equal(await refunds.find({ receiptNo: 'R-none' }), undefined);
      await assert.rejects(refunds.insert({ ...refund, receiptNo: 'R-0002' }), UniqueViolation);
      assert.equal(await refunds.find({ receiptNo: 'R-0002' }), undefined);
    });
  });
}
