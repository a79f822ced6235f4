#!/usr/bin/env node
// UI benchmark: `npm run bench:ui` (node scripts/benchUi.mjs [--no-build] [--seconds 6] [--runs 3]
// [--heap-seconds 60] [--only steady,large,fraud,first,seeks,heap] [--port 4174])
//
// `--only` runs just the named cases (comma-separated; default: all), e.g. `--only seeks,heap`
// while working on the timeline: steady (1), large (2), fraud (3), first (4), seeks (5), heap (6).
// `--port` serves dist/ on another port (several checkouts benchmarking on one machine).
//
// Builds the production app (unless --no-build), serves dist/ with `vite preview` on :4174, drives it
// in headless Chromium (scripts/findBrowser.mjs) and prints, each case run --runs times (default 3)
// and every figure as median (min–max) of those runs:
//   1. frame rate and p95 frame time while playing e2e/fixtures/bench-ui.yaml at 1x
//      (8 brokers, 32 partitions at RF 3, 200 records/s, two groups); the bar is >= 58 fps, p95 <= 18 ms;
//   2. for e2e/fixtures/bench-large.yaml (50 brokers, 1,000 partitions): time from navigation to the
//      drawn cluster (bar: < 1 s), and frame rate / p95 while it plays;
//   3. the fraud lesson playing on its processing view at 1x (bar: >= 58 fps);
//   4. the first picture of the default scenario, cold (median of 3; scripts/firstPicture.mjs):
//      navigation to the first frame with a drawn broker (bar: <= 1 s), and every script fetched
//      before it, in kB gzip, counted in full (bar: <= 150), with the request chain depth; also,
//      labelled as such, the old static figure (the entry and its modulepreloads in index.html);
//   5. seeking in e2e/fixtures/bench-seek.yaml (a 10-minute run): how long the timeline takes to
//      index it in idle time, then 40 clicks at random places on the timeline, each timed from
//      the pointer press to the page showing the new moment (bar: p95 <= 50 ms);
//   6. heap in use after a forced GC once the 8×32 case has played --heap-seconds (60) at 1x
//      (bar: <= 48 MiB): the JS heap and array buffers' backing stores (typed arrays, e.g. the
//      event log's columns, which the JS heap's own figure leaves out), with how far the
//      timeline had indexed by then.
// The fixtures are served to the page under scenarios/ by request interception.

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { findBrowser } from './findBrowser.mjs';
import { describeScripts, measureFirstPicture, median, medianRun } from './firstPicture.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const PORT = Number(argv[argv.indexOf('--port') + 1]) || 4174;
const BASE = `http://localhost:${PORT}/`;
const seconds = Number(argv[argv.indexOf('--seconds') + 1]) || 6;
/** The course's fraud lesson (processing view); bar: >= 55 fps while it plays. */
const FRAUD_LESSON = 'lesson-13-fraud-query';
const CASES = ['steady', 'large', 'fraud', 'first', 'seeks', 'heap'];
const onlyArg = argv.includes('--only')
  ? (argv[argv.indexOf('--only') + 1] ?? '')
  : CASES.join(',');
const only = new Set(onlyArg.split(',').filter(Boolean));
for (const name of only)
  if (!CASES.includes(name))
    throw new Error(`--only: unknown case "${name}" (cases: ${CASES.join(', ')})`);
const progress = (text) => process.stderr.write(`bench:ui: ${text}\n`);

function run(cmd, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} exited ${code}`)),
    );
  });
}

async function answers(url) {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}

const vite = path.join(ROOT, 'node_modules', '.bin', 'vite');
if (!argv.includes('--no-build')) await run(vite, ['build']);

/**
 * Initial JS, counted in full: every script the page fetched before its first picture (default
 * scenario, cold cache, median of 3 runs), gzipped, with the request chain depth; `listedKb`:
 * the old static figure, only the entry and the modulepreloads named in dist/index.html.
 */
async function initialJs() {
  const runs = [];
  for (let i = 0; i < 3; i++) runs.push(await measureFirstPicture(browser, BASE));
  const html = readFileSync(path.join(ROOT, 'dist', 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
  const listed = files.reduce(
    (n, f) => n + gzipSync(readFileSync(path.join(ROOT, 'dist', f))).length,
    0,
  );
  return {
    firstPictureMs: median(runs.map((r) => r.ms)),
    totalKb: median(runs.map((r) => r.gzipTotal)) / 1000,
    run: medianRun(runs),
    listedKb: listed / 1000,
    listedFiles: files.length,
  };
}

const server = spawn(vite, ['preview', '--port', String(PORT), '--strictPort'], {
  cwd: ROOT,
  stdio: 'ignore',
});
for (let i = 0; i < 100 && !(await answers(BASE)); i++)
  await new Promise((r) => setTimeout(r, 100));
const browser = await chromium.launch({ executablePath: await findBrowser({ install: false }) });

async function openPage(fixture, query, { builtin = false, ready = 'svg.cluster g.broker' } = {}) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  if (!builtin)
    await page.route(`**/scenarios/${fixture}.yaml`, (route) =>
      route.fulfill({
        contentType: 'text/yaml',
        body: readFileSync(path.join(ROOT, 'e2e', 'fixtures', `${fixture}.yaml`), 'utf8'),
      }),
    );
  const started = Date.now();
  await page.goto(`${BASE}?scenario=${fixture}${query}`);
  await page.waitForSelector(`#app[data-status="ready"] ${ready}`, { timeout: 60_000 });
  // Two animation frames: the first drawn picture is on screen.
  await page.evaluate(
    () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))),
  );
  return { page, loadMs: Date.now() - started };
}

/** Plays at 1x and records requestAnimationFrame intervals for `ms`. */
async function measureFrames(page, ms) {
  await page.getByLabel('Speed').selectOption('1');
  if ((await page.locator('#app').getAttribute('data-playing')) !== 'true')
    await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.waitForTimeout(1500); // warm up
  const deltas = await page.evaluate(
    (duration) =>
      new Promise((resolve) => {
        const out = [];
        let last = performance.now();
        const end = last + duration;
        const tick = (now) => {
          out.push(now - last);
          last = now;
          if (now < end) requestAnimationFrame(tick);
          else resolve(out);
        };
        requestAnimationFrame(tick);
      }),
    ms,
  );
  const sorted = [...deltas].sort((a, b) => a - b);
  const total = deltas.reduce((a, b) => a + b, 0);
  return {
    fps: (deltas.length * 1000) / total,
    p95: sorted[Math.floor(sorted.length * 0.95)],
    max: sorted[sorted.length - 1],
    frames: deltas.length,
  };
}

/** Clicks the timeline at random places; each seek timed from pointerdown to the new time on #app. */
async function measureSeeks(page, count) {
  // Indexed to the end: data-indexing is also false before the engine has loaded (no timeline
  // yet), which let seeks start while the run was still being indexed, replaying minutes each.
  await page.waitForSelector('section.timeline[data-indexed-percent="100"]', { timeout: 120_000 });
  const slider = page.getByRole('slider', { name: 'Time' });
  const box = await slider.boundingBox();
  await page.evaluate(() => {
    window.seekTimes = [];
    let pressedAt = null;
    window.addEventListener('pointerdown', (e) => (pressedAt = e.timeStamp), true);
    new MutationObserver(() => {
      if (pressedAt === null) return;
      // The new moment is in the DOM; the next frame is when it is on screen.
      const from = pressedAt;
      pressedAt = null;
      requestAnimationFrame(() => window.seekTimes.push(performance.now() - from));
    }).observe(document.getElementById('app'), {
      attributes: true,
      attributeFilter: ['data-time-ms'],
    });
  });
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < count; i++) {
    await page.mouse.click(box.x + 4 + random() * (box.width - 8), box.y + box.height * 0.75);
    await page.waitForFunction((n) => window.seekTimes.length >= n, i + 1);
  }
  const times = await page.evaluate(() => window.seekTimes);
  const sorted = [...times].sort((a, b) => a - b);
  return {
    median: sorted[Math.floor(sorted.length / 2)],
    p95: sorted[Math.floor(sorted.length * 0.95)],
    max: sorted[sorted.length - 1],
    count: times.length,
  };
}

const fmt = (n, d = 1) => n.toFixed(d);

/** Min, median and max of a figure over the runs of a case. */
function spread(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    min: sorted[0],
    median: sorted[Math.floor((sorted.length - 1) / 2)],
    max: sorted[sorted.length - 1],
  };
}
const range = (values, d = 1) => {
  const { min, median, max } = spread(values);
  return `${fmt(median, d)} (${fmt(min, d)}–${fmt(max, d)})`;
};

/** Plays the 8×32 case at 1× for `ms`, then the heap in use after a full garbage collection. */
async function measureHeap(page, ms) {
  await page.getByLabel('Speed').selectOption('1');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.waitForTimeout(ms);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  // The JS heap plus array buffers' backing stores (typed arrays live there, outside usedSize).
  const { usedSize, backingStorageSize = 0 } = await cdp.send('Runtime.getHeapUsage');
  const indexed = await page.locator('section.timeline').getAttribute('data-indexed-percent');
  const timeMs = Number(await page.locator('#app').getAttribute('data-time-ms'));
  return {
    mib: (usedSize + backingStorageSize) / 2 ** 20,
    buffersMib: backingStorageSize / 2 ** 20,
    indexed: Number(indexed ?? 0),
    timeMs,
  };
}

const runs = Number(argv[argv.indexOf('--runs') + 1]) || 3;
const heapSeconds = Number(argv[argv.indexOf('--heap-seconds') + 1]) || 60;
try {
  const cases = {
    steady: [],
    large: [],
    largeLoad: [],
    fraud: [],
    seeks: [],
    indexMs: [],
    heap: [],
  };
  for (let run = 0; run < runs; run++) {
    progress(`run ${run + 1} of ${runs}…`);
    if (only.has('steady')) {
      const ui = await openPage('bench-ui', '&paused');
      cases.steady.push(await measureFrames(ui.page, seconds * 1000));
      await ui.page.close();
    }

    if (only.has('large')) {
      const large = await openPage('bench-large', '&paused');
      cases.largeLoad.push(large.loadMs);
      cases.large.push(await measureFrames(large.page, Math.min(seconds, 4) * 1000));
      await large.page.close();
    }

    // The fraud lesson on its processing view (windows, store, output redrawn as records land),
    // playing without caption holds from its busy part.
    if (only.has('fraud')) {
      const fraud = await openPage(FRAUD_LESSON, '&t=18s&pace=off', {
        builtin: true,
        ready: 'section.processing',
      });
      cases.fraud.push(await measureFrames(fraud.page, seconds * 1000));
      await fraud.page.close();
    }

    if (only.has('seeks')) {
      const seekPage = await openPage('bench-seek', '&paused');
      const indexStarted = Date.now();
      cases.seeks.push(await measureSeeks(seekPage.page, 40));
      cases.indexMs.push(Date.now() - indexStarted); // includes the seeks; the indexing dominates
      await seekPage.page.close();
    }

    if (only.has('heap')) {
      const heapPage = await openPage('bench-ui', '&paused');
      cases.heap.push(await measureHeap(heapPage.page, heapSeconds * 1000));
      await heapPage.page.close();
    }
  }

  const js = only.has('first') ? await initialJs() : null;
  const fps = (list) => range(list.map((f) => f.fps));
  const p95 = (list) => range(list.map((f) => f.p95));
  const medianOf = (list, key) => spread(list.map((f) => f[key])).median;
  const steadyOk = medianOf(cases.steady, 'fps') >= 58 && medianOf(cases.steady, 'p95') <= 18;
  const largeOk = medianOf(cases.large, 'fps') >= 58 && medianOf(cases.large, 'p95') <= 18;
  const heapMiB = spread(cases.heap.map((h) => h.mib)).median;
  const seekP95 = spread(cases.seeks.map((s) => s.p95)).median;
  console.log(
    `kafkascope UI benchmark (headless Chromium, production build): median (min–max) of ${runs} runs`,
  );
  if (only.has('steady'))
    console.log(
      `  8 brokers, 32 partitions RF3, 200 rec/s, 2 groups @1x: ${fps(cases.steady)} fps, p95 frame ${p95(cases.steady)} ms ${steadyOk ? 'OK' : 'BELOW BAR (58 fps, p95 18 ms)'}`,
    );
  if (only.has('large'))
    console.log(
      `  50 brokers, 1,000 partitions: first render ${range(cases.largeLoad, 0)} ms after navigation; playing @1x ${fps(cases.large)} fps, p95 ${p95(cases.large)} ms ${largeOk ? 'OK' : 'BELOW BAR (58 fps, p95 18 ms)'}`,
    );
  if (only.has('fraud'))
    console.log(
      `  ${FRAUD_LESSON}, processing view @1x: ${fps(cases.fraud)} fps, p95 frame ${p95(cases.fraud)} ms ${medianOf(cases.fraud, 'fps') >= 58 ? 'OK' : 'BELOW BAR (58 fps)'}`,
    );
  if (js !== null)
    console.log(
      `  default scenario, cold: first picture ${fmt(js.firstPictureMs, 0)} ms after navigation ${js.firstPictureMs <= 1000 ? 'OK' : 'BELOW BAR'}; JS fetched before it ${fmt(js.totalKb)} kB gzip in ${js.run.scripts.length} files, ${js.run.steps} request step(s) from the HTML ${js.totalKb <= 150 ? 'OK' : 'OVER BUDGET'} (${describeScripts(js.run)}; old static count, entry + modulepreloads in index.html only: ${fmt(js.listedKb)} kB in ${js.listedFiles} files)`,
    );
  if (only.has('seeks'))
    console.log(
      `  seeking a 10-minute run (208k events): indexed in idle time within ${range(cases.indexMs.map((m) => m / 1000))} s; 40 timeline clicks, press to new moment on screen: median ${range(cases.seeks.map((s) => s.median))} ms, p95 ${range(cases.seeks.map((s) => s.p95))} ms ${seekP95 <= 50 ? 'OK' : 'OVER 50 ms'}`,
    );
  if (only.has('heap'))
    console.log(
      `  heap after GC, 8×32 after ${heapSeconds} s @1x: ${range(cases.heap.map((h) => h.mib))} MiB, of which array buffers ${range(cases.heap.map((h) => h.buffersMib))} MiB (timeline indexed ${range(
        cases.heap.map((h) => h.indexed),
        0,
      )} %) ${heapMiB <= 48 ? 'OK' : 'OVER 48 MiB'}`,
    );
} finally {
  await browser.close();
  server.kill();
}
