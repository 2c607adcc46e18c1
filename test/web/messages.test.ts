// The message tables: both languages have the same keys, the same placeholders, and no empty text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { messages as holder } from '../../src/web/holder/messages.ts';
import { messages as landing } from '../../src/web/landing/messages.ts';
import { placeholders } from '../../src/web/shared/i18n.ts';

const TABLES = { holder, landing };

for (const [name, table] of Object.entries(TABLES)) {
  test(`the ${name} pages have the same keys in Chinese and English`, () => {
    assert.deepEqual(Object.keys(table.zh).sort(), Object.keys(table.en).sort());
  });

  test(`the ${name} pages use the same placeholders in both languages and no empty text`, () => {
    const zh = table.zh as Record<string, string>;
    const en = table.en as Record<string, string>;
    for (const key of Object.keys(zh)) {
      assert.deepEqual(placeholders(zh[key]!), placeholders(en[key]!), key);
      assert.ok(zh[key]!.trim() && en[key]!.trim(), key);
    }
  });
}

test('the Chinese texts are in Chinese and the English ones are not', () => {
  const han = /\p{Script=Han}/u;
  // Keys whose text is the same in both or names the other language on purpose.
  const mixed = new Set(['switchTo', 'subtitleKit', 'codeHint', 'refundWeChat', 'refundWeb', 'docStateHint']);
  for (const [key, text] of Object.entries(holder.zh)) if (!mixed.has(key)) assert.match(text, han, `zh ${key}`);
  for (const [key, text] of Object.entries(holder.en)) if (!mixed.has(key)) assert.doesNotMatch(text, han, `en ${key}`);
});
