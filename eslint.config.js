// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/** Imports a layer may not make at runtime (type-only imports across layers are allowed). */
const layer = (patterns) => ({
  'no-restricted-imports': [
    'error',
    { patterns: patterns.map((group) => ({ group, allowTypeImports: true, message: 'Crosses a layer boundary (see shared style: the house).' })) },
  ],
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'public/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  // Every kind is handled: a switch over a union names each member, so a new command, event
  // or task fails lint at every switch that has not decided what to do with it. A `default`
  // does not count as handling (it would absorb new members silently); it may stay as a
  // `never` guard. A switch over a plain string or number needs a default.
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        {
          considerDefaultExhaustiveForUnions: false,
          allowDefaultCaseForExhaustiveSwitch: true,
          requireDefaultForNonUnion: true,
        },
      ],
    },
  },
  {
    files: ['src/**/*.tsx', 'src/ui/**/*.ts', 'src/store/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  // The engine is deterministic: it imports only itself and touches no clock, randomness, timers or DOM.
  {
    files: ['src/engine/**/*.ts'],
    ignores: ['src/engine/**/*.test.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(?!\\.)', message: 'src/engine imports nothing outside itself.' },
            { group: ['../../*', '../../../*'], message: 'src/engine imports nothing outside itself.' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        'window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'performance',
        'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'requestAnimationFrame',
        'queueMicrotask', 'fetch', 'process', 'crypto',
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use the seeded generator held in the world.' },
        { object: 'Date', property: 'now', message: 'The engine has virtual time only.' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date']", message: 'The engine has virtual time only.' },
      ],
    },
  },
  // No focused tests: `.only` (it, test, describe, Playwright's test.describe.only and
  // test.describe.serial.only) silently skips every other test of the run.
  {
    files: ['src/**/*.test.{ts,tsx}', 'scripts/**/*.test.ts', 'e2e/**/*.{ts,mjs}'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: [
            "MemberExpression[property.name='only'][object.name=/^(describe|it|test|suite|bench)$/]",
            "MemberExpression[property.name='only'][object.object.name=/^(describe|it|test|suite|bench)$/]",
            "MemberExpression[property.name='only'][object.object.object.name=/^(describe|it|test|suite)$/]",
          ].join(', '),
          message: 'A focused test (.only) skips all the others: remove it before committing.',
        },
      ],
    },
  },
  { files: ['src/scenario/**/*.ts'], ignores: ['src/scenario/**/*.test.ts'], rules: layer([['**/store/**', '**/viz/**', '**/ui/**', '**/cli/**', 'react', 'react-dom', 'zustand', 'd3-*']]) },
  { files: ['src/store/**/*.ts'], ignores: ['src/store/**/*.test.ts'], rules: layer([['**/viz/**', '**/ui/**', '**/cli/**', 'react-dom', 'd3-*']]) },
  { files: ['src/viz/**/*.ts'], ignores: ['src/viz/**/*.test.ts'], rules: layer([['**/store/**', '**/ui/**', '**/cli/**', '**/scenario/**', 'react', 'react-dom', 'zustand']]) },
  { files: ['src/ui/**/*.{ts,tsx}'], ignores: ['src/ui/**/*.test.{ts,tsx}'], rules: layer([['**/cli/**']]) },
);
