// docs/reliability.md names, for each promise, the tests that prove it: a renamed or removed test must not
// leave the document pointing at nothing.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';

const PATH = /`(test\/[\w/.-]+\.ts)`/g;
const NAME = /\*([^*]+)\*/g;

/** Each (file, test name) a table row cites: a name belongs to the path before it in its cell, or else to the path in the table's header. */
function citations(doc: string): Array<{ file: string; name: string }> {
  const found: Array<{ file: string; name: string }> = [];
  let headerFile: string | undefined;
  const lines = doc.split('\n');
  lines.forEach((line, i) => {
    if (!line.startsWith('|')) return;
    if (lines[i + 1]?.startsWith('|---')) headerFile = [...line.matchAll(PATH)][0]?.[1];
    for (const cell of line.split('|')) {
      let file = headerFile;
      const tokens = [...cell.matchAll(new RegExp(`${PATH.source}|${NAME.source}`, 'g'))];
      for (const token of tokens) {
        if (token[1]) file = token[1];
        else if (file) found.push({ file, name: token[2]! });
      }
    }
  });
  return found;
}

test('every test docs/reliability.md names exists, under that name, in the file it names', () => {
  const cited = citations(fs.readFileSync('docs/reliability.md', 'utf8'));
  assert.ok(cited.length >= 20, `found ${cited.length} citations`);
  const missing = cited.filter(({ file, name }) => !fs.existsSync(file) || !fs.readFileSync(file, 'utf8').replace(/\\'/g, "'").includes(name));
  assert.deepEqual(missing, []);
});
