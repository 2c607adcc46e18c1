// Lint for the whole repository: typescript-eslint's recommended rules (syntax only, no type information,
// so a full run stays fast; `tsc --noEmit` already checks the types), plus the import rules that keep the
// parts of DESIGN §3 apart. test/lint.test.ts plants wrong-way imports and a cycle to show each rule fires.
import fs from 'node:fs';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import globals from 'globals';
import noImportCircle from './scripts/lint/no-import-circle.js';

const root = import.meta.dirname;
const pkg = JSON.parse(fs.readFileSync(`${root}/package.json`, 'utf8'));

// The pure parts (domain, reader SDK) may use no installed package except these, which compute only.
// Every other package (database drivers, Fastify, pino, esbuild, …) is banned by default, so a new
// dependency has to be added here on purpose before the domain can reach it.
const PURE_PACKAGES = new Set(['typebox', 'libphonenumber-js']);
const ioPackages = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)]
  .filter((name) => !PURE_PACKAGES.has(name))
  .sort();

/** One `import-x/no-restricted-paths` zone: files under `target` may not import files under `from`. */
const zone = (target, from, why) => ({ target: `./src/${target}`, from: from.map((f) => `./src/${f}`), message: why });

export default tseslint.config(
  {
    ignores: ['src/web/dist/', 'dist/', 'data/', 'artifacts/', '.cache/'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `_name` marks a parameter or binding kept for its position or shape (handlers, destructuring).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Tests read JSON answers loosely on purpose: the assertions are what check their shape.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      // Resolves the `.ts` specifiers the code is written with, the way tsc does.
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: `${root}/tsconfig.json` })],
    },
  },
  {
    // No import circle anywhere in src/, type-only imports included (see the rule's file for why not
    // import-x/no-cycle). The fixtures are a planted circle that test/lint.test.ts shows is reported.
    files: ['src/**/*.ts', 'test/fixtures/lint/**/*.ts'],
    plugins: { local: { rules: { 'no-import-circle': noImportCircle } } },
    rules: { 'local/no-import-circle': 'error' },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: root,
          zones: [
            zone('domain', ['store', 'services', 'http', 'web', 'cli', 'readers'], 'The domain is pure rules: it imports no other part.'),
            zone(
              'readers/sdk',
              ['store', 'services', 'http', 'cli', 'web', 'readers/builder'],
              'The reader SDK runs on the reader: it imports nothing from the server (the domain is allowed).',
            ),
            zone('http', ['store'], 'Routes call services; nothing above services imports the store.'),
            zone('web', ['store', 'services'], 'Pages use the HTTP schemas (type-only imports), never services or the store.'),
            zone('services', ['http', 'web', 'cli'], 'Services sit below http, web and cli.'),
            zone('store', ['services', 'http', 'web', 'cli'], 'The store sits below everything but the domain.'),
          ],
        },
      ],
    },
  },
  {
    // Pages reach the API's schemas for their types only; a value import would bundle Fastify.
    files: ['src/web/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ regex: '(^|/)http/', allowTypeImports: true, message: 'Pages import HTTP schemas as types only.' }] },
      ],
    },
  },
  {
    // The domain and the reader SDK do no I/O. That includes node:crypto: the SDK (which imports the domain)
    // runs on readers that are not Node; it hashes with its own siphash.ts and verifies with WebCrypto for that reason.
    files: ['src/domain/**/*.ts', 'src/readers/sdk/**/*.ts'],
    rules: {
      'import-x/no-nodejs-modules': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ioPackages.flatMap((name) => [name, `${name}/*`]),
              message: 'The domain and the reader SDK do no I/O: no installed package outside PURE_PACKAGES (eslint.config.js).',
            },
          ],
        },
      ],
    },
  },
);
