// ESLint rule: no import circle, counting `import type` too. import-x/no-cycle skips type-only imports, and
// the circle this repository had (src/store, 10 files) closed through one (`store.ts` imports the type
// `Queries` from `queries.ts`), so that rule passed over it. A type circle still ties every file in it to
// every other: none can be read, moved or split alone, which is what the rule is here to prevent.
//
// Imports are found with TypeScript's own pre-processor (static, type-only, dynamic and `import('…')` type
// imports alike). Only relative specifiers are followed: tsc (NodeNext) makes them name the file exactly.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** Relative imports of one file, read from disk once per lint run. */
const onDisk = new Map();

/** @returns {{ file: string, start: number, end: number }[]} */
function importsOf(text, fromFile) {
  const dir = path.dirname(fromFile);
  return ts
    .preProcessFile(text, true, true)
    .importedFiles.filter((i) => i.fileName.startsWith('./') || i.fileName.startsWith('../'))
    .map((i) => ({ file: path.resolve(dir, i.fileName), start: i.pos, end: i.end }))
    .filter((i) => fs.existsSync(i.file));
}

function depsOnDisk(file) {
  let deps = onDisk.get(file);
  if (deps === undefined) {
    deps = importsOf(fs.readFileSync(file, 'utf8'), file).map((i) => i.file);
    onDisk.set(file, deps);
  }
  return deps;
}

/** Shortest import path from `start` back to `target`, or null (breadth first, so the message is short). */
function pathBack(start, target) {
  const cameFrom = new Map([[start, null]]);
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.shift();
    for (const dep of depsOnDisk(file)) {
      if (dep === target) {
        const trail = [file];
        for (let f = cameFrom.get(file); f !== null; f = cameFrom.get(f)) trail.unshift(f);
        return trail;
      }
      if (!cameFrom.has(dep)) {
        cameFrom.set(dep, file);
        queue.push(dep);
      }
    }
  }
  return null;
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'Disallow import circles, type-only imports included.' },
    messages: { circle: 'Import circle: {{trail}}.' },
    schema: [],
  },
  create(context) {
    const self = context.filename;
    return {
      Program() {
        const { sourceCode } = context;
        const cwd = context.cwd;
        const seen = new Set();
        for (const edge of importsOf(sourceCode.text, self)) {
          if (seen.has(edge.file)) continue;
          seen.add(edge.file);
          const trail = pathBack(edge.file, self);
          if (trail === null) continue;
          context.report({
            loc: { start: sourceCode.getLocFromIndex(edge.start), end: sourceCode.getLocFromIndex(edge.end) },
            messageId: 'circle',
            data: { trail: [self, ...trail, self].map((f) => path.relative(cwd, f)).join(' → ') },
          });
        }
      },
    };
  },
};
