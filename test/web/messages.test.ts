// Every message table of the pages (each src/web/**/messages.ts), found on disk so that a new page's table is
// checked the day it is added: both languages have the same keys and placeholders, no text is empty, the
// Chinese texts are in Chinese and the English ones are not.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { LANGS, placeholders } from '../../src/web/shared/i18n.ts';

// The sources are read from the repository; each table is imported as this test runs, from the sources or
// from the compiled copy npm test runs (scripts/test.mjs), whichever this file is.
const WEB = path.resolve('src/web');
const RUNS_AS = path.extname(fileURLToPath(import.meta.url));
const moduleUrl = (file: string) => new URL(`../../src/web/${file.split(path.sep).join('/').replace(/\.ts$/, RUNS_AS)}`, import.meta.url).href;

/** The message tables by the folder they live in ('holder', 'staff', 'ops', …). */
const TABLE_FILES = fs
  .readdirSync(WEB, { recursive: true, encoding: 'utf8' })
  .filter((file) => path.basename(file) === 'messages.ts')
  .map((file) => ({ name: path.dirname(file).split(path.sep).join('/'), url: moduleUrl(file) }))
  .sort((a, b) => a.name.localeCompare(b.name));

// Keys whose text is the same in both languages, or names the other language, on purpose: a Chinese text
// without Han characters (zh), an English one with them (en). A table not listed here has no such key.
const MIXED: Record<string, { zh?: readonly string[]; en?: readonly string[] }> = {
  holder: {
    zh: ['subtitleKit', 'codeHint', 'refundWeChat', 'refundWeb', 'docStateHint'],
    en: ['subtitleKit', 'codeHint', 'refundWeChat', 'refundWeb', 'docStateHint'],
  },
  staff: { zh: ['signedInAs', 'yuan', 'cardHeading', 'ticketHeading', 'minutes', 'hours', 'days', 'passUntil', 'post', 'outletPost', 'source.app'] },
  outlets: { zh: ['dayAt'], en: ['dayAt', 'viaWechat', 'viaWebsite'] },
  reader: { zh: ['ready', 'readyEn', 'reason'], en: ['ready', 'readyEn', 'reason'] },
};

test('finds the message table of every page set, the operators\' included', () => {
  // At least these; a table added later is looped over below without being named here.
  for (const name of ['holder', 'landing', 'ops', 'outlets', 'reader', 'staff']) assert.ok(TABLE_FILES.some((t) => t.name === name), name);
  for (const name of Object.keys(MIXED)) assert.ok(TABLE_FILES.some((t) => t.name === name), `the exceptions name a table that exists: ${name}`);
});

test('keeps every message table of the pages in a file named messages.ts', () => {
  const elsewhere = fs
    .readdirSync(WEB, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && path.basename(file) !== 'messages.ts')
    .filter((file) => /\bconst\s+\w+\s*:\s*MessageTable</.test(fs.readFileSync(path.join(WEB, file), 'utf8')));
  assert.deepEqual(elsewhere, []);
});

for (const { name, url } of TABLE_FILES) {
  const table = async () => {
    const module = (await import(url)) as { messages?: Record<string, Record<string, string>> };
    assert.ok(module.messages, `${name}/messages.ts exports its table as \`messages\``);
    assert.deepEqual(Object.keys(module.messages).sort(), [...LANGS].sort());
    return { zh: module.messages.zh!, en: module.messages.en! };
  };

  test(`the ${name} pages have the same keys in Chinese and English`, async () => {
    const { zh, en } = await table();
    assert.deepEqual(Object.keys(zh).sort(), Object.keys(en).sort());
  });

  test(`the ${name} pages use the same placeholders in both languages and no empty text`, async () => {
    const { zh, en } = await table();
    for (const key of Object.keys(zh)) {
      assert.deepEqual(placeholders(zh[key]!), placeholders(en[key]!), key);
      assert.ok(zh[key]!.trim() && en[key]!.trim(), key);
    }
  });

  test(`the ${name} pages' Chinese texts are in Chinese and the English ones are not`, async () => {
    const { zh, en } = await table();
    const han = /\p{Script=Han}/u;
    const mixed = { zh: new Set(MIXED[name]?.zh), en: new Set(MIXED[name]?.en) };
    for (const [key, text] of Object.entries(zh)) if (!mixed.zh.has(key)) assert.match(text, han, `zh ${key}`);
    for (const [key, text] of Object.entries(en)) if (!mixed.en.has(key)) assert.doesNotMatch(text, han, `en ${key}`);
  });
}
