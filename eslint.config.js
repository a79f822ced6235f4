// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import path from 'node:path';

/** Imports a layer may not make at runtime (type-only imports across layers are allowed). */
const layer = (patterns) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: patterns.map((group) => ({
        group,
        allowTypeImports: true,
        message: 'Crosses a layer boundary (see docs/architecture.md).',
      })),
    },
  ],
});

/**
 * Layers meet at their public faces. A file in a layer (a folder of src/, e2e/ or scripts/)
 * imports another layer only through that layer's entries: its index, plus those named here.
 * The files at the top of src/ (main.tsx wires the app together) belong to no layer.
 */
const LAYER_ENTRIES = {
  // tools: the fuzzer, the benchmark and test helpers; light: helpers with no engine code
  // behind them, for the page's first screen (the engine loads after the first picture).
  'src/engine': ['index', 'tools', 'light'],
  'src/runtime': ['index', 'light'], // light: the first screen's part, without the engine
  'src/viz': ['index', 'scenes'], // scenes: without the processing view's layouts
  'src/cli': ['main'], // what bin/kafkascope.js runs
};

/** Deep imports made on purpose: the importing files (a pattern), the modules, and why. */
const DEEP_IMPORTS_ALLOWED = [
  {
    from: /^src\/ui\/lessons\.ts$/,
    modules: ['src/scenario/course'],
    why: 'The lesson list is in the first paint; the scenario index would pull the YAML parser and zod into it (they load later: store/scenarioModule.ts).',
  },
  {
    from: /^src\/ui\/questionHelp\.ts$/,
    modules: ['src/scenario/expectSyntax'],
    why: "The question card reads an answer's expression with the language's own parser; the scenario index would pull the YAML parser and zod into the card's chunk.",
  },
  {
    from: /^src\/ui\/ChallengeList\.tsx$/,
    modules: ['src/scenario/challengeList'],
    why: 'The challenges load with the lessons menu; the scenario index would pull the YAML parser and zod in with them.',
  },
  {
    from: /^src\/store\/precompiledScenarios\.ts$/,
    modules: ['src/scenario/precompiled', 'src/scenario/textHash'],
    why: 'Built-in scenarios compiled at build time are revived without the YAML parser and zod, which the scenario index would pull into the first picture; the text fingerprint is checked before the engine loads.',
  },
  {
    from: /^src\/store\/(engineSide|firstFrame)\.ts$/,
    modules: ['src/scenario/precompiled', 'src/runtime/simulationDriver'],
    why: 'What loads after the first picture (the driver and the revival of precompiled scenarios) is one chunk of its own; the indexes would pull the YAML parser and zod into it.',
  },
  {
    from: /^src\/store\/playbackSlice\.ts$/,
    modules: ['src/scenario/questionRules'],
    why: 'The player asks questions on the first screen (a lesson opened at one): their rules are light; the scenario index would pull the YAML parser and zod into the first paint.',
  },
  {
    from: /^src\/store\/shareLink\.ts$/,
    modules: ['src/scenario/commands'],
    why: "Share links check commands with their codecs' schemas; the scenario index would pull the YAML parser into the first paint.",
  },
  {
    from: /\.test\.tsx?$/,
    modules: ['src/store/testKit'],
    why: "The store's test kit (a fake host, a store with a scenario loaded) for component tests.",
  },
  {
    from: /^scripts\/benchEventSearch\.ts$/,
    modules: ['src/cli/seekBench', 'src/ui/eventSearch'],
    why: "A benchmark: the seek bench's 10-minute run, and the event list's search index it measures.",
  },
  {
    from: /^e2e\/screenshots\.mjs$/,
    modules: ['scripts/findBrowser'],
    why: 'The screenshot script finds the browser the way the e2e runner does.',
  },
  {
    from: /^scripts\/conformance\/rules\//,
    modules: [
      'src/engine/partitioner',
      'src/engine/replication/placement',
      'src/engine/logSegments',
      'src/engine/retention',
    ],
    why: "The rules oracle judges the partitioners, the placement rules, and segment rolling and retention themselves, functions the engine's public face does not export (the log cleaner's it does).",
  },
];

const ROOT = import.meta.dirname;
const posix = (file) => path.relative(ROOT, file).split(path.sep).join('/');
const layerOf = (rel) => /^(src\/[^/]+|e2e|scripts)\//.exec(rel)?.[1] ?? null;

/** @type {import('eslint').Rule.RuleModule} */
const layerEntries = {
  meta: {
    type: 'problem',
    schema: [],
    messages: {
      deep:
        "'{{source}}' reaches inside {{target}}: import from {{entries}} (export it there), or " +
        'allowlist this deep import in eslint.config.js with the reason (see docs/architecture.md).',
    },
  },
  create(context) {
    const file = posix(context.filename);
    const layer = layerOf(file);
    if (layer === null) return {};
    /** @param {import('estree').Node & { source?: import('estree').Node | null }} node */
    const check = (node) => {
      const source = node.source;
      if (source?.type !== 'Literal' || typeof source.value !== 'string') return;
      if (!source.value.startsWith('.')) return;
      const target = posix(path.resolve(path.dirname(context.filename), source.value))
        .replace(/\.(tsx?|mjs|js)$/, '')
        .replace(/\/index$/, '');
      const targetLayer = layerOf(`${target}/`);
      if (targetLayer === null || targetLayer === layer || target === targetLayer) return;
      const entries = LAYER_ENTRIES[targetLayer] ?? ['index'];
      if (entries.some((entry) => target === `${targetLayer}/${entry}`)) return;
      if (DEEP_IMPORTS_ALLOWED.some((a) => a.from.test(file) && a.modules.includes(target))) return;
      context.report({
        node: source,
        messageId: 'deep',
        data: {
          target: targetLayer,
          source: source.value,
          entries: entries.map((entry) => `${targetLayer}/${entry}`).join(' or '),
        },
      });
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};

export default tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'public/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { local: { rules: { 'layer-entries': layerEntries } } },
    rules: { 'local/layer-entries': 'error' },
  },
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
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
  // The engine imports only itself: at each folder depth, a path that climbs out of src/engine.
  ...['src/engine/*.ts', 'src/engine/*/*.ts', 'src/engine/*/*/*.ts'].map((glob, depth) => ({
    files: [glob],
    ignores: ['src/engine/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(?!\\.)', message: 'src/engine imports nothing outside itself.' },
            {
              group: [`${'../'.repeat(depth + 1)}*`],
              message: 'src/engine imports nothing outside itself.',
            },
          ],
        },
      ],
    },
  })),
  // The engine is deterministic: it imports only itself and touches no clock, randomness, timers or DOM.
  {
    files: ['src/engine/**/*.ts'],
    ignores: ['src/engine/**/*.test.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-globals': [
        'error',
        'window',
        'document',
        'navigator',
        'localStorage',
        'sessionStorage',
        'performance',
        'setTimeout',
        'setInterval',
        'clearTimeout',
        'clearInterval',
        'requestAnimationFrame',
        'queueMicrotask',
        'fetch',
        'process',
        'crypto',
      ],
      'no-restricted-properties': [
        'error',
        {
          object: 'Math',
          property: 'random',
          message: 'Use the seeded generator held in the world.',
        },
        { object: 'Date', property: 'now', message: 'The engine has virtual time only.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date']",
          message: 'The engine has virtual time only.',
        },
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
  {
    files: ['src/scenario/**/*.ts'],
    ignores: ['src/scenario/**/*.test.ts'],
    rules: layer([
      [
        '**/store/**',
        '**/viz/**',
        '**/ui/**',
        '**/cli/**',
        'react',
        'react-dom',
        'zustand',
        'd3-*',
      ],
    ]),
  },
  // The runtime is headless: the engine and scenario below it, nothing of the app above it.
  {
    files: ['src/runtime/**/*.ts'],
    ignores: ['src/runtime/**/*.test.ts'],
    rules: layer([
      [
        '**/store/**',
        '**/viz/**',
        '**/ui/**',
        '**/cli/**',
        'react',
        'react-dom',
        'zustand',
        'zustand/*',
        'd3-*',
      ],
    ]),
  },
  {
    files: ['src/store/**/*.ts'],
    ignores: ['src/store/**/*.test.ts'],
    rules: layer([['**/viz/**', '**/ui/**', '**/cli/**', 'react-dom', 'd3-*']]),
  },
  // viz may read the runtime's types (activity), never its values.
  {
    files: ['src/viz/**/*.ts'],
    ignores: ['src/viz/**/*.test.ts'],
    rules: layer([
      [
        '**/runtime/**',
        '**/store/**',
        '**/ui/**',
        '**/cli/**',
        '**/scenario/**',
        'react',
        'react-dom',
        'zustand',
      ],
    ]),
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    ignores: ['src/ui/**/*.test.{ts,tsx}'],
    rules: layer([['**/cli/**']]),
  },
);
