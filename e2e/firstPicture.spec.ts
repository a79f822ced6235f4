import { expect, test, type Page, type Route } from '@playwright/test';
import { AppPage } from './appPage';

/**
 * The first picture of a built-in scenario is drawn from a frame computed at build time; the
 * engine's code (and the driver's) loads after it and takes over with the same frame.
 */
const AFTER_PICTURE = /\/assets\/(engine|engineSide|simulationDriver|precompiled)-[^/]*\.js$/;

/** Holds the requests for the engine's chunks until `release()`. */
async function holdEngine(page: Page): Promise<{ release: () => void; asked: () => number }> {
  const held: Route[] = [];
  let released = false;
  await page.route(AFTER_PICTURE, async (route) => {
    if (released) await route.continue();
    else held.push(route);
  });
  return {
    release: () => {
      released = true;
      for (const route of held.splice(0)) void route.continue();
    },
    asked: () => held.length,
  };
}

// Every SVG of the picture (the broker cards are an SVG of their own under the rest), less
// the hidden spare record cells the view builds ahead once the engine runs and the page is
// idle (not drawn: `visibility="hidden"`, see fillSpareCells in src/viz/logLayer.ts).
const drawing = (page: Page) =>
  page.locator('.cluster-canvas').evaluate((canvas) => {
    const copy = canvas.cloneNode(true) as Element;
    for (const spare of copy.querySelectorAll('g.record-spare[visibility="hidden"]'))
      spare.remove();
    return copy.innerHTML;
  });

test.describe('the first picture', () => {
  test('is drawn before the engine has loaded; the engine takes over without changing it', async ({
    page,
  }) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const engine = await holdEngine(page);
    const app = new AppPage(page);
    await page.goto('/');
    await expect(page.getByRole('group', { name: 'Broker 1' })).toBeVisible();
    await expect(page.locator('.narration')).toHaveAttribute('data-caption-index', '0');
    await expect(app.root).toHaveAttribute('data-status', 'loading');
    await expect(page.locator('.loading')).toHaveCount(0); // no "Loading" over the picture
    // The engine is asked for once the picture is on screen, and waits here.
    await expect.poll(engine.asked).toBeGreaterThan(0);
    const hash = await app.root.getAttribute('data-trace-hash');
    const time = await app.timeMs();
    const before = await drawing(page);
    engine.release();
    await expect(app.root).toHaveAttribute('data-status', 'ready');
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
    expect(await app.root.getAttribute('data-trace-hash')).toBe(hash);
    expect(await app.timeMs()).toBe(time);
    expect(await drawing(page)).toBe(before);
    // And it plays.
    await app.button('Play').click();
    await expect.poll(() => app.timeMs(), { timeout: 5000 }).toBeGreaterThan(time + 200);
    expect(errors).toEqual([]);
  });

  test('Play pressed before the engine has loaded plays once it has', async ({ page }) => {
    const engine = await holdEngine(page);
    const app = new AppPage(page);
    await page.goto('/');
    await expect(page.getByRole('group', { name: 'Broker 1' })).toBeVisible();
    const time = await app.timeMs();
    await app.button('Play').click();
    engine.release();
    await expect(app.root).toHaveAttribute('data-status', 'ready');
    await expect.poll(() => app.timeMs(), { timeout: 5000 }).toBeGreaterThan(time + 200);
  });

  test('an engine that cannot be loaded is reported over the picture, not a blank page', async ({
    page,
  }) => {
    await page.route(AFTER_PICTURE, (route) => route.abort());
    const app = new AppPage(page);
    await app.open();
    await expect(app.root).toHaveAttribute('data-status', 'failed');
    await expect(page.getByText('Could not load the simulation engine')).toBeVisible();
    await expect(page.getByRole('group', { name: 'Broker 1' })).toBeVisible();
  });
});
