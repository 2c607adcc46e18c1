import assert from 'node:assert/strict';
import { test } from 'node:test';
import { refuseUpgrade, type UpgradeFacts } from '../../src/domain/bindings.ts';

const facts: UpgradeFacts = {
  personId: 7,
  medium: 'physical',
  card: { medium: 'physical', state: 'active' },
  cardHolderId: null,
  personHasMedium: false,
  currentAgreement: 2,
  acceptedAgreement: 2,
};

test('an active unbound card of the chosen medium, with the current agreement accepted, may be upgraded', () => {
  assert.equal(refuseUpgrade(facts), null);
});

test('refuses an upgrade when no agreement is published, none is ticked, or an old one is ticked', () => {
  assert.equal(refuseUpgrade({ ...facts, currentAgreement: null }), 'AGREEMENT_MISSING');
  assert.equal(refuseUpgrade({ ...facts, acceptedAgreement: null }), 'AGREEMENT_NOT_ACCEPTED');
  assert.equal(refuseUpgrade({ ...facts, acceptedAgreement: 1 }), 'AGREEMENT_OUTDATED');
});

test('refuses a card that is not active', () => {
  assert.equal(refuseUpgrade({ ...facts, card: { medium: 'physical', state: 'lost' } }), 'CARD_LOST');
  assert.equal(refuseUpgrade({ ...facts, card: { medium: 'physical', state: 'blocked' } }), 'CARD_BLOCKED');
  assert.equal(refuseUpgrade({ ...facts, card: { medium: 'physical', state: 'refunded' } }), 'CARD_REFUNDED');
});

test('refuses a card of the other medium than the one chosen', () => {
  assert.equal(refuseUpgrade({ ...facts, card: { medium: 'nfc', state: 'active' } }), 'CARD_MEDIUM_MISMATCH');
});

test('tells a holder their own card is already upgraded, and anyone else that it is taken', () => {
  assert.equal(refuseUpgrade({ ...facts, cardHolderId: 7 }), 'CARD_ALREADY_YOURS');
  assert.equal(refuseUpgrade({ ...facts, cardHolderId: 8 }), 'CARD_ALREADY_BOUND');
});

test('refuses a second physical card, and a second NFC card, for the same person', () => {
  assert.equal(refuseUpgrade({ ...facts, personHasMedium: true }), 'LIMIT_PHYSICAL_REACHED');
  assert.equal(refuseUpgrade({ ...facts, medium: 'nfc', card: { medium: 'nfc', state: 'active' }, personHasMedium: true }), 'LIMIT_NFC_REACHED');
});
