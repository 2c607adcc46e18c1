// The lint's import rules (eslint.config.js), shown on planted files: each wrong-way import fails with the rule
// that guards it, and the right-way import next to it passes. Planted files are linted as text under a name
// inside the part they pretend to be in; what they import is a real file, so the resolver finds it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { ESLint } from 'eslint';

// Comment directives off: the planted circle's files carry one that keeps `npm run lint` quiet.
const eslint = new ESLint({ allowInlineConfig: false });

/** A real file of a part, as a specifier relative to `fromDir` (found at run time, so renames do not break it). */
function someFile(part: string, fromDir: string): string {
  const name = fs.readdirSync(part).filter((f) => f.endsWith('.ts')).sort()[0];
  assert.ok(name, `${part} has a .ts file`);
  const relative = path.relative(fromDir, path.join(part, name)).split(path.sep).join('/');
  return relative.startsWith('.') ? relative : `./${relative}`;
}

/** Lints `code` as if it were the file `filePath`, and returns the rule ids it breaks. */
async function rulesBroken(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  assert.ok(result);
  return result.messages.map((m) => m.ruleId ?? `fatal: ${m.message}`).sort();
}

/** A module that imports `specifier` as a namespace and uses it, so only the import rules can object. */
const importing = (specifier: string) => `import * as m from '${specifier}';\nexport { m };\n`;
const importingTypes = (specifier: string) => `import type * as m from '${specifier}';\nexport type { m };\n`;

test('the domain may not import a node: module, an I/O package or the store', async () => {
  const file = 'src/domain/planted.ts';
  assert.deepEqual(await rulesBroken(file, importing('node:fs')), ['import-x/no-nodejs-modules']);
  assert.deepEqual(await rulesBroken(file, importing('node:crypto')), ['import-x/no-nodejs-modules']);
  assert.deepEqual(await rulesBroken(file, importing('pg')), ['no-restricted-imports']);
  assert.deepEqual(await rulesBroken(file, importing(someFile('src/store', 'src/domain'))), ['import-x/no-restricted-paths']);
  assert.deepEqual(await rulesBroken(file, importing(someFile('src/services', 'src/domain'))), ['import-x/no-restricted-paths']);
  assert.deepEqual(await rulesBroken(file, importing('./decisions.ts')), []);
});

test('the reader SDK may not import services or the list builder, and may import the domain', async () => {
  const file = 'src/readers/sdk/planted.ts';
  assert.deepEqual(await rulesBroken(file, importing(someFile('src/services', 'src/readers/sdk'))), ['import-x/no-restricted-paths']);
  assert.deepEqual(await rulesBroken(file, importing('../builder/index.ts')), ['import-x/no-restricted-paths']);
  assert.deepEqual(await rulesBroken(file, importing('node:http')), ['import-x/no-nodejs-modules']);
  assert.deepEqual(await rulesBroken(file, importing('../../domain/decisions.ts')), []);
});

test('a route may not import the store, not even its types, and may import services', async () => {
  const file = 'src/http/planted.ts';
  const store = someFile('src/store', 'src/http');
  assert.deepEqual(await rulesBroken(file, importing(store)), ['import-x/no-restricted-paths']);
  assert.deepEqual(await rulesBroken(file, importingTypes(store)), ['import-x/no-restricted-paths']);
  assert.deepEqual(await rulesBroken(file, importing(someFile('src/services', 'src/http'))), []);
});

test('a page may import the HTTP schemas as types only, and nothing from services', async () => {
  const file = 'src/web/holder/planted.ts';
  const route = someFile('src/http', 'src/web/holder');
  assert.deepEqual(await rulesBroken(file, importing(route)), ['@typescript-eslint/no-restricted-imports']);
  assert.deepEqual(await rulesBroken(file, importingTypes(route)), []);
  assert.deepEqual(await rulesBroken(file, importingTypes(someFile('src/services', 'src/web/holder'))), ['import-x/no-restricted-paths']);
});

test('an import circle is reported on both of its files, even when one side imports only types', async () => {
  const results = await eslint.lintFiles(['test/fixtures/lint/circle-a.ts', 'test/fixtures/lint/circle-b.ts']);
  for (const result of results) {
    assert.deepEqual(result.messages.map((m) => m.ruleId), ['local/no-import-circle'], result.filePath);
    assert.match(result.messages[0]!.message, /circle-(a|b)\.ts → test\/fixtures\/lint\/circle-(a|b)\.ts → /);
  }
  assert.equal(results.length, 2);
});
