// The repository's root: the nearest directory above this file with a package.json. That is one level up from
// scripts/ in the sources, and further up from the compiled copy the tests run (.cache/js/scripts, see
// scripts/test.mjs), so scripts find the repository's files (docs, package.json, the pages' sources) either way.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

export const REPO_ROOT = findRoot(path.dirname(path.dirname(fileURLToPath(import.meta.url))));
