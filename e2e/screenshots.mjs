#!/usr/bin/env node
// Screenshots of the first view, light and dark, for docs/screenshots/.
//
//   npx vite build && node e2e/screenshots.mjs [--url http://localhost:4173/?t=12.02s] [--out docs/screenshots]
//
// Uses the server at --url when one answers there; otherwise starts `vite preview` on :4173 for the
// production build in dist/ and stops it afterwards. Chromium comes from scripts/findBrowser.mjs.

import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { findBrowser } from '../scripts/findBrowser.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i === -1 ? fallback : args[i + 1];
};
// 12.02 s: the web-shop burst is being replicated: records above the high watermark, flights on the wire.
const url = option('--url', 'http://localhost:4173/?t=12.02s');
const outDir = path.resolve(ROOT, option('--out', 'docs/screenshots'));

async function answers(target) {
  try {
    return (await fetch(target)).ok;
  } catch {
    return false;
  }
}

async function startPreview() {
  const child = spawn(
    path.join(ROOT, 'node_modules', '.bin', 'vite'),
    ['preview', '--port', '4173', '--strictPort'],
    {
      cwd: ROOT,
      stdio: 'ignore',
    },
  );
  for (let i = 0; i < 100; i++) {
    if (await answers(new URL('/', url))) return child;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill();
  throw new Error('vite preview did not start on :4173 (run `npx vite build` first?)');
}

const server = (await answers(new URL('/', url))) ? null : await startPreview();
const browser = await chromium.launch({ executablePath: await findBrowser({ install: false }) });
try {
  mkdirSync(outDir, { recursive: true });
  for (const colorScheme of ['light', 'dark']) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme });
    await page.goto(url);
    await page.waitForSelector('#app[data-status="ready"]', { timeout: 20_000 });
    await page.waitForTimeout(300); // fonts and the first drawn frame
    const file = path.join(outDir, `first-view-${colorScheme}.png`);
    await page.screenshot({ path: file });
    console.log(path.relative(ROOT, file));
    await page.close();
  }
} finally {
  await browser.close();
  server?.kill();
}
