// The staff pages' message table: the same keys and placeholders in both languages, no empty text, and the
// Chinese texts in Chinese.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { messages } from '../../src/web/staff/messages.ts';
import { placeholders } from '../../src/web/shared/i18n.ts';

test('the staff pages have the same keys in Chinese and English', () => {
  assert.deepEqual(Object.keys(messages.zh).sort(), Object.keys(messages.en).sort());
});

test('the staff pages use the same placeholders in both languages and no empty text', () => {
  for (const key of Object.keys(messages.zh) as Array<keyof typeof messages.zh>) {
    assert.deepEqual(placeholders(messages.zh[key]), placeholders(messages.en[key]), key);
    assert.ok(messages.zh[key].trim() && messages.en[key].trim(), key);
  }
});

test('the staff pages\' Chinese texts are in Chinese and the English ones are not', () => {
  const han = /\p{Script=Han}/u;
  const mixed = new Set(['switchTo', 'signedInAs', 'yuan', 'cardHeading', 'ticketHeading', 'minutes', 'hours', 'days', 'passUntil', 'post', 'outletPost']);
  for (const [key, text] of Object.entries(messages.zh)) if (!mixed.has(key) && key !== 'source.app') assert.match(text, han, `zh ${key}`);
  for (const [key, text] of Object.entries(messages.en)) if (key !== 'switchTo') assert.doesNotMatch(text, han, `en ${key}`);
});
