import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([
    '.next/**',
    '.data/**',
    'node_modules/**',
    'next-env.d.ts',
    // The bare page the page benchmark builds (bench/run.ts) and its generated types.
    'bench/floor/.next/**',
    'bench/floor/next-env.d.ts',
    'test-results/**',
    'playwright-report/**',
  ]),
  {
    rules: {
      // Unused values are mistakes; a leading underscore marks a deliberate omission.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-definitions': ['error', 'type'],
      // Logs go through lib/log.ts (JSON, scrubbed of personal data).
      'no-console': 'error',
      // Translators and formatters kept for the process, not rebuilt for every request (issue 15).
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'next-intl/server',
              importNames: ['getTranslations', 'getFormatter'],
              allowTypeImports: true,
              message: 'Import getTranslations/getFormatter from @/i18n/server (kept for the process).',
            },
          ],
        },
      ],
    },
  },
  // The benchmark's bare page is next-intl as it comes: the floor our pages are measured against.
  { files: ['bench/floor/**'], rules: { 'no-restricted-imports': 'off' } },
  // Rules that need the types: a promise nobody awaits is a lost error, and a switch over a
  // union (request types, states) must handle every member.
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test runs the tests it is given; their promises are its business.
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] },
          ],
        },
      ],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  // Layers point down: app/ and components/ use lib/, lib/ uses db/, db/ uses nothing of ours but
  // the configuration (lib/env.ts). Seeds, test helpers and scripts sit above and may use anything.
  {
    files: ['**/*.ts', '**/*.tsx'],
    // Tests may use the harness (the SMTP sink in scripts/).
    ignores: ['**/*.test.ts'],
    rules: {
      'import/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: ['./db/schema', './db/queries', './db/index.ts', './db/migrate.ts', './db/embedded.ts'],
              from: './lib',
              except: ['./env.ts'],
              message: 'db/ is the bottom layer: pass what it needs in, or move the logic to lib/.',
            },
            { target: './db', from: ['./app', './components', './scripts'], message: 'db/ is the bottom layer.' },
            {
              target: './lib',
              from: ['./app', './components', './scripts'],
              message: 'lib/ must not depend on the UI or the scripts.',
            },
            { target: './components', from: './app', message: 'Shared components must not depend on a page.' },
          ],
        },
      ],
    },
  },
  // One typed configuration: only lib/env.ts reads process.env (lib/env-file.ts loads .env into it). Test and benchmark harnesses and the examples read
  // their own variables (scripts/process-harness.ts gives the processes it spawns PATH and HOME); instrumentation.ts reads Next.js's NEXT_RUNTIME and NEXT_PHASE; the standalone server's preload is
  // plain JavaScript and reads TRUSTED_PROXY_HOPS, which the supervisor validated through lib/env.ts before starting it;
  // next.config.mjs reads CI (a build on a clean CI clone writes no build cache) and DERBES_TYPES_CHECKED (npm test's build,
  // whose types its typecheck stage checks).
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mjs'],
    ignores: [
      'lib/env.ts',
      'lib/env-file.ts',
      'instrumentation.ts',
      'scripts/web-lifecycle.mjs',
      'next.config.mjs',
      'scripts/test.ts',
      'scripts/smtp-sink.ts',
      'playwright.config.ts',
      'e2e/**',
      'bench/**',
      'examples/**',
      'db/testing.ts',
      'scripts/process-harness.ts',
      '**/*.test.ts',
    ],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through env() from lib/env.ts.' },
      ],
    },
  },
  // The logger routes console itself; test and benchmark harnesses and the examples print to the terminal.
  {
    files: [
      'lib/log.ts',
      'scripts/test.ts',
      'scripts/smtp-sink.ts',
      'e2e/**',
      'bench/**',
      'examples/**',
      '**/*.test.ts',
    ],
    rules: { 'no-console': 'off' },
  },
  // Module augmentation (next-intl, Auth.js) can only be written with interfaces.
  { files: ['**/*.d.ts'], rules: { '@typescript-eslint/consistent-type-definitions': 'off' } },
]);
