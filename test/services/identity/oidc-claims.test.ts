// A provider's claims become our document through the configured mapping, checked by the same rules as a
// typed document; anything else is OIDC_CLAIMS_UNUSABLE, naming a rule and never a value.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { YktError } from '../../../src/domain/errors.ts';
import { identityFromClaims } from '../../../src/services/identity/oidc-claims.ts';

// The example of docs/deploy.md, "Sign-in with OpenID Connect".
const SETTINGS = {
  claims: { type: 'id_doc.kind', number: 'id_doc.no', state: 'id_doc.country', name: 'realname' },
  documentTypes: { HKM: 'hk-macao-permit', TW: 'taiwan-permit', PP: 'passport', RP: 'residence-permit' } as const,
};
const NOW = new Date('2022-06-03T00:00:00Z');

const refusal = (claims: Record<string, unknown>, settings = SETTINGS): YktError => {
  try {
    identityFromClaims(claims, settings, NOW);
  } catch (error) {
    return error as YktError;
  }
  assert.fail('accepted');
};

test('maps nested claims through the type names to a checked, normalised document with its name', () => {
  const identity = identityFromClaims({ realname: '陈大文', id_doc: { kind: 'HKM', no: 'h1234 5678' } }, SETTINGS, NOW);
  assert.deepEqual(identity, { document: { type: 'hk-macao-permit', number: 'H12345678' }, name: '陈大文', contacts: [] });
  const passport = identityFromClaims({ id_doc: { kind: 'PP', no: 'E12345678', country: 'gbr' } }, SETTINGS, NOW);
  assert.deepEqual(passport.document, { type: 'passport', number: 'E12345678', state: 'GBR' });
});

test('keeps the contacts the provider verified, and only those', () => {
  const claims = { id_doc: { kind: 'TW', no: 87654321 }, email: 'Lin@Example.com', email_verified: true, phone_number: '+886 912 345 678', phone_number_verified: false };
  const identity = identityFromClaims(claims, SETTINGS, NOW);
  assert.deepEqual(identity.document, { type: 'taiwan-permit', number: '87654321' }, 'a number claim is read as its digits');
  assert.deepEqual(identity.contacts, [{ kind: 'email', value: 'Lin@example.com' }]);
});

test('refuses claims that give no document we accept, naming the document rule when there is one', () => {
  assert.equal(refusal({ realname: 'x' }).code, 'OIDC_CLAIMS_UNUSABLE');
  assert.equal(refusal({ id_doc: { kind: 'ID', no: '110101199003070011' } }).code, 'OIDC_CLAIMS_UNUSABLE');
  assert.equal(refusal({ id_doc: { kind: 'constructor', no: 'E1' } }).code, 'OIDC_CLAIMS_UNUSABLE', 'no value finds something on a prototype');
  assert.equal(refusal({ id_doc: 'HKM H12345678' }).code, 'OIDC_CLAIMS_UNUSABLE');
  const state = refusal({ id_doc: { kind: 'PP', no: 'E12345678', country: 'GB' } });
  assert.deepEqual([state.code, state.details], ['OIDC_CLAIMS_UNUSABLE', { document: 'DOC_PASSPORT_STATE_UNKNOWN' }]);
  assert.ok(!JSON.stringify(state.details).includes('E12345678'));
});

test('without type names, the type claim carries ours', () => {
  const settings = { claims: { type: 't', number: 'n' }, documentTypes: undefined };
  assert.equal(identityFromClaims({ t: 'taiwan-permit', n: '87654321' }, settings, NOW).document.type, 'taiwan-permit');
  assert.equal(refusal({ t: 'TW', n: '87654321' }, settings as never).code, 'OIDC_CLAIMS_UNUSABLE');
});
