import { expect, test, type Page } from '@playwright/test';
import { AppPage } from './appPage';
import { replayPage } from './replay';

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
    // KNOWN BUG (src/ui/app.css): below 1200 px wide, `@media (max-width: 1199px)` stacks the
    // full app (`.app { grid-template-rows: auto … }`, `.main { overflow: visible }`), and the
    // embed rules do not override either, so an 800×500 embed's page is 702 px tall and
    // scrolls. Fix: `.app[data-mode='embed'] { grid-template-rows: auto auto auto minmax(0, 1fr) }`
    // and `.app[data-mode='embed'] .main { overflow: auto }`. Remove this line once fixed.
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
    // What does not fit scrolls inside the main area.
    const main = await page.locator('main').evaluate((el) => ({
      overflowY: getComputedStyle(el).overflowY,
      bottom: el.getBoundingClientRect().bottom,
    }));
    expect(main.bottom).toBeLessThanOrEqual(500);
    expect(main.overflowY).toMatch(/auto|scroll/);
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
