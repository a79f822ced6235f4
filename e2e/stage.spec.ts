import { expect, test, type Page } from '@playwright/test';
import { AppPage } from './appPage';

/** Each lesson the issue names, at the caption where its picture matters most. */
const KEY_MOMENTS = [
  { lesson: 'lesson-04-keys', t: '33s' },
  { lesson: 'lesson-08-rebalancing', t: '20s' },
  { lesson: 'lesson-10-broker-failure', t: '30.5s' },
  { lesson: 'lesson-11-durability', t: '9.5s' },
] as const;

interface StageMeasure {
  viewport: { width: number; height: number };
  /** The drawn picture (the scene's bounding box on screen). */
  picture: { x: number; y: number; width: number; height: number };
  /** Entities (brokers, groups, consumers, logs, focused ones) not wholly inside the viewport. */
  outside: string[];
  entities: number;
  /** Smallest font of any drawn SVG text, as seen on screen (font-size × scale). */
  minFontPx: number;
  minFontText: string;
}

async function measureStage(page: Page): Promise<StageMeasure> {
  return page.evaluate(() => {
    // The picture's SVGs (the broker cards are one of their own under the rest), one size.
    const svg = document.querySelector('.cluster-canvas')!;
    const scenes = [...svg.querySelectorAll(':scope > svg.cluster > g')]
      .map((g) => g.getBoundingClientRect())
      .filter((r) => r.width > 0 && r.height > 0);
    const left = Math.min(...scenes.map((r) => r.left));
    const top = Math.min(...scenes.map((r) => r.top));
    const scene = {
      x: left,
      y: top,
      width: Math.max(...scenes.map((r) => r.right)) - left,
      height: Math.max(...scenes.map((r) => r.bottom)) - top,
    };
    const width = window.innerWidth;
    const height = window.innerHeight;
    const entities = [
      ...svg.querySelectorAll(
        '[data-entity^="broker:"], [data-entity^="group:"], [data-entity^="consumer:"], [data-entity^="log:"], .focused',
      ),
    ];
    const outside = entities
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.left < -0.5 || r.top < -0.5 || r.right > width + 0.5 || r.bottom > height + 0.5;
      })
      .map((el) => el.getAttribute('data-entity') ?? el.tagName);
    let minFontPx = Infinity;
    let minFontText = '';
    for (const text of svg.querySelectorAll<SVGTextElement>('svg.cluster text')) {
      if (text.textContent === '' || text.getBoundingClientRect().width === 0) continue;
      const style = getComputedStyle(text);
      if (style.display === 'none' || style.visibility === 'hidden') continue;
      const ctm = text.getScreenCTM();
      const scale = ctm === null ? 1 : Math.hypot(ctm.a, ctm.b);
      const px = parseFloat(style.fontSize) * scale;
      if (px < minFontPx) {
        minFontPx = px;
        minFontText = text.textContent ?? '';
      }
    }
    return {
      viewport: { width, height },
      picture: { x: scene.x, y: scene.y, width: scene.width, height: scene.height },
      outside,
      entities: entities.length,
      minFontPx,
      minFontText,
    };
  });
}

async function openStage(page: Page, query: string): Promise<AppPage> {
  const app = new AppPage(page);
  await app.open(query);
  await expect(page.locator('svg.cluster [data-entity^="broker:"]').first()).toBeVisible();
  // The fit is computed from the stage's box after the first frame.
  await page.waitForTimeout(300);
  return app;
}

test.describe('the stage at 1280×720 in presenter mode', () => {
  test.use({ viewport: { width: 1280, height: 720 } });

  for (const { lesson, t } of KEY_MOMENTS) {
    test(`${lesson} at ${t}: every broker, group, consumer and log on screen, the picture large`, async ({
      page,
    }) => {
      await openStage(page, `?presenter&scenario=${lesson}&t=${t}&paused`);
      const m = await measureStage(page);
      test.info().annotations.push({
        type: 'measured',
        description: `picture ${Math.round(m.picture.width)}×${Math.round(m.picture.height)} (${Math.round((100 * m.picture.width * m.picture.height) / (1280 * 720))}% of the viewport), smallest text ${m.minFontPx.toFixed(1)} px ("${m.minFontText}")`,
      });
      expect(m.entities).toBeGreaterThan(3);
      expect(m.outside).toEqual([]);
      // The stage below the controls' bar and the caption band is the picture's.
      const stage = await page.locator('.cluster-view').boundingBox();
      expect(stage!.height * stage!.width).toBeGreaterThanOrEqual(0.65 * 1280 * 720);
      // No page scrolling: the picture fits the viewport.
      const scroll = await page.evaluate(() => ({
        x: document.documentElement.scrollWidth,
        y: document.documentElement.scrollHeight,
      }));
      expect(scroll).toEqual({ x: 1280, y: 720 });
    });
  }

  for (const { lesson, t } of KEY_MOMENTS) {
    test(`${lesson} at ${t}: the drawn picture covers ≥ 65% of the screen`, async ({ page }) => {
      await openStage(page, `?presenter&scenario=${lesson}&t=${t}&paused`);
      const m = await measureStage(page);
      const share = (m.picture.width * m.picture.height) / (1280 * 720);
      test
        .info()
        .annotations.push({ type: 'measured', description: `${Math.round(100 * share)}%` });
      expect(share).toBeGreaterThanOrEqual(0.65);
    });
  }

  // The smallest text of the picture on screen. A room's text is at least 15 px before the
  // stage scales it (ROOM_MIN_TEXT_PX), and lessons that never point at a broker count each
  // broker's replicas instead of listing them, so the densest key moments (lesson 8: two
  // groups of three, six logs with each group's commits; lesson 10: four brokers) fit at a
  // scale that draws it at 16 px (measured 16.2 and 17.1 px; lessons 4 and 11: 20.8, 23.9).
  for (const { lesson, t } of KEY_MOMENTS) {
    test(`${lesson} at ${t}: no text of the picture is under 16 px on screen, no name under 20 px`, async ({
      page,
    }) => {
      await openStage(page, `?presenter&scenario=${lesson}&t=${t}&paused`);
      const m = await measureStage(page);
      // Names: brokers', clients', groups' and partition logs' (the 20 px).
      const names = await page.evaluate(() =>
        Math.min(
          ...[
            ...document.querySelectorAll(
              'svg.cluster .broker-name, svg.cluster .node-name, svg.cluster .group-name, svg.cluster .strip-name',
            ),
          ]
            .filter((t) => t.textContent !== '')
            .map((t) => {
              const ctm = (t as SVGTextElement).getScreenCTM()!;
              return parseFloat(getComputedStyle(t).fontSize) * Math.hypot(ctm.a, ctm.b);
            }),
        ),
      );
      test.info().annotations.push({
        type: 'measured',
        description: `${m.minFontPx.toFixed(1)} px ("${m.minFontText}"); names ${names.toFixed(1)} px`,
      });
      expect(m.minFontPx).toBeGreaterThanOrEqual(16);
      expect(names).toBeGreaterThanOrEqual(20);
    });
  }

  test('the controls lie over the caption and hide when not wanted; the pointer near the top or Tab brings them back', async ({
    page,
  }) => {
    await openStage(page, '?presenter&scenario=lesson-10-broker-failure&t=30.5s&paused');
    const chrome = page.locator('.chrome');
    const play = page.getByRole('button', { name: 'Play', exact: true });
    // Over the caption band (the stage starts under the band). (It shows as presenter mode
    // starts, for 2.5 s: a loaded machine may take longer than that to get here.)
    await expect(chrome).toHaveAttribute('data-overlay', 'true');
    const stageTop = (await page.locator('.cluster-view').boundingBox())!.y;
    const band = (await page.locator('.banner').boundingBox())!;
    expect(band.y).toBe(0);
    expect(stageTop).toBeCloseTo(band.height, 0);
    // Hidden after a few seconds without the pointer near it: invisible and takes no clicks.
    await expect(chrome).toHaveAttribute('data-hidden', 'true', { timeout: 6000 });
    await expect(chrome).toHaveCSS('opacity', '0');
    await expect(chrome).toHaveCSS('pointer-events', 'none');
    // A tap where Play was lands on the caption band, not on an invisible button.
    const at = (await play.boundingBox())!;
    const hit = await page.evaluate(
      ([x, y]) => document.elementFromPoint(x, y)?.closest('.chrome') !== null,
      [at.x + at.width / 2, at.y + at.height / 2],
    );
    expect(hit).toBe(false);
    // The pointer near the top shows it again.
    await page.mouse.move(640, 20);
    await expect(chrome).toHaveAttribute('data-hidden', 'false');
    await page.mouse.move(640, 600);
    await expect(chrome).toHaveAttribute('data-hidden', 'true', { timeout: 6000 });
    // Tab focuses a control in it and shows it while focus stays.
    await page.keyboard.press('Tab');
    await expect(chrome).toHaveAttribute('data-hidden', 'false');
    expect(await chrome.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    await page.waitForTimeout(3500);
    await expect(chrome).toHaveAttribute('data-hidden', 'false');
  });

  test('the picture does not move when a longer caption or the banner appears', async ({
    page,
  }) => {
    // Lesson 10: at 7.9 s the caption is short and no banner; by 16 s a long caption and a
    // failover announcement are shown.
    await openStage(page, '?presenter&scenario=lesson-10-broker-failure&t=7.9s&paused');
    const svg = page.locator('.cluster-canvas');
    const before = await svg.boundingBox();
    const captionBefore = await page.locator('.narration').textContent();
    await page.keyboard.press('PageDown');
    await page.keyboard.press('PageDown');
    await page.keyboard.press('PageDown');
    await expect(page.locator('.announcer p')).not.toBeEmpty();
    await expect(page.locator('.narration')).not.toHaveText(captionBefore ?? '');
    await page.waitForTimeout(200);
    const after = await svg.boundingBox();
    expect(after!.y).toBe(before!.y);
    // The caption band kept its height: the text shrank rather than pushing.
    const band = await page.locator('.banner').boundingBox();
    expect(band!.y + band!.height).toBeLessThanOrEqual(before!.y);
  });

  test('the controls collapse to one bar and expand on demand, by keyboard', async ({ page }) => {
    await openStage(page, '?presenter&scenario=lesson-08-rebalancing&t=20s&paused');
    const toggle = page.getByRole('button', { name: 'More controls' });
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
    await expect(page.getByRole('button', { name: /^Lessons/ })).toBeHidden();
    const bar = await page.locator('.chrome').boundingBox();
    expect(bar!.height).toBeLessThanOrEqual(90);
    await toggle.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('button', { name: 'Fewer controls' })).toHaveAttribute(
      'aria-expanded',
      'true',
    );
    await expect(page.getByRole('button', { name: /^Lessons/ })).toBeVisible();
  });
});

test.describe('other screens', () => {
  for (const [width, height] of [
    [1024, 768],
    [1920, 1080],
  ] as const) {
    test(`presenter at ${width}×${height}: lesson 8's brokers, both groups and every log on screen`, async ({
      page,
    }) => {
      await page.setViewportSize({ width, height });
      await openStage(page, '?presenter&scenario=lesson-08-rebalancing&t=20s&paused');
      const m = await measureStage(page);
      expect(m.outside).toEqual([]);
      await expect(page.locator('svg.cluster [data-entity^="group:"]')).toHaveCount(2);
      await expect(page.locator('svg.cluster [data-entity^="log:"]')).toHaveCount(6);
    });
  }

  test('at 1920×1080 broker cards do not stretch while the group column is cut', async ({
    page,
  }) => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await openStage(page, '?presenter&scenario=lesson-08-rebalancing&t=20s&paused');
    const texts = await page.locator('svg.cluster .group-head text').allTextContents();
    expect(texts.join(' ')).toContain('cooperative-sticky · cooperative');
    expect(texts.some((t) => t.endsWith('…'))).toBe(false);
    const widths = await page
      .locator('svg.cluster .broker-box')
      .evaluateAll((els) => els.map((el) => Number(el.getAttribute('width'))));
    for (const w of widths) expect(w).toBeLessThanOrEqual(260);
  });

  test('a phone (390×844): one column at the screen’s width, nothing scrolls sideways, broker rows keep their names, Play reachable', async ({
    page,
  }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await openStage(page, '?scenario=lesson-10-broker-failure&t=30.5s&paused');
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(390);
    await expect(page.getByRole('button', { name: 'Play' })).toBeInViewport();
    // Not under the "More controls" button at the bar's top right (it covered half of Play).
    const play = (await page.getByRole('button', { name: 'Play' }).boundingBox())!;
    const toggle = (await page.getByRole('button', { name: /More controls/ }).boundingBox())!;
    const apart =
      play.x + play.width <= toggle.x ||
      toggle.x + toggle.width <= play.x ||
      play.y + play.height <= toggle.y ||
      toggle.y + toggle.height <= play.y;
    expect(apart, `Play ${JSON.stringify(play)}, toggle ${JSON.stringify(toggle)}`).toBe(true);
    // The picture is as wide as its box: it does not scroll sideways inside it either.
    const view = await page.locator('.cluster-view').evaluate((el) => ({
      scrollWidth: el.scrollWidth,
      clientWidth: el.clientWidth,
    }));
    expect(view.scrollWidth).toBeLessThanOrEqual(view.clientWidth);
    const names = await page.locator('svg.cluster .replica-name').allTextContents();
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(name).toMatch(/^orders-\d+$/);
    // Each row still says its log end offset (a bare number: the legend says "n = LEO").
    const leos = await page.locator('svg.cluster .replica-leo').allTextContents();
    for (const leo of leos) expect(leo).toMatch(/^\d+(\/\d+)?$/);
    // Brokers two to a row, then the group under them, then the logs.
    const box = (sel: string) => page.locator(sel).first().boundingBox();
    const brokers = await page
      .locator('svg.cluster .broker-box')
      .evaluateAll((els) => els.map((el) => el.getBoundingClientRect().toJSON() as DOMRect));
    expect(new Set(brokers.map((b) => Math.round(b.top))).size).toBe(2);
    for (const b of brokers) expect(b.width).toBeGreaterThanOrEqual(140);
    const group = (await box('svg.cluster .group-frame'))!;
    const log = (await box('svg.cluster [data-entity="log:orders-0"]'))!;
    expect(group.y).toBeGreaterThan(Math.max(...brokers.map((b) => b.bottom)));
    expect(log.y).toBeGreaterThan(group.y + group.height);
  });

  test('at 1024 px a dead broker’s ✕ does not cover its status, and the status fits its card', async ({
    page,
  }) => {
    await page.setViewportSize({ width: 1024, height: 768 });
    await openStage(page, '?presenter&scenario=lesson-10-broker-failure&t=30.5s&paused');
    const overlaps = await page.evaluate(() =>
      [...document.querySelectorAll('svg.cluster g.broker')].map((card) => {
        const box = card.querySelector('.broker-box')!.getBoundingClientRect();
        const badge = card.querySelector('.broker-badge')!.getBoundingClientRect();
        const mark = card.querySelector('.broker-down-mark')!.getBoundingClientRect();
        const crosses =
          mark.width > 0 &&
          mark.left < badge.right &&
          badge.left < mark.right &&
          mark.top < badge.bottom &&
          badge.top < mark.bottom;
        return { crosses, inside: badge.right <= box.right + 0.5 };
      }),
    );
    for (const o of overlaps) expect(o).toEqual({ crosses: false, inside: true });
  });
});

test.describe('the typed view edge', () => {
  test('clicks resolve through the datum: a broker selects, a Kill button acts, no JSON in the DOM', async ({
    page,
  }) => {
    await openStage(page, '?scenario=lesson-10-broker-failure&t=5s&paused');
    expect(await page.locator('svg.cluster [data-command]').count()).toBe(0);
    await page.locator('svg.cluster [data-entity="broker:4"] .broker-box').click();
    await expect(page.locator('svg.cluster [data-entity="broker:4"]')).toHaveClass(/selected/);
    await page.getByRole('button', { name: 'Kill broker 4' }).click();
    await expect(page.locator('svg.cluster [data-entity="broker:4"]')).toHaveAttribute(
      'data-alive',
      'false',
    );
  });
});
