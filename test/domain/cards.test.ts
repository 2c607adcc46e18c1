import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cardStateRefusal, checkCardNumber, maskCardNumber, normalizeCardNumber, parseCardRecord } from '../../src/domain/cards.ts';

describe('card numbers', () => {
  test('spaces, dashes and full-width digits are removed or made ASCII', () => {
    assert.equal(normalizeCardNumber(' 1000 7510-0000 0001 '), '1000751000000001');
    assert.equal(normalizeCardNumber('１０００７５１０００００００01'), '1000751000000001');
  });

  test('16 to 20 digits are well formed; 15, 21 and letters are not', () => {
    assert.equal(checkCardNumber('1'.repeat(16)), null);
    assert.equal(checkCardNumber('1'.repeat(20)), null);
    assert.equal(checkCardNumber('1'.repeat(15)), 'CARD_NUMBER_FORMAT');
    assert.equal(checkCardNumber('1'.repeat(21)), 'CARD_NUMBER_FORMAT');
    assert.equal(checkCardNumber('100075100000000A'), 'CARD_NUMBER_FORMAT');
    assert.equal(checkCardNumber(''), 'CARD_NUMBER_FORMAT');
  });

  test('a masked number shows only the first and last four digits', () => {
    assert.equal(maskCardNumber('1000751000000001'), '1000********0001');
    assert.equal(maskCardNumber('10007510000000000123'), '1000************0123');
  });
});

describe('card states', () => {
  test('only an active card can be upgraded, each other state has its own refusal', () => {
    assert.equal(cardStateRefusal('active'), null);
    assert.equal(cardStateRefusal('lost'), 'CARD_LOST');
    assert.equal(cardStateRefusal('refunded'), 'CARD_REFUNDED');
    assert.equal(cardStateRefusal('blocked'), 'CARD_BLOCKED');
  });
});

describe('card file rows', () => {
  const good = { number: '1000 7510 0000 0001', medium: 'Physical', product: 'student', state: 'active', deposit_fen: '2000', balance_fen: '150' };

  test('a good row is normalised into a card record', () => {
    assert.deepEqual(parseCardRecord(good), {
      record: { number: '1000751000000001', medium: 'physical', product: 'student', state: 'active', depositFen: 2000, balanceFen: 150 },
    });
  });

  test('each bad field is named in the refusal', () => {
    assert.deepEqual(parseCardRecord({ ...good, number: '123' }), { code: 'CARD_NUMBER_FORMAT', field: 'number' });
    assert.deepEqual(parseCardRecord({ ...good, medium: 'paper' }), { code: 'CARD_FIELD_INVALID', field: 'medium' });
    assert.deepEqual(parseCardRecord({ ...good, product: 'gold' }), { code: 'CARD_FIELD_INVALID', field: 'product' });
    assert.deepEqual(parseCardRecord({ ...good, state: 'stolen' }), { code: 'CARD_FIELD_INVALID', field: 'state' });
    assert.deepEqual(parseCardRecord({ ...good, deposit_fen: '-1' }), { code: 'CARD_FIELD_INVALID', field: 'deposit_fen' });
    assert.deepEqual(parseCardRecord({ ...good, deposit_fen: '20.00' }), { code: 'CARD_FIELD_INVALID', field: 'deposit_fen' });
    assert.deepEqual(parseCardRecord({ ...good, balance_fen: undefined }), { code: 'CARD_FIELD_INVALID', field: 'balance_fen' });
  });

  test('a negative balance is allowed, since transit cards may ride into overdraft', () => {
    assert.ok('record' in parseCardRecord({ ...good, balance_fen: '-300' }));
  });
});
