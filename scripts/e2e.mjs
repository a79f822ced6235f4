#!/usr/bin/env node
// Browser tests: `npm run test:e2e [-- options]`
//
//   1. locates Chromium (scripts/findBrowser.mjs; may install one, see there),
//   2. builds the production app (`vite build`) unless --no-build is given,
//   3. runs `playwright test` with KAFKASCOPE_CHROMIUM set; every other argument is passed through,
//      e.g.  npm run test:e2e -- --no-build e2e/topics.spec.ts --grep "rebalance" --headed
//
// Exits with Playwright's exit code (or the build's, if the build fails).

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { findBrowser } from './findBrowser.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** A local node_modules/.bin tool when present (no npx start-up cost or npm warnings), else through npx. */
function tool(name, args) {
  const win = process.platform === 'win32';
  const local = path.join(ROOT, 'node_modules', '.bin', win ? `${name}.cmd` : name);
  return existsSync(local) ? [local, args] : [win ? 'npx.cmd' : 'npx', [name, ...args]];
}

// Ctrl-C reaches the child through the terminal's process group; SIGTERM (e.g. a cancelled CI job) is
// forwarded as SIGINT. Either way we wait for the child to finish cleaning up (Playwright stops its web server).
let current = null;
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    if (!current) process.exit(sig === 'SIGINT' ? 130 : 143);
    if (sig === 'SIGTERM') current.kill('SIGINT'); // Playwright shuts down cleanly on SIGINT only
  });
}

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
      console.error(`e2e: could not start ${cmd}: ${err.message}`);
      resolve(1);
    });
    child.on('close', (code, signal) => {
      current = null;
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

const argv = process.argv.slice(2);
const build = !argv.includes('--no-build');
const passThrough = argv.filter((a) => a !== '--no-build');

let chromium;
try {
  chromium = await findBrowser();
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
}
console.error(`e2e: Chromium ${chromium}`);

if (build) {
  const code = await run('vite', ['build']);
  if (code !== 0) {
    console.error(`e2e: vite build failed (exit ${code})`);
    process.exit(code);
  }
}

const code = await run('playwright', ['test', ...passThrough], {
  ...process.env,
  KAFKASCOPE_CHROMIUM: chromium,
});
process.exit(code);
