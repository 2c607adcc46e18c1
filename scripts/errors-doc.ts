// Writes docs/errors.md from the error catalogue: `npx tsx scripts/errors-doc.ts`.
// test/domain/errors.test.ts fails when the file and the catalogue drift apart.
import fs from 'node:fs';
import { ERROR_CODES, errorEntry } from '../src/domain/errors.ts';

export function errorsDoc(): string {
  const rows = ERROR_CODES.map((code) => {
    const { status, zh, en } = errorEntry(code);
    return `| \`${code}\` | ${status} | ${zh} | ${en} |`;
  });
  return [
    '# Error codes',
    '',
    'Every refusal of the API has this shape, with the HTTP status below:',
    '',
    '```json',
    '{ "error": { "code": "CARD_NOT_FOUND", "message": { "zh": "…", "en": "…" }, "details": {} } }',
    '```',
    '',
    'Clients key on `code`, which never changes meaning; `message` is for people. `details` is optional.',
    '',
    '| code | status | zh | en |',
    '|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) fs.writeFileSync('docs/errors.md', errorsDoc());
