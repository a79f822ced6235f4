import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { loadScenario } from '../src/scenario';
import { AppPage } from './appPage';
import { replayPage } from './replay';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const LESSON = 'lesson-04-keys';
const LESSON_TITLE = 'Producing with a key';
/** src/store/autosave.ts AUTOSAVE_KEY */
const AUTOSAVE_KEY = 'kafkascope:autosave:v1';

const savedSession = (page: Page) =>
  page.evaluate((key) => window.localStorage.getItem(key), AUTOSAVE_KEY);

/** Time moves on its own: the run is playing. */
async function expectPlaying(app: AppPage): Promise<void> {
  await expect(app.root).toHaveAttribute('data-playing', 'true');
  const start = await app.timeMs();
  await expect(async () => expect(await app.timeMs()).toBeGreaterThan(start)).toPass();
}

test.describe('embed mode', () => {
  test.use({ viewport: { width: 800, height: 500 } });

  test('?embed: the view and minimal controls only, paused until the reader plays', async ({
    page,
  }) => {
    const app = new AppPage(page);
    await app.open(`?embed&scenario=${LESSON}`);
    await expect(app.root).toHaveAttribute('data-mode', 'embed');
    await expect(app.title()).toHaveText(LESSON_TITLE);
    // No sidebar, no sharing, no lessons, no editor.
    await expect(page.getByRole('tab')).toHaveCount(0);
    await expect(page.getByRole('complementary')).toHaveCount(0);
    for (const name of [/^Share$/, /^Lessons/, /^Edit scenario$/, /^Open scenario/, /^Present$/])
      await expect(page.getByRole('button', { name })).toHaveCount(0);
    // Playback and the timeline, and a way out to the full app.
    await expect(app.button('Play')).toBeVisible();
    await expect(app.timeline()).toBeVisible();
    await expect(page.getByRole('button', { name: /Open in kafkascope/ })).toBeVisible();
    // Paused at the start.
    await expect(app.root).toHaveAttribute('data-playing', 'false');
    expect(await app.timeMs()).toBe(0);
    // The reader presses Play.
    await app.button('Play').click();
    await expectPlaying(app);
  });

  test('?embed fills an 800×500 frame: the page never scrolls, only the picture inside may', async ({
    page,
  }) => {
    const app = new AppPage(page);
    await app.open(`?embed&scenario=${LESSON}`);
    await expect(app.root).toHaveAttribute('data-mode', 'embed');
    const fit = await page.evaluate(() => {
      const app = document.getElementById('app')!.getBoundingClientRect();
      const root = document.scrollingElement!;
      return {
        scrollHeight: root.scrollHeight,
        scrollWidth: root.scrollWidth,
        appWidth: app.width,
        appHeight: app.height,
        innerWidth: window.innerWidth,
        innerHeight: window.innerHeight,
      };
    });
    expect(fit.innerWidth).toBe(800);
    expect(fit.innerHeight).toBe(500);
    expect(fit.scrollHeight).toBeLessThanOrEqual(fit.innerHeight);
    expect(fit.scrollWidth).toBeLessThanOrEqual(fit.innerWidth);
    expect(fit.appHeight).toBe(500);
    expect(fit.appWidth).toBe(800);
    // The picture is fitted into the main area, or keeps a legible size and scrolls inside
    // its own box, which lies inside the main area.
    const main = await page.locator('main').evaluate((el) => {
      const box = el.getBoundingClientRect();
      const view = el.querySelector('.cluster-view')!;
      const stage = view.getBoundingClientRect();
      const picture = el.querySelector('.cluster-canvas')!.getBoundingClientRect();
      return {
        bottom: box.bottom,
        stageInside: stage.bottom <= box.bottom + 1 && stage.right <= box.right + 1,
        stageScrolls: /auto|scroll/.test(getComputedStyle(view).overflowY),
        pictureInside: picture.bottom <= stage.bottom + 1 && picture.right <= stage.right + 1,
      };
    });
    expect(main.bottom).toBeLessThanOrEqual(500);
    expect(main.stageInside).toBe(true);
    if (!main.stageScrolls) expect(main.pictureInside).toBe(true);
  });

  test('&autoplay plays on load', async ({ page }) => {
    const app = new AppPage(page);
    await app.open(`?embed&scenario=${LESSON}&autoplay`);
    await expect(app.root).toHaveAttribute('data-mode', 'embed');
    await expectPlaying(app);
  });

  test('in an <iframe> on a host page, the lesson loads and plays', async ({ page, baseURL }) => {
    await page.setContent(
      `<!doctype html><html><body style="margin:0">
        <h1>Course notes</h1>
        <iframe src="${baseURL}/?embed&scenario=${LESSON}&autoplay" width="800" height="500"
          title="kafkascope: producing with a key" style="border:0"
          sandbox="allow-scripts allow-same-origin"></iframe>
      </body></html>`,
    );
    const frame = page.frameLocator('iframe');
    await expect(frame.getByRole('heading', { name: LESSON_TITLE })).toBeVisible({
      timeout: 15_000,
    });
    const root = frame.locator('#app');
    await expect(root).toHaveAttribute('data-mode', 'embed');
    await expect(root).toHaveAttribute('data-playing', 'true');
    const timeOf = async () => Number(await root.getAttribute('data-time-ms'));
    const start = await timeOf();
    await expect(async () => expect(await timeOf()).toBeGreaterThan(start)).toPass();
    // The host page is left alone.
    await expect(page.getByRole('heading', { name: 'Course notes' })).toBeVisible();
  });

  test('embed mode neither restores nor writes the autosave', async ({ page }) => {
    const app = new AppPage(page);
    // Nothing saved: acting in the embed saves nothing.
    await app.open(`?embed&scenario=${LESSON}&t=2s`);
    await app.broker(1).getByRole('button', { name: 'Kill broker 1' }).click();
    await expect(app.root).toHaveAttribute('data-session-log', /killBroker/);
    await app.button('Step').click();
    expect(await savedSession(page)).toBeNull();
    await page.reload(); // a full app would save on pagehide
    await expect(app.root).toHaveAttribute('data-status', 'ready');
    expect(await savedSession(page)).toBeNull();

    // A session saved by the full app on the same origin...
    await page.setViewportSize({ width: 1280, height: 800 });
    await app.open(`?scenario=${LESSON}&t=3s`);
    await app.broker(2).getByRole('button', { name: 'Kill broker 2' }).click();
    await expect
      .poll(async () => JSON.parse((await savedSession(page)) ?? '{}').sessionLog)
      .toEqual([{ atMs: 3000, command: { type: 'killBroker', broker: 2 } }]);
    await app.page.waitForFunction(
      (key) => JSON.parse(window.localStorage.getItem(key) ?? '{}').timeMs === 3000,
      AUTOSAVE_KEY,
    );
    const saved = await savedSession(page);

    // ...is not brought back in an embed, and is still there, unchanged, after acting in it.
    await page.setViewportSize({ width: 800, height: 500 });
    await app.open(`?embed&scenario=${LESSON}`);
    await expect(app.root).toHaveAttribute('data-mode', 'embed');
    await expect(page.getByRole('status', { name: 'Restored session' })).toHaveCount(0);
    await expect(app.root).toHaveAttribute('data-session-log', '[]');
    expect(await app.timeMs()).toBe(0);
    await app.broker(3).getByRole('button', { name: 'Kill broker 3' }).click();
    await app.button('Play').click();
    await expectPlaying(app);
    await page.reload(); // a full app would save on pagehide
    await expect(app.root).toHaveAttribute('data-status', 'ready');
    expect(await savedSession(page)).toBe(saved);

    // The full app still finds its own session.
    await page.setViewportSize({ width: 1280, height: 800 });
    await app.open(`?scenario=${LESSON}`);
    await expect(page.getByRole('status', { name: 'Restored session' })).toBeVisible();
    const restored = await app.session();
    expect(restored.sessionLog).toEqual([
      { atMs: 3000, command: { type: 'killBroker', broker: 2 } },
    ]);
    expect(restored.timeMs).toBe(3000);
  });

  test('"Copy embed code" gives an <iframe> whose src opens embed mode', async ({
    page,
    context,
  }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.setViewportSize({ width: 1280, height: 800 });
    const app = new AppPage(page);
    await app.open(`?scenario=${LESSON}&paused`);
    await expect(app.root).toHaveAttribute('data-time-ms', '0');

    // A lesson at its start: a short address naming it.
    const snippet = await app.copyFromShare('Copy embed code');
    const src = await iframeSrc(page, snippet);
    expect(snippet).toMatch(/^<iframe src="[^"]+" width="800" height="500" title="[^"]+"/);
    expect(snippet).toContain('sandbox="allow-scripts allow-same-origin"');
    expect(src).toBe(`${new URL(page.url()).origin}/?embed&scenario=${LESSON}`);
    await page.goto(src);
    await expect(app.root).toHaveAttribute('data-status', 'ready');
    await expect(app.root).toHaveAttribute('data-mode', 'embed');
    await expect(app.title()).toHaveText(LESSON_TITLE);
    await expect(app.root).toHaveAttribute('data-playing', 'false');

    // With actions taken and the moment moved: the whole session rides in the fragment.
    await app.open(`?scenario=${LESSON}&t=9s`);
    await app.broker(1).getByRole('button', { name: 'Kill broker 1' }).click();
    await app.seekBy(2);
    const session = await app.session();
    await page.getByRole('button', { name: 'Share', exact: true }).click();
    await page.getByRole('checkbox', { name: /autoplay/ }).check();
    await page.getByRole('spinbutton', { name: /Width/ }).fill('640');
    await page.getByRole('spinbutton', { name: /Height/ }).fill('400');
    await page.keyboard.press('Escape');
    const full = await app.copyFromShare('Copy embed code');
    expect(full).toMatch(/ width="640" height="400" /);
    const fullSrc = await iframeSrc(page, full);
    expect(fullSrc).toMatch(/^http:\/\/localhost:\d+\/\?embed&autoplay#share=1[\w-]+$/);
    await page.goto('about:blank');
    await page.goto(fullSrc);
    await expect(app.root).toHaveAttribute('data-status', 'ready');
    await expect(app.root).toHaveAttribute('data-mode', 'embed');
    // A shared moment opens paused there, even with autoplay.
    await expect(app.root).toHaveAttribute('data-time-ms', String(session.timeMs));
    await expect(app.root).toHaveAttribute('data-playing', 'false');
    const embedded = await app.session();
    expect(embedded).toEqual(session);
    expect(embedded.traceHash).toBe(replayPage(LESSON, embedded).traceHash);
  });
});

/** The `src` of an `<iframe …>` snippet, read by the browser's HTML parser (no frame loads). */
async function iframeSrc(page: Page, snippet: string): Promise<string> {
  const parsed = await page.evaluate((html) => {
    const template = document.createElement('template');
    template.innerHTML = html;
    const nodes = [...template.content.childNodes];
    const frame = template.content.firstElementChild;
    return {
      count: nodes.length,
      tag: frame?.tagName ?? null,
      src: frame?.getAttribute('src') ?? null,
    };
  }, snippet);
  expect(parsed, snippet).toEqual({ count: 1, tag: 'IFRAME', src: expect.any(String) });
  return parsed.src!;
}

/** A built-in scenario's captions, from its file (as the app compiles them). */
function captionsOf(scenario: string): { atMs: number; text: string }[] {
  const file = path.join(ROOT, 'public', 'scenarios', `${scenario}.yaml`);
  const loaded = loadScenario(readFileSync(file, 'utf8'), file);
  if (!loaded.ok) throw new Error(`${scenario}: ${JSON.stringify(loaded.problems)}`);
  return loaded.value.captions;
}

/** The part of an element's box inside the window, as a share of the window's area. */
async function visibleShare(page: Page, selector: string): Promise<number> {
  return page.evaluate((sel) => {
    const w = window.innerWidth;
    const h = window.innerHeight;
    let area = 0;
    for (const el of document.querySelectorAll(sel)) {
      const r = el.getBoundingClientRect();
      const x = Math.max(0, Math.min(w, r.right) - Math.max(0, r.left));
      const y = Math.max(0, Math.min(h, r.bottom) - Math.max(0, r.top));
      area += x * y;
    }
    return area / (w * h);
  }, selector);
}

test.describe('embed modes', () => {
  // Several page loads each, on a machine shared with other work.
  test.describe.configure({ timeout: 90_000 });
  test.use({ viewport: { width: 800, height: 500 } });

  test('&chrome=full shows the app’s controls, minimal one bar, none only the picture', async ({
    page,
  }) => {
    const app = new AppPage(page);
    await app.open(`?embed&scenario=${LESSON}&chrome=full`);
    await expect(app.root).toHaveAttribute('data-chrome', 'full');
    await expect(page.getByRole('button', { name: 'Share', exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: /^Lessons/ })).toBeVisible();
    await expect(page.getByRole('tab').first()).toBeAttached();

    await app.open(`?embed&scenario=${LESSON}`);
    await expect(app.root).toHaveAttribute('data-chrome', 'minimal');
    await expect(page.locator('header')).toHaveCount(1);
    const bar = await page.locator('header').boundingBox();
    expect(bar!.height).toBeLessThanOrEqual(50); // one thin row
    await expect(page.getByRole('button', { name: 'Share', exact: true })).toHaveCount(0);

    await app.open(`?embed&scenario=${LESSON}&chrome=none`);
    await expect(app.root).toHaveAttribute('data-chrome', 'none');
    await expect(page.locator('header')).toHaveCount(0);
    await expect(page.getByRole('slider')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Play', exact: true })).toHaveCount(0);
    await expect(app.broker(1)).toBeVisible();
    // The keyboard still plays it.
    await page.locator('body').press('Space');
    await expect(app.root).toHaveAttribute('data-playing', 'true');
  });

  test('&caption=off hides the caption, below puts it under the picture', async ({ page }) => {
    const app = new AppPage(page);
    await app.open(`?embed&scenario=${LESSON}`);
    const caption = page.locator('.narration');
    await expect(caption).toBeVisible();
    const above = (await caption.boundingBox())!;
    const picture = (await page.locator('.cluster-canvas').boundingBox())!;
    expect(above.y + above.height).toBeLessThanOrEqual(picture.y + 1);

    await app.open(`?embed&scenario=${LESSON}&caption=off`);
    await expect(app.root).toHaveAttribute('data-caption', 'off');
    await expect(caption).toBeHidden();

    await app.open(`?embed&scenario=${LESSON}&caption=below`);
    await expect(app.root).toHaveAttribute('data-caption', 'below');
    await expect(caption).toBeVisible();
    const below = (await caption.boundingBox())!;
    const main = (await page.locator('main').boundingBox())!;
    expect(below.y).toBeGreaterThanOrEqual(main.y + main.height - 1);
    expect(below.y + below.height).toBeLessThanOrEqual(500 + 1);
  });

  test('&panel=logs shows the log view, cluster the cluster', async ({ page }) => {
    const app = new AppPage(page);
    await app.open(`?embed&scenario=${LESSON}&panel=logs`);
    await expect(page.getByRole('group', { name: 'Partition logs' })).toBeVisible();
    await expect(page.getByRole('group', { name: 'Cluster', exact: true })).toHaveCount(0);
    await app.open(`?embed&scenario=${LESSON}&panel=cluster`);
    await expect(page.getByRole('group', { name: 'Cluster', exact: true })).toBeVisible();
  });

  test('&theme=dark and light colour the page whatever the system says', async ({ page }) => {
    const app = new AppPage(page);
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.emulateMedia({ colorScheme: 'light' });
    await app.open(`?embed&scenario=${LESSON}&theme=dark`);
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    expect(await background()).toBe('rgb(13, 17, 23)');
    await page.emulateMedia({ colorScheme: 'dark' });
    await app.open(`?embed&scenario=${LESSON}&theme=light`);
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    expect(await background()).toBe('rgb(243, 245, 248)');
    // auto follows the system.
    await app.open(`?embed&scenario=${LESSON}&theme=auto`);
    expect(await background()).toBe('rgb(13, 17, 23)');
    await page.emulateMedia({ colorScheme: 'light' });
    expect(await background()).toBe('rgb(243, 245, 248)');
  });

  test('&start=caption:N opens paused at the N-th caption; with &autoplay it plays from there', async ({
    page,
  }) => {
    const captions = captionsOf(LESSON);
    expect(captions.length).toBeGreaterThanOrEqual(3);
    const app = new AppPage(page);
    await app.open(`?embed&scenario=${LESSON}&start=caption:3`);
    await expect(app.root).toHaveAttribute('data-time-ms', String(captions[2].atMs));
    await expect(app.root).toHaveAttribute('data-playing', 'false');
    await expect(page.locator('.narration')).toContainText(captions[2].text);

    await app.open(`?embed&scenario=${LESSON}&start=caption:2&autoplay`);
    await expectPlaying(app);
    expect(await app.timeMs()).toBeGreaterThanOrEqual(captions[1].atMs);
  });

  test('&fit: the picture scales to the frame', async ({ page }) => {
    const app = new AppPage(page);
    await app.open(`?embed&scenario=lesson-08-rebalancing&fit`);
    await expect(app.root).toHaveAttribute('data-fit', '');
    const svg = (await page.locator('.cluster-canvas').boundingBox())!;
    expect(svg.y + svg.height).toBeLessThanOrEqual(500 + 1);
    expect(svg.x + svg.width).toBeLessThanOrEqual(800 + 1);
    // Every broker card is inside the frame.
    for (const id of [1, 2, 3]) {
      const box = (await app.broker(id).boundingBox())!;
      expect(box.y + box.height, `broker ${id}`).toBeLessThanOrEqual(500 + 1);
    }
    const overflow = await page.locator('main').evaluate((el) => el.scrollHeight - el.clientHeight);
    expect(overflow).toBeLessThanOrEqual(1);
  });

  test('unknown values: a console message and the default, never a blank frame', async ({
    page,
  }) => {
    const warnings: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'warning') warnings.push(m.text());
    });
    const app = new AppPage(page);
    await app.open(
      `?embed&scenario=${LESSON}&chrome=tiny&caption=sideways&theme=purple&panel=grid&start=soon`,
    );
    await expect(app.root).toHaveAttribute('data-status', 'ready');
    await expect(page.getByRole('alert')).toHaveCount(0);
    await expect(app.root).toHaveAttribute('data-chrome', 'minimal');
    await expect(app.root).toHaveAttribute('data-caption', 'on');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'auto');
    await expect(app.broker(1)).toBeVisible();
    expect(warnings.join('\n')).toContain('&chrome=tiny');
    for (const name of ['&caption=sideways', '&theme=purple', '&panel=grid', '&start=soon'])
      expect(warnings.join('\n')).toContain(name);
  });
});

test.describe('a small frame', () => {
  // Several page loads each, on a machine shared with other work.
  test.describe.configure({ timeout: 90_000 });
  test.use({ viewport: { width: 600, height: 400 } });

  test('600×400 shows the simulation, not only controls', async ({ page }) => {
    const app = new AppPage(page);
    for (const lesson of [LESSON, 'lesson-10-broker-failure']) {
      await app.open(`?embed&scenario=${lesson}&t=20s`);
      await expect(app.broker(1)).toBeVisible();
      // A real part of the frame is the cluster picture, not only the bar and the caption.
      expect(await visibleShare(page, '.cluster-canvas'), lesson).toBeGreaterThan(0.3);
      await expect(page.locator('svg.cluster .broker').first()).toBeInViewport({ ratio: 0.3 });
    }
    // Lesson 4's caption at 33 s names orders-3 and orders-4: a picture larger than the
    // frame is scrolled to them, at a legible size (no text under 11 px).
    await app.open(`?embed&scenario=lesson-04-keys&t=33s&paused`);
    for (const log of ['log:orders-3', 'log:orders-4'])
      await expect(page.locator(`svg.cluster [data-entity="${log}"]`)).toBeInViewport();
    const smallest = await page.evaluate(() =>
      Math.min(
        ...[...document.querySelectorAll('svg.cluster text')]
          .filter((t) => t.textContent !== '' && t.getBoundingClientRect().width > 0)
          .map(
            (t) =>
              parseFloat(getComputedStyle(t).fontSize) *
              Math.hypot(
                (t as SVGTextElement).getScreenCTM()!.a,
                (t as SVGTextElement).getScreenCTM()!.b,
              ),
          ),
      ),
    );
    expect(smallest).toBeGreaterThanOrEqual(11);
    // With &fit every broker is on screen.
    await app.open(`?embed&scenario=lesson-10-broker-failure&t=20s&fit&caption=off`);
    for (const id of [1, 2, 3, 4]) await expect(app.broker(id)).toBeInViewport();
  });
});

test.describe('poster frame', () => {
  // Several page loads each, on a machine shared with other work.
  test.describe.configure({ timeout: 90_000 });
  test.use({ viewport: { width: 800, height: 500 } });

  test('before Play: the picture at its moment under a large Play button; pressing it plays', async ({
    page,
  }) => {
    const app = new AppPage(page);
    await app.open(`?embed&scenario=${LESSON}&start=caption:2`);
    const poster = page.getByRole('button', { name: 'Play the simulation' });
    await expect(poster).toBeVisible();
    const box = (await poster.boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(60);
    await expect(app.broker(1)).toBeVisible(); // the picture is there under it
    expect(await app.timeMs()).toBe(captionsOf(LESSON)[1].atMs);
    await poster.click();
    await expectPlaying(app);
    await expect(poster).toHaveCount(0);
    // It does not come back after a pause.
    await app.button('Pause').click();
    await expect(poster).toHaveCount(0);
  });

  test('Enter or Space plays from the poster; autoplay and the full app have none', async ({
    page,
  }) => {
    const app = new AppPage(page);
    await app.open(`?embed&scenario=${LESSON}`);
    const poster = page.getByRole('button', { name: 'Play the simulation' });
    await expect(poster).toBeVisible();
    await page.locator('body').press('Enter');
    await expectPlaying(app);
    await expect(poster).toHaveCount(0);

    await app.open(`?embed&scenario=${LESSON}`);
    await expect(poster).toBeVisible();
    await page.locator('body').press('Space');
    await expectPlaying(app);
    await expect(poster).toHaveCount(0);

    await app.open(`?embed&scenario=${LESSON}&autoplay`);
    await expectPlaying(app);
    await expect(poster).toHaveCount(0);
    await app.open(`?scenario=${LESSON}&paused`);
    await expect(app.root).toHaveAttribute('data-status', 'ready');
    await expect(poster).toHaveCount(0);
  });
});

test.describe('embed API (postMessage)', () => {
  // Several page loads each, on a machine shared with other work.
  test.describe.configure({ timeout: 90_000 });
  test.use({ viewport: { width: 1000, height: 1100 } });

  test('the example page drives play, pause and seek from its own buttons and lists the events', async ({
    page,
  }) => {
    const captions = captionsOf(LESSON);
    await page.goto('/embed-example.html');
    const frameRoot = page.frameLocator('#lesson').locator('#app');
    const events = page.locator('#events li');
    await expect(events.filter({ hasText: '"kafkascope:ready"' })).toHaveCount(1, {
      timeout: 15_000,
    });
    await expect(frameRoot).toHaveAttribute('data-playing', 'false');
    await expect(page.locator('#state')).toContainText('paused at 0.0 s');

    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await expect(frameRoot).toHaveAttribute('data-playing', 'true');
    await expect(events.filter({ hasText: '"kafkascope:time"' }).first()).toBeAttached();
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await expect(frameRoot).toHaveAttribute('data-playing', 'false');
    await expect(page.locator('#state')).toContainText('paused');

    await page.getByLabel('Time (s)').fill('12');
    await page.getByRole('button', { name: 'Seek to time' }).click();
    await expect(frameRoot).toHaveAttribute('data-time-ms', '12000');
    await expect(page.locator('#state')).toContainText('paused at 12.0 s');

    await page.getByLabel('Caption').fill('3');
    await page.getByRole('button', { name: 'Seek to caption' }).click();
    await expect(frameRoot).toHaveAttribute('data-time-ms', String(captions[2].atMs));
    await expect(page.locator('#caption')).toHaveText(`3. ${captions[2].text}`);
    const caption = JSON.parse(
      (await events.filter({ hasText: '"kafkascope:caption"' }).last().textContent())!,
    );
    expect(caption).toEqual({
      type: 'kafkascope:caption',
      index: 3,
      text: captions[2].text,
      atMs: captions[2].atMs,
    });
    // Playing from the host took the poster away.
    await expect(
      page.frameLocator('#lesson').getByRole('button', { name: 'Play the simulation' }),
    ).toHaveCount(0);
  });

  test('the origin is checked: another origin can neither drive the frame nor hear it', async ({
    page,
    baseURL,
  }) => {
    // Host pages on an origin of their own: a small server on 127.0.0.1 (the app is on
    // localhost), each page framing the app with a different &origin=.
    const hostPage = (allowed: string) => `<!doctype html><html><body>
      <iframe id="f" width="800" height="500" sandbox="allow-scripts allow-same-origin"
        src="${baseURL}/?embed&scenario=${LESSON}&chrome=none&origin=${encodeURIComponent(allowed)}"></iframe>
      <script>
        window.received = [];
        addEventListener('message', (e) => window.received.push({ origin: e.origin, data: e.data }));
        window.send = (m) => document.getElementById('f').contentWindow.postMessage(m, '*');
      </script></body></html>`;
    let hostOrigin = '';
    const server = createServer((request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end(
        hostPage(request.url === '/allowed-host.html' ? hostOrigin : 'https://docs.example.org'),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    hostOrigin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const frameRoot = page.frameLocator('#f').locator('#app');

      // The frame allows docs.example.org only: this page's messages are ignored, it hears nothing.
      await page.goto(`${hostOrigin}/other-host.html`);
      await expect(frameRoot).toHaveAttribute('data-status', 'ready', { timeout: 15_000 });
      await page.evaluate(() => {
        const w = window as unknown as { send(m: unknown): void };
        w.send({ type: 'kafkascope:seek', timeMs: 5000 });
        w.send({ type: 'kafkascope:play' });
      });
      await page.waitForTimeout(500);
      await expect(frameRoot).toHaveAttribute('data-playing', 'false');
      await expect(frameRoot).toHaveAttribute('data-time-ms', '0');
      expect(
        await page.evaluate(() => (window as unknown as { received: unknown[] }).received),
      ).toEqual([]);

      // Allowed: the same messages drive the frame, and the events reach the page.
      await page.goto(`${hostOrigin}/allowed-host.html`);
      await expect(frameRoot).toHaveAttribute('data-status', 'ready', { timeout: 15_000 });
      await expect
        .poll(() =>
          page.evaluate(() =>
            (window as unknown as { received: { data: { type: string } }[] }).received.map(
              (r) => r.data.type,
            ),
          ),
        )
        .toContain('kafkascope:ready');
      await page.evaluate(() =>
        (window as unknown as { send(m: unknown): void }).send({
          type: 'kafkascope:seek',
          timeMs: 5000,
        }),
      );
      await expect(frameRoot).toHaveAttribute('data-time-ms', '5000');
      await page.evaluate(() =>
        (window as unknown as { send(m: unknown): void }).send({ type: 'kafkascope:play' }),
      );
      await expect(frameRoot).toHaveAttribute('data-playing', 'true');
      const origins = await page.evaluate(() =>
        (window as unknown as { received: { origin: string }[] }).received.map((r) => r.origin),
      );
      expect(new Set(origins)).toEqual(new Set([new URL(baseURL!).origin]));
    } finally {
      server.close();
    }
  });
});

test.describe('theme toggle', () => {
  // Several page loads each, on a machine shared with other work.
  test.describe.configure({ timeout: 90_000 });
  test('cycles auto → light → dark, is remembered, and &theme= wins without being saved', async ({
    page,
  }) => {
    await page.emulateMedia({ colorScheme: 'light' });
    const app = new AppPage(page);
    await app.open(`?scenario=${LESSON}&paused`);
    const html = page.locator('html');
    const toggle = page.getByRole('button', { name: /^Theme: / });
    await expect(html).toHaveAttribute('data-theme', 'auto');
    await expect(toggle).toHaveText(/Theme: Auto/);
    await toggle.click();
    await expect(html).toHaveAttribute('data-theme', 'light');
    await toggle.click();
    await expect(html).toHaveAttribute('data-theme', 'dark');
    const primary = () =>
      page
        .getByRole('button', { name: 'Play', exact: true })
        .evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(await primary()).toBe('rgb(37, 99, 235)'); // #2563eb: white on it is 5.2:1
    await page.reload();
    await expect(app.root).toHaveAttribute('data-status', 'ready');
    await expect(html).toHaveAttribute('data-theme', 'dark');
    // The address wins for this page, and the remembered choice stays.
    await app.open(`?scenario=${LESSON}&paused&theme=light`);
    await expect(html).toHaveAttribute('data-theme', 'light');
    expect(await page.evaluate(() => localStorage.getItem('kafkascope:theme'))).toBe('dark');
  });

  test.use({ viewport: { width: 1920, height: 1080 } });

  test('"down" and "OFFLINE" labels are drawn at ≥ 3:1 against what is behind them, in both themes', async ({
    page,
  }) => {
    const app = new AppPage(page);
    for (const theme of ['light', 'dark']) {
      // Three brokers of four dead: replicas on them say "down", partitions may go OFFLINE.
      await app.open(`?scenario=lesson-10-broker-failure&t=20s&theme=${theme}`);
      await app.broker(1).getByRole('button', { name: 'Kill broker 1' }).click();
      await app.broker(3).getByRole('button', { name: 'Kill broker 3' }).click();
      await app.seekBy(10);
      const labels = await page.evaluate(() => {
        const rgb = (c: string) =>
          c
            .match(/[\d.]+/g)!
            .slice(0, 3)
            .map(Number);
        const lum = (c: string) => {
          const [r, g, b] = rgb(c).map((v) => {
            const s = v / 255;
            return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
          });
          return 0.2126 * r + 0.7152 * g + 0.0722 * b;
        };
        const ratio = (a: string, b: string) => {
          const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
          return (hi + 0.05) / (lo + 0.05);
        };
        const opacity = (el: Element | null) => {
          let o = 1;
          for (let e = el; e !== null; e = e.parentElement)
            o *= Number(getComputedStyle(e).opacity);
          return o;
        };
        // Rows on a dead broker or of an offline partition: "down"/"OFFLINE", or ✕/⚠ when narrow.
        return [
          ...document.querySelectorAll(
            '.replica[data-state="broker-down"] .replica-role, .replica[data-state="offline"] .replica-role',
          ),
        ]
          .filter((t) => (t.textContent ?? '') !== '')
          .map((t) => {
            const box = t.parentElement!.querySelector('.replica-box')!;
            const fg = getComputedStyle(t).fill;
            const bg = getComputedStyle(box).fill;
            return { text: t.textContent, ratio: ratio(fg, bg), opacity: opacity(t) };
          });
      });
      expect(labels.map((l) => l.text)).toContain(
        await page.evaluate(() => (window.innerWidth >= 1900 ? 'down' : '✕')),
      );
      for (const label of labels) {
        expect(label.opacity, `${theme} ${label.text}`).toBe(1);
        expect(label.ratio, `${theme} ${label.text}`).toBeGreaterThanOrEqual(3);
      }
    }
  });
});
