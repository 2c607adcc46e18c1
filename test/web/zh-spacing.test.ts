// Chinese is set without spaces between words: a space between two Chinese characters, or between one and
// Chinese punctuation, is a slip ("于 立即 生效"). Checked on the Chinese texts of the gate, station staff
// and operator pages as a person reads them: each placeholder filled with what the page puts there, a
// Chinese word where the page puts words (a station, a role, a decision), digits where it puts numbers,
// times and codes (spaces beside those are the usual way to set them: "第 3 版").
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { messages as ops } from '../../src/web/ops/messages.ts';
import { messages as reader } from '../../src/web/reader/messages.ts';
import { messages as staff } from '../../src/web/staff/messages.ts';
import { fill } from '../../src/web/shared/i18n.ts';
import { STRAY_SPACE } from './zh-spacing.ts';

const TABLES: Record<string, Record<string, string>> = { ops: ops.zh, reader: reader.zh, staff: staff.zh };

/**
 * Placeholders the pages fill with Chinese words; a document is its Chinese name then the masked number, a
 * duration ends in its Chinese unit; every other one gets digits, a time or a code.
 */
const WORDS = new Set(['label', 'name', 'role', 'channel', 'post', 'outlet', 'subject', 'lang', 'state', 'from', 'to', 'line', 'station']);
const SAMPLES: Record<string, string> = { doc: '护照 E12****78', duration: '10 分钟' };
const sample = (name: string) => SAMPLES[name] ?? (WORDS.has(name) ? '西单站' : '8');


/** The text as a person reads it: placeholders filled as the page fills them. */
const asRead = (template: string) => fill(template, Object.fromEntries([...template.matchAll(/\{(\w+)\}/g)].map(([, name]) => [name!, sample(name!)])));

test('the checker finds a space between Chinese words, and allows one beside digits', () => {
  assert.match('将于 立即 生效', STRAY_SPACE);
  assert.match(asRead('设备 {id}({line} {station})'), STRAY_SPACE);
  assert.match('北京市政交通一卡通 退卡凭证', STRAY_SPACE);
  assert.match('已退卡 。', STRAY_SPACE);
  assert.doesNotMatch(asRead('第 {version} 版通行规则'), STRAY_SPACE);
  assert.doesNotMatch(asRead('{n} 分钟'), STRAY_SPACE);
});

for (const [name, table] of Object.entries(TABLES)) {
  test(`the ${name} pages' Chinese texts have no space between Chinese words`, () => {
    const stray = Object.entries(table).filter(([, text]) => STRAY_SPACE.test(asRead(text))).map(([key, text]) => `${key}: ${text}`);
    assert.deepEqual(stray, []);
  });
}
