#!/usr/bin/env node
// The first picture: how long a cold page takes to draw the cluster, and every byte of
// JavaScript it fetched before it.
//
//   node scripts/firstPicture.mjs [--no-build] [--runs 5] [--query '?scenario=keys'] [--dist dir] [--json]
//
// Builds the production app (unless --no-build), serves dist/ with `vite preview` on a free
// port, opens the page `--runs` times in headless Chromium, each in a fresh browser context
// (cold HTTP cache, no saved session), and prints the median of:
//   - the first picture: from navigation (performance.timeOrigin) to the first animation
//     frame after `svg.cluster g.broker` is in the page with a size (the frame that shows it);
//   - every script response from navigation until then, each gzipped here (vite preview does
//     not compress), with its total, per file, and the request chain depth: the HTML is step
//     0, a script the HTML names (entry or modulepreload) step 1, a script requested by a
//     script of step n step n + 1 (read from the files' text: see assignSteps).
// kB are 1000 bytes (as Vite prints them). `--dist <dir>` serves another build (no build).
// Bars (issue 15): first picture <= 1000 ms, JS before it <= 150 kB gzip.
//
// `measureFirstPicture(browser, url)` is also used by scripts/benchUi.mjs.

import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Bars of issue 15. */
export const FIRST_PICTURE_BAR_MS = 1000;
export const FIRST_PICTURE_JS_BAR_KB = 150;

/** What the first picture is: a drawn broker of the cluster view. */
export const FIRST_PICTURE_SELECTOR = 'svg.cluster g.broker';

/**
 * Runs in the page before any of its scripts: notes the first frame that shows a drawn
 * broker (performance.now(), i.e. ms from navigation start).
 */
function watchFirstPicture(selector) {
  const found = () => {
    const el = document.querySelector(selector);
    if (el === null) return false;
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  };
  window.__firstPicture = { inDomMs: null, frameMs: null };
  const observer = new MutationObserver(() => {
    if (window.__firstPicture.inDomMs !== null || !found()) return;
    window.__firstPicture.inDomMs = performance.now();
    observer.disconnect();
    requestAnimationFrame(() => {
      window.__firstPicture.frameMs = performance.now();
    });
  });
  observer.observe(document, { childList: true, subtree: true, attributes: true });
}

/**
 * Opens `url` in a fresh context of `browser` (cold cache) and measures the first picture.
 * Returns { ms, inDomMs, timing, scripts: [{ url, file, bytes, gzip, step, startMs }],
 * gzipTotal, steps }.
 */
export async function measureFirstPicture(
  browser,
  url,
  { selector = FIRST_PICTURE_SELECTOR } = {},
) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  try {
    const page = await context.newPage();
    await page.addInitScript(watchFirstPicture, selector);
    const bodies = new Map();
    page.on('response', async (response) => {
      bodies.set(
        response.url(),
        response.body().catch(() => null),
      );
    });
    const navigation = await page.goto(url);
    const html = navigation === null ? '' : await navigation.text().catch(() => '');
    await page.waitForFunction(() => window.__firstPicture?.frameMs != null, null, {
      timeout: 60_000,
    });
    const seen = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const t = performance.timing;
      return {
        ...window.__firstPicture,
        timing: {
          responseEnd: nav?.responseEnd ?? t.responseEnd - t.navigationStart,
          domInteractive: nav?.domInteractive ?? t.domInteractive - t.navigationStart,
          domContentLoaded:
            nav?.domContentLoadedEventEnd ?? t.domContentLoadedEventEnd - t.navigationStart,
          loadEventEnd: nav?.loadEventEnd ?? t.loadEventEnd - t.navigationStart,
        },
        resources: performance
          .getEntriesByType('resource')
          .map((r) => ({ url: r.name, startMs: r.startTime, endMs: r.responseEnd })),
      };
    });
    const before = seen.resources.filter(
      (r) => r.startMs <= seen.frameMs && /\.m?js(\?|$)/.test(new URL(r.url).pathname),
    );
    const scripts = [];
    for (const r of before) {
      const body = await (bodies.get(r.url) ?? Promise.resolve(null));
      const bytes = body ?? Buffer.from(await (await fetch(r.url)).arrayBuffer());
      scripts.push({
        url: r.url,
        file: new URL(r.url).pathname.split('/').pop(),
        bytes: bytes.length,
        gzip: gzipSync(bytes).length,
        text: bytes.toString('utf8'),
        startMs: r.startMs,
        endMs: r.endMs,
      });
    }
    // The HTML as served (the page's address may have changed since: the app reflects its state).
    assignSteps(scripts, html);
    scripts.sort((a, b) => a.step - b.step || b.gzip - a.gzip);
    return {
      ms: seen.frameMs,
      inDomMs: seen.inDomMs,
      timing: seen.timing,
      scripts,
      gzipTotal: scripts.reduce((n, s) => n + s.gzip, 0),
      steps: scripts.reduce((n, s) => Math.max(n, s.step), 0),
    };
  } finally {
    await context.close();
  }
}

/**
 * The request chain depth of each script: the scripts the HTML names are step 1, and a script
 * named in the text of a step-n script (a static import, or a dynamic import with its preload
 * list) is step n + 1, at the earliest. (Chromium reports module requests' initiator as
 * "about:client", so the chain is read from the files themselves.)
 */
function assignSteps(scripts, html) {
  const queue = [];
  for (const s of scripts) {
    s.step = html.includes(s.file) ? 1 : Infinity;
    if (s.step === 1) queue.push(s);
  }
  while (queue.length > 0) {
    const from = queue.shift();
    for (const to of scripts)
      if (to.step > from.step + 1 && from.text.includes(to.file)) {
        to.step = from.step + 1;
        queue.push(to);
      }
  }
  for (const s of scripts) delete s.text;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The run whose first picture is the median one (its scripts are reported). */
export function medianRun(runs) {
  const sorted = [...runs].sort((a, b) => a.ms - b.ms);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

export function describeScripts(run) {
  const kb = (n) => (n / 1000).toFixed(1);
  return run.scripts.map((s) => `${s.file} ${kb(s.gzip)} (step ${s.step})`).join(', ');
}

// ------------------------------------------------------------------------------------------ CLI

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function answers(url) {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}

function runTool(cmd, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} exited ${code}`)),
    );
  });
}

async function main() {
  const argv = process.argv.slice(2);
  const option = (name, fallback) =>
    argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback;
  const runs = Number(option('--runs', '5')) || 5;
  const query = option('--query', '');
  const vite = path.join(ROOT, 'node_modules', '.bin', 'vite');
  if (!argv.includes('--no-build') && !argv.includes('--dist')) await runTool(vite, ['build']);
  const port = await freePort();
  const base = `http://localhost:${port}/`;
  const outDir = option('--dist', 'dist');
  const server = spawn(
    vite,
    ['preview', '--port', String(port), '--strictPort', '--outDir', outDir],
    {
      cwd: ROOT,
      stdio: 'ignore',
    },
  );
  const { chromium } = await import('@playwright/test');
  const { findBrowser } = await import('./findBrowser.mjs');
  let browser = null;
  try {
    for (let i = 0; i < 100 && !(await answers(base)); i++)
      await new Promise((r) => setTimeout(r, 100));
    browser = await chromium.launch({ executablePath: await findBrowser({ install: false }) });
    const results = [];
    for (let i = 0; i < runs; i++) {
      const run = await measureFirstPicture(browser, base + query);
      results.push(run);
      console.error(
        `  run ${i + 1}: first picture ${run.ms.toFixed(0)} ms, JS ${(run.gzipTotal / 1000).toFixed(1)} kB gzip in ${run.scripts.length} files, ${run.steps} steps`,
      );
    }
    if (argv.includes('--json')) {
      console.log(JSON.stringify(results, null, 2));
      return;
    }
    const mid = medianRun(results);
    const ms = median(results.map((r) => r.ms));
    const kb = median(results.map((r) => r.gzipTotal)) / 1000;
    console.log(`first picture of ${base}${query} (headless Chromium, cold, median of ${runs})`);
    console.log(
      `  first picture: ${ms.toFixed(0)} ms after navigation (drawn broker in the DOM at ${median(results.map((r) => r.inDomMs)).toFixed(0)} ms; HTML responseEnd ${median(results.map((r) => r.timing.responseEnd)).toFixed(0)} ms, DOMContentLoaded ${median(results.map((r) => r.timing.domContentLoaded)).toFixed(0)} ms) ${ms <= FIRST_PICTURE_BAR_MS ? 'OK' : 'OVER BAR'}`,
    );
    console.log(
      `  JS before it: ${kb.toFixed(1)} kB gzip in ${mid.scripts.length} files, ${mid.steps} request steps from the HTML ${kb <= FIRST_PICTURE_JS_BAR_KB ? 'OK' : 'OVER BUDGET'}`,
    );
    console.log(`    ${describeScripts(mid)}`);
  } finally {
    await browser?.close();
    server.kill();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
