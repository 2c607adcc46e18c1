#!/usr/bin/env node
// `ykt`: the built CLI when `npm run build` has made one (production has no TypeScript transpiler), the
// TypeScript sources through tsx otherwise, so `npx ykt …` also works right after `npm install`.
import fs from 'node:fs';

const built = new URL('../dist/src/cli/main.js', import.meta.url);
if (fs.existsSync(built)) {
  await import(built.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
