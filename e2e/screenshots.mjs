#!/usr/bin/env node
// Screenshots of the main states, light and dark, for docs/screenshots/.
//
//   npx vite build && node e2e/screenshots.mjs [--only name,…] [--out docs/screenshots] [--base http://localhost:4173/]
//
// `--only processing` takes the processing view's shots (lessons 13–16, presenter, embed, phone).
// `--only stage` takes every shot whose name starts with "stage" (presenter at 1024×768, 1280×720
// and 1920×1080 for lessons 4, 8, 10, 11; embeds at 800×500 and 600×400; the phone).
// Uses the server at --base when one answers there; otherwise starts `vite preview` on :4173 for the
// production build in dist/ and stops it afterwards. Chromium comes from scripts/findBrowser.mjs.
// Each shot opens a built-in scenario paused at a moment (?t=…), optionally acts through the UI,
// and is saved as <name>-light.png and <name>-dark.png.

import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
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
const base = option('--base', 'http://localhost:4173/');
const outDir = path.resolve(ROOT, option('--out', 'docs/screenshots'));
const only = option('--only', null)?.split(',');

/** name → query and what to do before the picture. */
const SHOTS = [
  // The first lesson mid-burst: records above the high watermark, flights on the wire.
  { name: 'first-view', query: '?t=12.02s' },
  // Steady state: two groups sharing a topic, commits and lag marked on the strips.
  { name: 'steady', query: '?scenario=two-groups&t=12s' },
  // Broker 2 killed and fenced: leadership moved, ISRs shrunk, broker 2 crossed out.
  { name: 'mid-failover', query: '?scenario=broker-failover&t=18s' },
  // A third member joins an eager group: everyone revoked, the group rebalancing.
  { name: 'mid-rebalance', query: '?scenario=join-eager&t=__REBALANCE__' },
  // acks=1 and a crash: acknowledged records lost, marked in red on the strip.
  { name: 'data-loss', query: '?scenario=acks1-loss&t=18s' },
  // Broker 1 back after the crash: truncated 104→103, catching up, then back in the ISR.
  { name: 'broker-returns', query: '?scenario=acks1-loss&t=15.07s' },
  // Cooperative rebalance, second round: c1 and c2 keep reading; only orders-4 and -5 pause.
  { name: 'cooperative-rebalance', query: '?scenario=join-side-by-side&t=12.5s' },
  // The log view: keys, values in order, positions and commits with lag.
  { name: 'log-view', query: '?scenario=two-groups&t=12s&view=log' },
  // Presenter mode on a 1280×720 projector: the rebalancing lesson, its caption large.
  {
    name: 'presenter',
    query: '?presenter&scenario=lesson-08-rebalancing&t=20s',
    viewport: [1280, 720],
  },
  // Embedded in a page at 800×500: the view and minimal controls.
  { name: 'embed', query: '?embed&scenario=lesson-04-keys&t=26s', viewport: [800, 500] },
  // The course: the lesson picker open over lesson 10.
  {
    name: 'lessons',
    query: '?scenario=lesson-10-broker-failure&t=20s',
    act: async (page) => page.getByRole('button', { name: /^Lessons/ }).click(),
  },
  // The scenario editor with two mistakes typed in, shown at their lines.
  {
    name: 'editor',
    query: '?scenario=lesson-06-groups&t=12s',
    act: async (page) => {
      await page.getByRole('button', { name: 'Edit scenario' }).click();
      const field = page.locator('textarea');
      const text = await field.inputValue();
      await field.fill(
        text
          .replace('brokers: 3', 'brokers: three')
          .replace('topic: orders\n    rate', 'topic: ordes\n    rate'),
      );
      await field.evaluate((el) => {
        el.setSelectionRange(0, 0);
        el.scrollTop = 0;
      });
      await page.getByText(/^2 problems/).waitFor();
    },
  },
  // The stage (issue 10): presenter mode at three projector sizes for the lessons whose
  // pictures matter most, at their key caption; embeds in a docs page; a phone.
  ...[
    ['lesson-04-keys', '33s'],
    ['lesson-08-rebalancing', '20s'],
    ['lesson-10-broker-failure', '30.5s'],
    ['lesson-11-durability', '9.5s'],
  ].flatMap(([lesson, t]) =>
    [
      [1024, 768],
      [1280, 720],
      [1920, 1080],
    ].map(([w, h]) => ({
      name: `stage-${lesson.slice(0, 9)}-${w}x${h}`,
      query: `?presenter&scenario=${lesson}&t=${t}&paused`,
      viewport: [w, h],
    })),
  ),
  ...[
    [800, 500],
    [600, 400],
  ].map(([w, h]) => ({
    name: `stage-embed-${w}x${h}`,
    query: '?embed&scenario=lesson-04-keys&t=33s&paused',
    viewport: [w, h],
  })),
  {
    name: 'stage-phone-390x844',
    query: '?scenario=lesson-10-broker-failure&t=30.5s&paused',
    viewport: [390, 844],
  },
  // Further down the stacked column: the groups and the logs.
  {
    name: 'stage-phone-390x844-logs',
    query: '?scenario=lesson-10-broker-failure&t=30.5s&paused',
    viewport: [390, 844],
    act: async (page) => {
      await page.locator('svg.cluster g.group-box').first().waitFor();
      await page.evaluate(() => {
        const group = document.querySelector('svg.cluster g.group-box');
        window.scrollTo(0, window.scrollY + group.getBoundingClientRect().top - 40);
      });
      await page.waitForTimeout(300);
    },
  },
  // The course's third part (issue 13): the processing view mid-lesson, on a laptop and on a
  // 1280×720 projector. 13: card 4111 flagged; 14: a late record dropped past the close line;
  // 16: the dead instance's store restoring on fraud-2; 15: caching and EMIT side by side.
  ...[
    ['processing-13', 'lesson-13-fraud-query', '40s'],
    ['processing-14', 'lesson-14-event-time', '50s'],
    ['processing-15', 'lesson-15-emit-and-caching', '60s'],
    ['processing-16', 'lesson-16-failure', '68s'],
  ].flatMap(([name, lesson, t]) => [
    { name, query: `?scenario=${lesson}&t=${t}` },
    {
      name: `${name}-presenter-1280x720`,
      query: `?presenter&scenario=${lesson}&t=${t}&paused`,
      viewport: [1280, 720],
    },
  ]),
  {
    name: 'processing-embed-800x500',
    query: '?embed&scenario=lesson-13-fraud-query&t=40s&paused',
    viewport: [800, 500],
  },
  {
    name: 'processing-phone-390x844',
    query: '?scenario=lesson-14-event-time&t=50s&paused',
    viewport: [390, 844],
  },
  // 50 brokers, 1,000 partitions (e2e/fixtures): cards aggregate.
  {
    name: 'large-cluster',
    query: '?scenario=bench-large&t=3s',
    light: true,
    fixture: 'bench-large',
  },
];

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
    if (await answers(base)) return child;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill();
  throw new Error('vite preview did not start on :4173 (run `npx vite build` first?)');
}

const rebalanceAt = option('--rebalance-at', '12.05s');
const server = (await answers(base)) ? null : await startPreview();
const browser = await chromium.launch({ executablePath: await findBrowser({ install: false }) });
try {
  mkdirSync(outDir, { recursive: true });
  for (const shot of SHOTS) {
    if (
      only !== null &&
      only !== undefined &&
      !only.some(
        (o) =>
          shot.name === o ||
          (o === 'stage' && shot.name.startsWith('stage-')) ||
          (o === 'processing' && shot.name.startsWith('processing-')),
      )
    )
      continue;
    for (const colorScheme of shot.light ? ['light'] : ['light', 'dark']) {
      const [width, height] = shot.viewport ?? [1440, 900];
      const page = await browser.newPage({ viewport: { width, height }, colorScheme });
      if (shot.fixture)
        await page.route(`**/scenarios/${shot.fixture}.yaml`, (route) =>
          route.fulfill({
            contentType: 'text/yaml',
            body: readFileSync(path.join(ROOT, 'e2e', 'fixtures', `${shot.fixture}.yaml`), 'utf8'),
          }),
        );
      await page.goto(new URL(shot.query.replace('__REBALANCE__', rebalanceAt), base).href);
      await page.waitForSelector('#app[data-status="ready"]', { timeout: 30_000 });
      if (shot.act) await shot.act(page);
      await page.waitForTimeout(400); // fonts and the first drawn frame
      // Presenter mode: the room sees the caption once the controls' bar has hidden.
      if (shot.query.includes('presenter')) {
        await page.waitForSelector('.chrome[data-hidden="true"]', { state: 'attached' });
        await page.waitForTimeout(400); // its fade
      }
      const file = path.join(outDir, `${shot.name}-${colorScheme}.png`);
      await page.screenshot({ path: file });
      console.log(path.relative(ROOT, file));
      await page.close();
    }
  }
} finally {
  await browser.close();
  server?.kill();
}
