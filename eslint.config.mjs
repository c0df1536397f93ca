import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Dependencies point one way: the server composes the workflow code, never the reverse, and
 * the pure core (compiler, engine, expressions, simulation) knows no Temporal and no database. Type-only
 * imports are refused too: a type pulled from the server still ties the two together.
 */
const serverImports = [
  {
    // Relative paths that climb into the repository's server folder, or an alias for it.
    regex: '^(\\.{1,2}/(.*/)?|#)?server(/|$)',
    message:
      'workflows/ must not depend on server/: the server imports workflows, not the reverse.',
  },
  { regex: '^@nestjs/', message: 'workflows/ must not depend on NestJS.' },
];
const runtimeImports = [
  {
    regex: '^@temporalio/',
    message: 'The pure core must not depend on Temporal: only workflows/temporal may.',
  },
  {
    regex: '^(typeorm|pg)(/|$)',
    message: 'The pure core must not touch the database: the server writes effects.',
  },
];

export default defineConfig(
  globalIgnores(['**/node_modules/', 'dist/', 'designer/dist/', '.data/', 'coverage/']),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['designer/src/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['workflows/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: serverImports }] },
  },
  {
    files: [
      'workflows/engine/**',
      'workflows/expressions/**',
      'workflows/bpmn/**',
      'workflows/simulation/**',
    ],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...serverImports, ...runtimeImports] }],
    },
  },
  {
    files: ['**/*.test.ts', '**/*.spec.ts', '**/test/**/*.ts'],
    languageOptions: { globals: { ...globals.jest } },
  },
  {
    // Jest reads its config as CommonJS.
    files: ['jest.config.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
