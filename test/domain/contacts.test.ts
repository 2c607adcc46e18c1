import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkContact, maskContact } from '../../src/domain/contacts.ts';

test('takes mobile numbers of any country in E.164, a number without + as a mainland one', () => {
  for (const [given, e164] of [
    ['+852 9123 4567', '+85291234567'],
    ['+853 6612 3456', '+85366123456'],
    ['+886 912 345 678', '+886912345678'],
    ['+44 7911 123456', '+447911123456'],
    ['+1 (415) 555-2671', '+14155552671'],
    ['138 0013 8000', '+8613800138000'],
  ]) assert.deepEqual(checkContact({ phone: given }), { valid: true, contact: { kind: 'phone', value: e164 } }, given);
});

test('refuses a landline, a short number and words as a phone', () => {
  for (const given of ['+852 2123 4567', '12345', 'call me', '+999 1234 5678']) assert.deepEqual(checkContact({ phone: given }), { valid: false, code: 'CONTACT_PHONE_INVALID' }, given);
});

test('takes an e-mail address with its domain lowercased, and refuses what is not one', () => {
  assert.deepEqual(checkContact({ email: ' Chan.Tai@Example.COM ' }), { valid: true, contact: { kind: 'email', value: 'Chan.Tai@example.com' } });
  for (const given of ['chan', 'chan@', '@example.com', 'chan@example', 'chan tai@example.com', 'a@b@example.com']) {
    assert.deepEqual(checkContact({ email: given }), { valid: false, code: 'CONTACT_EMAIL_INVALID' }, given);
  }
});

test('wants exactly one contact', () => {
  assert.deepEqual(checkContact({}), { valid: false, code: 'CONTACT_REQUIRED' });
  assert.deepEqual(checkContact({ phone: ' ', email: '' }), { valid: false, code: 'CONTACT_REQUIRED' });
  assert.deepEqual(checkContact({ phone: '+852 9123 4567', email: 'chan@example.com' }), { valid: false, code: 'CONTACT_ONE_ONLY' });
});

test('masks a phone to its country code and last four digits, an e-mail to its first letter and domain', () => {
  assert.equal(maskContact({ kind: 'phone', value: '+85291231234' }), '+852 ****1234');
  assert.equal(maskContact({ kind: 'phone', value: '+8613800138000' }), '+86 ****8000');
  assert.equal(maskContact({ kind: 'email', value: 'chan.tai.man@example.com' }), 'c***@example.com');
});
