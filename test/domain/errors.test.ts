import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { ERROR_CODES, errorEntry, YktError } from '../../src/domain/errors.ts';
import { errorsDoc } from '../../scripts/errors-doc.ts';

test('every error code has a status and non-empty Chinese and English text', () => {
  for (const code of ERROR_CODES) {
    const { status, zh, en } = errorEntry(code);
    assert.ok(status >= 400 && status < 600, `${code} status ${status}`);
    assert.ok(zh.trim().length > 0 && /[\u4e00-\u9fff]/.test(zh), `${code} zh text`);
    assert.ok(en.trim().length > 0 && /^[\x20-\x7e]+$/.test(en), `${code} en text`);
  }
});

test('codes are stable upper-case identifiers and texts are not copied between codes', () => {
  for (const code of ERROR_CODES) assert.match(code, /^[A-Z][A-Z0-9_]+$/);
  const english = ERROR_CODES.map((c) => errorEntry(c).en);
  assert.equal(new Set(english).size, english.length);
});

test('docs/errors.md lists every code with its texts, as the catalogue has them', () => {
  assert.equal(fs.readFileSync('docs/errors.md', 'utf8'), errorsDoc(), 'run: npx tsx scripts/errors-doc.ts');
});

test('a thrown YktError carries the code, status and both texts', () => {
  const error = new YktError('CARD_LOST', { card: 'x' });
  assert.equal(error.code, 'CARD_LOST');
  assert.equal(error.status, 409);
  assert.deepEqual(error.text, { zh: errorEntry('CARD_LOST').zh, en: errorEntry('CARD_LOST').en });
  assert.deepEqual(error.details, { card: 'x' });
});
