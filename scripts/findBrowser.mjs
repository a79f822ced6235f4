#!/usr/bin/env node
// Locates a Chromium executable for the Playwright browser tests.
//
//   node scripts/findBrowser.mjs            prints the absolute path on stdout (progress goes to stderr)
//   node scripts/findBrowser.mjs --no-install   only looks, never installs
//
// Search order:
//   a. $KAFKASCOPE_CHROMIUM (or $CHROMIUM_PATH): used as is; an error if it names no executable file.
//   b. Playwright's own Chromium (`npx playwright install chromium` puts it in ~/.cache/ms-playwright).
//   c. A system Chromium / Chrome (Debian's /usr/lib/chromium/chromium first, then the usual names on $PATH).
//   d. `npx playwright install chromium` (bounded by a timeout: it fails within seconds without internet).
//   e. As root with apt-get: `apt-get update && apt-get install -y chromium`, then (c) again.
// Candidates found in (b) and (c) must answer `--version`, so a browser missing its shared libraries is skipped.

import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Absolute paths tried, in order, before searching $PATH. */
export const SYSTEM_PATHS = [
  '/usr/lib/chromium/chromium', // Debian: the real binary, without the launcher script in /usr/bin
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

/** Names looked up on $PATH (like `which`). */
export const PATH_NAMES = [
  'chromium',
  'chromium-browser',
  'google-chrome',
  'google-chrome-stable',
  'chrome',
];

const HOW_TO =
  'No Chromium found for the browser tests. Get one with any of:\n' +
  '  export KAFKASCOPE_CHROMIUM=/path/to/chromium      # use a browser you already have\n' +
  '  sudo apt-get install -y chromium                  # Debian/Ubuntu system package\n' +
  "  npx playwright install chromium                   # Playwright's own build (needs internet)";

const PLAYWRIGHT_INSTALL_TIMEOUT_MS = 5 * 60_000;
const APT_TIMEOUT_MS = 15 * 60_000;

function isExecutableFile(file) {
  try {
    if (!statSync(file).isFile()) return false;
    if (process.platform !== 'win32') accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Runs `<file> --version`; returns the version text or null when the binary cannot start. */
function probe(file) {
  const r = spawnSync(file, ['--version'], {
    encoding: 'utf8',
    timeout: 20_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.error || r.status !== 0) return null;
  return (r.stdout || '').trim() || 'unknown version';
}

function onPath(name, envPath) {
  for (const dir of (envPath || '').split(path.delimiter)) {
    if (!dir) continue;
    const file = path.join(dir, name);
    if (isExecutableFile(file)) return file;
  }
  return null;
}

async function playwrightChromiumPath() {
  for (const mod of ['@playwright/test', 'playwright-core']) {
    try {
      const { chromium } = await import(mod);
      const file = chromium.executablePath();
      if (file) return file;
    } catch {
      // not installed, or no Playwright build for this platform
    }
  }
  return null;
}

/** Streams a command's output to stderr (stdout stays clean for the printed path); resolves to its exit code. */
function runStreaming(cmd, args, { timeoutMs, log, env = process.env }) {
  return new Promise((resolve) => {
    let child;
    try {
      child = spawn(cmd, args, {
        cwd: ROOT,
        env,
        stdio: ['ignore', process.stderr, process.stderr],
        detached: process.platform !== 'win32', // own process group, so a timeout kills npx and its children
        shell: process.platform === 'win32',
      });
    } catch (err) {
      log(`findBrowser: could not start ${cmd}: ${err.message}`);
      resolve(1);
      return;
    }
    const timer = setTimeout(() => {
      log(
        `findBrowser: ${cmd} ${args.join(' ')} still running after ${Math.round(timeoutMs / 1000)}s, stopping it`,
      );
      try {
        if (process.platform === 'win32') child.kill();
        else process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      log(`findBrowser: could not start ${cmd}: ${err.message}`);
      resolve(1);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

/**
 * Returns the absolute path of a usable Chromium executable, installing one when allowed.
 *
 * @param {object} [options]
 * @param {boolean} [options.install=true] try `npx playwright install chromium`, then apt-get (as root)
 * @param {(msg: string) => void} [options.log=console.error] progress messages
 * @param {Record<string, string | undefined>} [options.env=process.env] environment read for overrides and $PATH
 * @param {boolean} [options.playwright=true] consider Playwright's own Chromium
 * @param {string[]} [options.systemPaths=SYSTEM_PATHS] absolute paths to try before $PATH
 * @returns {Promise<string>}
 */
export async function findBrowser({
  install = true,
  log = console.error,
  env = process.env,
  playwright = true,
  systemPaths = SYSTEM_PATHS,
} = {}) {
  // a. explicit override
  for (const name of ['KAFKASCOPE_CHROMIUM', 'CHROMIUM_PATH']) {
    const value = env[name];
    if (!value) continue;
    const file = path.resolve(value);
    if (!existsSync(file))
      throw new Error(
        `${name}=${value} but no such file exists. Point it at a Chromium executable, or unset it.`,
      );
    if (!isExecutableFile(file))
      throw new Error(
        `${name}=${value} is not an executable file. Point it at a Chromium executable, or unset it.`,
      );
    return file;
  }

  const usable = (file, where) => {
    if (!file || !isExecutableFile(file)) return null;
    const version = probe(file);
    if (!version) {
      log(
        `findBrowser: skipping ${where} ${file}: it does not start (\`${file} --version\` failed; missing libraries?)`,
      );
      return null;
    }
    return path.resolve(file);
  };

  // b. Playwright's own Chromium
  const findPlaywright = async () =>
    playwright ? usable(await playwrightChromiumPath(), "Playwright's Chromium") : null;
  // c. system Chromium / Chrome
  const findSystem = () => {
    for (const file of systemPaths) {
      const found = usable(file, 'system browser');
      if (found) return found;
    }
    for (const name of PATH_NAMES) {
      const found = usable(onPath(name, env.PATH), 'browser on $PATH');
      if (found) return found;
    }
    return null;
  };

  let found = (await findPlaywright()) ?? findSystem();
  if (found || !install) {
    if (found) return found;
    throw new Error(HOW_TO);
  }

  // d. Playwright's downloader (needs internet access to cdn.playwright.dev)
  log('findBrowser: no Chromium found; trying `npx playwright install chromium` ...');
  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
  const pwCode = await runStreaming(npx, ['--no-install', 'playwright', 'install', 'chromium'], {
    timeoutMs: PLAYWRIGHT_INSTALL_TIMEOUT_MS,
    log,
    env: {
      ...process.env,
      PLAYWRIGHT_DOWNLOAD_CONNECTION_TIMEOUT:
        process.env.PLAYWRIGHT_DOWNLOAD_CONNECTION_TIMEOUT ?? '20000',
    },
  });
  if (pwCode === 0) {
    found = await findPlaywright();
    if (found) return found;
    log(
      'findBrowser: `npx playwright install chromium` finished but its Chromium does not start here.',
    );
  } else {
    log(`findBrowser: \`npx playwright install chromium\` failed (exit ${pwCode}).`);
  }

  // e. Debian/Ubuntu package, when we are root
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const aptGet = onPath('apt-get', env.PATH ?? process.env.PATH);
  if (isRoot && aptGet) {
    log('findBrowser: installing Chromium with apt-get (about a minute) ...');
    const aptEnv = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const updateCode = await runStreaming(aptGet, ['update'], {
      timeoutMs: APT_TIMEOUT_MS,
      log,
      env: aptEnv,
    });
    const installCode =
      updateCode === 0
        ? await runStreaming(aptGet, ['install', '-y', 'chromium'], {
            timeoutMs: APT_TIMEOUT_MS,
            log,
            env: aptEnv,
          })
        : updateCode;
    if (installCode !== 0) log(`findBrowser: apt-get failed (exit ${installCode}).`);
    found = findSystem();
    if (found) return found;
  } else if (!isRoot && aptGet) {
    log('findBrowser: not root, so not running `apt-get install -y chromium` myself.');
  }

  throw new Error(HOW_TO);
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  try {
    const file = await findBrowser({ install: !process.argv.includes('--no-install') });
    process.stdout.write(`${file}\n`);
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
}
