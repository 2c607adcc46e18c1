// Writes .env.example from the configuration schema: `npx tsx scripts/env-example.ts`.
// test/config.test.ts fails when the file and the schema drift apart.
import fs from 'node:fs';
import { ENV_SCHEMA } from '../src/config.ts';

export function envExample(): string {
  const required = new Set<string>(ENV_SCHEMA.required ?? []);
  const lines = Object.entries(ENV_SCHEMA.properties).flatMap(([name, spec]) => {
    const s = spec as { description?: string; default?: unknown };
    const value = s.default === undefined ? '' : String(s.default);
    // A variable without a default is commented out: unset is a meaningful choice (SQLite, generated secrets).
    const assignment = s.default === undefined && !required.has(name) ? `# ${name}=` : `${name}=${value}`;
    return [`# ${s.description ?? ''}`, assignment, ''];
  });
  return ['# Every setting of the server and the `ykt` command, with its default and meaning.', '# Generated from src/config.ts by scripts/env-example.ts; checked at every start.', '', ...lines].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) fs.writeFileSync('.env.example', envExample());
