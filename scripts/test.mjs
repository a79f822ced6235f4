#!/usr/bin/env node
// The whole test suite: what `npm test` (and CI, via .ci/run) runs.
//
//   npm test                         every step below, in order
//   npm test -- --only static        typecheck + lint + import cycles
//   npm test -- --only unit          unit & property tests (Vitest)
//   npm test -- --only e2e           production build + browser tests (Playwright)
//   npm test -- --only static,unit   several groups (or repeat --only)
//
// Steps: typecheck (tsc), lint (eslint), runtime import cycles (scripts/importCycles.mjs), unit & property tests (vitest), production build (vite build),
// browser tests (Chromium found by scripts/findBrowser.mjs, which may install one; then playwright test).
// A failing step does not stop the later ones, except that the browser tests need the production build.
// The exit code is non-zero if any step failed.
//
// At the end it reads test-results/vitest.json and test-results/e2e.json, prints the counts per suite,
// and prints as the very last line `N passed, N failed` (unit + browser tests; `, N skipped` is appended
// when some were skipped). A test file that fails to load counts as one failed test.

import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { findBrowser } from './findBrowser.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const VITEST_JSON = 'test-results/vitest.json';
const E2E_JSON = 'test-results/e2e.json'; // written by the JSON reporter configured in playwright.config.ts
const GROUPS = ['static', 'unit', 'e2e'];

// ---------------------------------------------------------------------------------------------- args

function usage(message) {
  if (message) console.error(`test: ${message}`);
  console.error('usage: node scripts/test.mjs [--only static|unit|e2e[,...]]...');
  process.exit(2);
}

const only = new Set();
{
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    let value;
    if (arg === '--only') value = argv[++i];
    else if (arg.startsWith('--only=')) value = arg.slice('--only='.length);
    else if (arg === '-h' || arg === '--help') usage();
    else usage(`unknown argument ${arg}`);
    if (!value) usage('--only needs a value');
    for (const g of value.split(',').filter(Boolean)) {
      if (!GROUPS.includes(g)) usage(`unknown group ${g} (expected one of ${GROUPS.join(', ')})`);
      only.add(g);
    }
  }
}
const selected = (group) => only.size === 0 || only.has(group);

// ------------------------------------------------------------------------------------------ output

const color = !process.env.NO_COLOR && (process.stdout.isTTY || !!process.env.FORCE_COLOR);
const paint = (code) => (s) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
const bold = paint('1');
const red = paint('31');
const green = paint('32');
const yellow = paint('33');
const dim = paint('2');
const out = (line = '') => process.stdout.write(`${line}\n`);
const seconds = (ms) => `${(ms / 1000).toFixed(1)}s`;

// ----------------------------------------------------------------------------------------- running

/** A local node_modules/.bin tool when present (no npx start-up cost or npm warnings), else through npx. */
function tool(name, args) {
  const win = process.platform === 'win32';
  const local = path.join(ROOT, 'node_modules', '.bin', win ? `${name}.cmd` : name);
  return existsSync(local) ? [local, args] : [win ? 'npx.cmd' : 'npx', [name, ...args]];
}

// Ctrl-C reaches the child through the terminal's process group; SIGTERM (e.g. a cancelled CI job) is
// forwarded as SIGINT. Either way the child may clean up (Playwright stops its web server) and no further step runs.
let current = null;
let interrupted = null;
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    interrupted = sig;
    if (!current) process.exit(sig === 'SIGINT' ? 130 : 143);
    if (sig === 'SIGTERM') current.kill('SIGINT'); // Playwright shuts down cleanly on SIGINT only
  });
}

/** Runs a tool with inherited stdio; resolves to its exit code. */
function run(name, args, env = process.env) {
  const [cmd, argv] = tool(name, args);
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, {
      cwd: ROOT,
      env,
      stdio: 'inherit',
      shell: process.platform === 'win32',
    });
    current = child;
    child.on('error', (err) => {
      current = null;
      console.error(`test: could not start ${cmd}: ${err.message}`);
      resolve(127);
    });
    child.on('close', (code, signal) => {
      current = null;
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

const steps = [
  {
    id: 'typecheck',
    group: 'static',
    title: 'typecheck',
    show: 'tsc --noEmit -p .',
    exec: () => run('tsc', ['--noEmit', '-p', '.']),
  },
  {
    id: 'lint',
    group: 'static',
    title: 'lint',
    show: 'eslint .',
    exec: () => run('eslint', ['.']),
  },
  {
    id: 'cycles',
    group: 'static',
    title: 'runtime import cycles',
    show: 'node scripts/importCycles.mjs',
    // A plain node script, not a tool in node_modules/.bin.
    exec: () => run('node', ['scripts/importCycles.mjs']),
  },
  {
    id: 'unit',
    group: 'unit',
    title: 'unit & property tests',
    show: `vitest run --reporter=default --reporter=json --outputFile=${VITEST_JSON}`,
    exec: () =>
      run('vitest', [
        'run',
        '--reporter=default',
        '--reporter=json',
        `--outputFile=${VITEST_JSON}`,
      ]),
  },
  {
    id: 'build',
    group: 'e2e',
    title: 'production build',
    show: 'vite build',
    exec: () => run('vite', ['build']),
  },
  {
    id: 'e2e',
    group: 'e2e',
    title: 'browser tests',
    show: 'playwright test',
    needs: 'build',
    exec: async () => {
      let chromium;
      const t0 = Date.now();
      try {
        chromium = await findBrowser({ log: (m) => console.error(m) });
      } catch (err) {
        console.error(red(err instanceof Error ? err.message : String(err)));
        return 1;
      }
      out(dim(`Chromium: ${chromium} (located in ${seconds(Date.now() - t0)})`));
      return run('playwright', ['test'], { ...process.env, KAFKASCOPE_CHROMIUM: chromium });
    },
  },
].filter((s) => selected(s.group));

// Stale results from an earlier run must not be counted.
for (const file of [VITEST_JSON, E2E_JSON]) rmSync(path.join(ROOT, file), { force: true });

const results = new Map(); // id -> { status: 'passed' | 'failed' | 'skipped', code?, ms?, reason? }
const started = Date.now();
for (const [i, step] of steps.entries()) {
  if (interrupted) {
    results.set(step.id, { status: 'skipped', reason: 'interrupted' });
    continue;
  }
  if (step.needs && results.get(step.needs)?.status === 'failed') {
    const reason = `${steps.find((s) => s.id === step.needs)?.title ?? step.needs} failed`;
    out();
    out(bold(`━━ [${i + 1}/${steps.length}] ${step.title}: skipped (${reason})`));
    results.set(step.id, { status: 'skipped', reason });
    continue;
  }
  out();
  out(bold(`━━ [${i + 1}/${steps.length}] ${step.title} ${dim(`· ${step.show}`)}`));
  const t0 = Date.now();
  const code = await step.exec();
  const ms = Date.now() - t0;
  const status = code === 0 ? 'passed' : 'failed';
  results.set(step.id, { status, code, ms });
  out(
    status === 'passed'
      ? green(`✔ ${step.title} passed in ${seconds(ms)}`)
      : red(`✘ ${step.title} failed (exit ${code}) in ${seconds(ms)}`),
  );
}

// ----------------------------------------------------------------------------------------- summary

function readJson(file) {
  try {
    return JSON.parse(readFileSync(path.join(ROOT, file), 'utf8'));
  } catch {
    return null;
  }
}

/** Counts from Vitest's JSON reporter; null when there is no report. */
function vitestCounts(report) {
  if (!report || typeof report !== 'object') return null;
  const files = Array.isArray(report.testResults) ? report.testResults : [];
  // A file that failed to load (syntax error, throwing import, ...) has no failed test of its own.
  const brokenFiles = files.filter(
    (f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed'),
  ).length;
  return {
    passed: report.numPassedTests ?? 0,
    failed: (report.numFailedTests ?? 0) + brokenFiles,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
    note:
      files.length === 0 ? 'no test files' : `${files.length} file${files.length === 1 ? '' : 's'}`,
  };
}

/** Counts from Playwright's JSON reporter; null when there is no report. */
function playwrightCounts(report) {
  if (!report || typeof report !== 'object' || !report.stats) return null;
  const s = report.stats;
  // Top-level errors: a spec file that failed to load (then no test runs at all), a failing global
  // setup, and the like. Each counts as one failed test, except "No tests found" (an empty suite counts 0).
  const errors = (Array.isArray(report.errors) ? report.errors : []).filter(
    (e) => !/No tests found/.test(String(e?.message ?? '')),
  ).length;
  const total = (s.expected ?? 0) + (s.flaky ?? 0) + (s.unexpected ?? 0) + (s.skipped ?? 0);
  return {
    passed: (s.expected ?? 0) + (s.flaky ?? 0),
    failed: (s.unexpected ?? 0) + errors,
    skipped: s.skipped ?? 0,
    note: [
      s.flaky ? `${s.flaky} flaky` : '',
      total === 0 ? 'no tests ran' : '',
      errors ? `${errors} error${errors === 1 ? '' : 's'}` : '',
    ]
      .filter(Boolean)
      .join(', '),
  };
}

const suites = [
  {
    step: 'unit',
    label: 'unit & property tests',
    counts: () => vitestCounts(readJson(VITEST_JSON)),
    file: VITEST_JSON,
  },
  {
    step: 'e2e',
    label: 'browser tests',
    counts: () => playwrightCounts(readJson(E2E_JSON)),
    file: E2E_JSON,
  },
];

const fmt = ({ passed, failed, skipped }) =>
  `${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`;

out();
out(bold(`━━ summary (${seconds(Date.now() - started)})`));
for (const step of steps) {
  const r = results.get(step.id);
  const name = step.title.padEnd(24);
  if (r.status === 'passed') out(`  ${green('✔')} ${name}${seconds(r.ms)}`);
  else if (r.status === 'failed')
    out(`  ${red('✘')} ${name}${seconds(r.ms)}  ${red(`exit ${r.code}`)}`);
  else out(`  ${yellow('-')} ${name}skipped (${r.reason})`);
}
out();

const total = { passed: 0, failed: 0, skipped: 0 };
for (const suite of suites) {
  const r = results.get(suite.step);
  if (!r) continue; // not selected
  const label = `${suite.label}:`.padEnd(24);
  if (r.status === 'skipped') {
    out(`  ${label}not run`);
    continue;
  }
  const c = suite.counts();
  if (!c) {
    out(
      `  ${label}${r.status === 'failed' ? red('no results') : 'no results'} ${dim(`(no ${suite.file})`)}`,
    );
    continue;
  }
  total.passed += c.passed;
  total.failed += c.failed;
  total.skipped += c.skipped;
  out(`  ${label}${fmt(c)}${c.note ? dim(` (${c.note})`) : ''}`);
}

const failedSteps = steps.filter((s) => results.get(s.id).status === 'failed').map((s) => s.title);
if (failedSteps.length) out(red(`failed: ${failedSteps.join(', ')}`));
if (interrupted) out(yellow(`interrupted by ${interrupted}`));
out(fmt(total)); // must stay the very last line of output

process.exitCode = failedSteps.length || interrupted ? 1 : 0;
