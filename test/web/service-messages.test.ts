// The outlet finder's and the reader display's message tables: the same keys and placeholders in both
// languages, no empty text, Chinese in Chinese.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { messages as outlets } from '../../src/web/outlets/messages.ts';
import { messages as reader } from '../../src/web/reader/messages.ts';
import { placeholders } from '../../src/web/shared/i18n.ts';

// Keys that are the same in both languages, or name the other language, on purpose.
const MIXED = new Set(['switchTo', 'ready', 'readyEn']);

for (const [name, table] of Object.entries({ outlets, reader })) {
  test(`the ${name} page has the same keys, placeholders and non-empty texts in Chinese and English`, () => {
    const zh = table.zh as Record<string, string>;
    const en = table.en as Record<string, string>;
    assert.deepEqual(Object.keys(zh).sort(), Object.keys(en).sort());
    for (const key of Object.keys(zh)) {
      assert.deepEqual(placeholders(zh[key]!), placeholders(en[key]!), key);
      assert.ok(zh[key]!.trim() && en[key]!.trim(), key);
      if (!MIXED.has(key)) assert.match(zh[key]!, /\p{Script=Han}/u, `zh ${key}`);
      if (!MIXED.has(key)) assert.doesNotMatch(en[key]!, /\p{Script=Han}/u, `en ${key}`);
    }
  });
}
