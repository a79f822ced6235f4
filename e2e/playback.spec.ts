import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { loadScenario, readingTimeMs } from '../src/scenario';
import { AppPage } from './appPage';
import { replayPage } from './replay';

const SCENARIO = 'lesson-10-broker-failure';

/** The page's state must be the straight headless run's, at the page's own moment. */
async function expectStraight(app: AppPage): Promise<number> {
  const session = await app.session();
  expect(session.traceHash).toBe(replayPage(SCENARIO, session).traceHash);
  return session.timeMs;
}

test.describe('the timeline', () => {
  test('clicking and dragging anywhere on it seeks; back and forth gives the state of playing straight', async ({
    page,
  }) => {
    const app = new AppPage(page);
    await app.open(`?scenario=${SCENARIO}&paused`);
    const slider = page.getByRole('slider', { name: 'Time' });
    await expect(slider).toHaveAttribute('aria-valuemax', '54000');
    const box = (await slider.boundingBox())!;
    const y = box.y + box.height * 0.75;
    // Forward, back, forward again, each landing where the pointer is.
    const times: number[] = [];
    for (const f of [0.8, 0.2, 0.55, 0.05, 0.95]) {
      await page.mouse.click(box.x + box.width * f, y);
      await expect(app.root).toHaveAttribute('data-playing', 'false');
      const t = await expectStraight(app);
      times.push(t);
    }
    // Monotone in the pointer's position: seeking really moved in both directions.
    expect(times[0]).toBeGreaterThan(times[1]);
    expect(times[2]).toBeGreaterThan(times[1]);
    expect(times[4]).toBeGreaterThan(times[0]);
    // A drag ends where it is released.
    await page.mouse.move(box.x + box.width * 0.3, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6, y, { steps: 8 });
    await page.mouse.move(box.x + box.width * 0.45, y, { steps: 8 });
    await page.mouse.up();
    const dragged = await expectStraight(app);
    expect(dragged / 54_000).toBeGreaterThan(0.38);
    expect(dragged / 54_000).toBeLessThan(0.52);
  });

  test('opened paused, the logs on screen get spare cells while idle: the first seek builds none', async ({
    page,
  }) => {
    const app = new AppPage(page);
    await app.open(`?scenario=${SCENARIO}&paused`);
    // At 0 s no log holds a record; once the index has rehearsed a seek, every strip on
    // screen holds hidden cells for its window.
    await expect(page.locator('section.timeline')).toHaveAttribute('data-indexed-percent', '100', {
      timeout: 30_000,
    });
    await expect(page.locator('svg.cluster g.record')).toHaveCount(0);
    await expect
      .poll(() => page.locator('svg.cluster g.record-spare').count(), { timeout: 10_000 })
      .toBeGreaterThan(0);
    for (const spare of await page.locator('svg.cluster g.record-spare').all())
      await expect(spare).toBeHidden();
    await page.evaluate(() => {
      const w = window as unknown as { built: number };
      w.built = 0;
      new MutationObserver((list) => {
        for (const m of list)
          for (const n of m.addedNodes)
            if (n instanceof Element && n.matches('g.record, g.record-spare')) w.built++;
      }).observe(document.querySelector('svg.cluster')!, { childList: true, subtree: true });
    });
    const slider = page.getByRole('slider', { name: 'Time' });
    const box = (await slider.boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.7, box.y + box.height * 0.75);
    await expectStraight(app);
    await expect(page.locator('svg.cluster g.record').first()).toBeVisible();
    expect(await page.evaluate(() => (window as unknown as { built: number }).built)).toBe(0);
  });

  test('the keyboard: Home, End, PageUp, and ← → step one event each way', async ({ page }) => {
    const app = new AppPage(page);
    await app.open(`?scenario=${SCENARIO}&t=20s`);
    const slider = page.getByRole('slider', { name: 'Time' });
    await slider.focus();
    await page.keyboard.press('End');
    await expect(slider).toHaveAttribute('aria-valuenow', '54000');
    await expectStraight(app);
    await page.keyboard.press('PageUp');
    await expect(slider).toHaveAttribute('aria-valuenow', '44000');
    await expectStraight(app);
    // Step forward three events, then back three: the same states, in reverse.
    const forward: string[] = [await app.traceHash().then(String)];
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('ArrowRight');
      await expect(app.root).not.toHaveAttribute('data-trace-hash', forward[forward.length - 1]);
      forward.push((await app.traceHash())!);
    }
    for (let i = forward.length - 2; i >= 0; i--) {
      await page.keyboard.press('ArrowLeft');
      await expect(app.root).toHaveAttribute('data-trace-hash', forward[i]);
    }
    await page.keyboard.press('Home');
    await expect(slider).toHaveAttribute('aria-valuenow', '0');
  });

  test('markers: the crash is on the timeline, and "Next marker" goes to it', async ({ page }) => {
    const app = new AppPage(page);
    await app.open(`?scenario=${SCENARIO}&paused`);
    const next = page.getByRole('button', { name: /Next marker/ });
    // Captions at 0 s and 4 s, then broker 2 crashes at 8 s (with a caption saying so).
    for (let guard = 0; guard < 6 && (await app.timeMs()) < 8000; guard++) await next.click();
    expect(await app.timeMs()).toBe(8000);
    const killed = app.broker(2);
    await expect(killed).toContainText(/DOWN/);
    await expectStraight(app);
    await expect(page.locator('.tl-marker.tl-failure').first()).toBeVisible();
  });

  test('an action taken in the past forks the run: the later action is gone, the replay agrees', async ({
    page,
  }) => {
    const app = new AppPage(page);
    await app.open(`?scenario=${SCENARIO}&t=5s`);
    await app.broker(3).getByRole('button', { name: 'Kill broker 3' }).click();
    await page.getByRole('slider', { name: 'Time' }).focus();
    await page.keyboard.press('PageDown'); // +10 s
    await expect(app.root).toHaveAttribute('data-time-ms', '15000');
    await app.broker(4).getByRole('button', { name: 'Kill broker 4' }).click();
    expect((await app.session()).sessionLog.map((e) => e.atMs)).toEqual([5000, 15000]);

    // Back to 8 s and act there: the action at 15 s belonged to the old future.
    await page.getByRole('slider', { name: 'Time' }).focus();
    await page.keyboard.press('Home');
    for (let i = 0; i < 8; i++) await page.keyboard.press('Shift+ArrowRight');
    await expect(app.root).toHaveAttribute('data-time-ms', '8000');
    await app.broker(1).getByRole('button', { name: 'Shut down broker 1' }).click();
    const session = await app.session();
    expect(session.sessionLog).toEqual([
      { atMs: 5000, command: { type: 'killBroker', broker: 3 } },
      { atMs: 8000, command: { type: 'shutdownBroker', broker: 1 } },
    ]);
    await expect(app.announcer()).toContainText(/fork|discard/i);
    await page.keyboard.press('End');
    await expectStraight(app);
  });
});

/** A scenario's compiled captions (time, reading time), as the app compiles them. */
function captionsOf(name: string) {
  const loaded = loadScenario(readFileSync(`public/scenarios/${name}.yaml`, 'utf8'));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  return loaded.value.captions;
}

/** A long caption (about 8 s to read) with the next one 2 s of virtual time later. */
const PACING = `title: Pacing
seed: 1
duration: 20s
cluster:
  brokers: 1
  topics: [{ name: t, partitions: 1 }]
steps:
  - at: 0s
    say: >-
      This caption has twenty-five words, which take seven and a half seconds to read at two
      hundred words a minute, but the next caption comes two seconds later.
  - at: 2s
    say: The second caption.
  - at: 4s
    say: The third caption.
`;
const PACING_READING_MS = readingTimeMs(
  'This caption has twenty-five words, which take seven and a half seconds to read at two hundred words a minute, but the next caption comes two seconds later.',
);

test.describe('caption-paced playback', () => {
  test('at 1× a caption stays on screen at least its reading time: the run holds, then resumes by itself', async ({
    page,
  }) => {
    const app = new AppPage(page);
    await app.open('?paused');
    await app.openFile('pacing.yaml', PACING);
    await expect(app.title()).toHaveText('Pacing');
    const narration = page.locator('.narration');
    // Opened paused at the first caption.
    await expect(app.root).toHaveAttribute('data-playing', 'false');
    await expect(narration).toHaveAttribute('data-caption-index', '0');
    await expect(narration).toHaveAttribute('data-reading-ms', String(PACING_READING_MS));
    const shownAt = Number(await narration.getAttribute('data-caption-shown-at'));
    await app.button('Play').click();
    // Virtual time reaches 2 s long before the caption is read: it holds just before.
    await expect(page.getByText(/Holding for the caption…/)).toBeVisible({ timeout: 10_000 });
    await expect(app.root).toHaveAttribute('data-playing', 'true');
    expect(await app.timeMs()).toBeLessThan(2000);
    await expect(narration).toHaveAttribute('data-caption-index', '1', { timeout: 15_000 });
    const nextShownAt = Number(await narration.getAttribute('data-caption-shown-at'));
    expect(nextShownAt - shownAt).toBeGreaterThanOrEqual(PACING_READING_MS);
    await expect(page.getByText(/Holding for the caption…/)).toHaveCount(0);
    // Time moves on by itself after the hold.
    await expect.poll(() => app.timeMs()).toBeGreaterThan(2000);
  });

  test('Skip ends a hold at once; ?pace=off never holds', async ({ page }) => {
    const app = new AppPage(page);
    await app.open('?paused');
    await app.openFile('pacing.yaml', PACING);
    await expect(app.title()).toHaveText('Pacing');
    await app.play('10');
    const skip = page.getByRole('button', { name: 'Skip', exact: true });
    await expect(skip).toBeVisible({ timeout: 10_000 });
    await skip.click();
    await expect(page.locator('.narration')).toHaveAttribute('data-caption-index', '1', {
      timeout: 3000,
    });

    await app.open('?paused&pace=off');
    await app.openFile('pacing.yaml', PACING);
    await expect(app.title()).toHaveText('Pacing');
    await app.play('1');
    // Without pacing the second caption comes after 2 s, well within the first one's reading time.
    await expect(page.locator('.narration')).toHaveAttribute('data-caption-index', '1', {
      timeout: PACING_READING_MS - 2000,
    });
    await expect(skip).toHaveCount(0);
  });

  test('a lesson opens paused at its first caption; ?autoplay plays', async ({ page }) => {
    const app = new AppPage(page);
    await app.open(`?scenario=${SCENARIO}`);
    await expect(app.root).toHaveAttribute('data-playing', 'false');
    await expect(app.root).toHaveAttribute('data-time-ms', String(captionsOf(SCENARIO)[0].atMs));
    await expect(page.locator('.narration')).toHaveAttribute('data-caption-index', '0');
    await app.open(`?scenario=${SCENARIO}&autoplay`);
    await expect(app.root).toHaveAttribute('data-playing', 'true');
  });

  test('"Next marker" works on a first play-through, before the timeline is indexed', async ({
    page,
  }) => {
    const app = new AppPage(page);
    await app.open(`?scenario=${SCENARIO}`);
    const next = page.getByRole('button', { name: /Next marker/ });
    await expect(next).toBeEnabled();
    await next.click();
    expect(await app.timeMs()).toBeGreaterThan(0);
  });
});

test.describe('the announcement banner', () => {
  test('after ?t=17s it tells only what just happened; seeking to 0 s empties it', async ({
    page,
  }) => {
    const app = new AppPage(page);
    await app.open(`?scenario=${SCENARIO}&t=17s`);
    const banner = app.announcer();
    // Broker 2 crashed at 8 s: old news at 17 s. The fence at 15.5 s is what just happened.
    await expect(banner).toContainText(/fenced broker 2|orders-1 → broker 3/);
    await expect(banner).not.toContainText('Broker 2 stopped responding');
    await app.timeline().focus();
    await page.keyboard.press('Home');
    await expect(app.root).toHaveAttribute('data-time-ms', '0');
    await expect(banner).toHaveText('');
  });

  test('a new scenario starts with an empty banner', async ({ page }) => {
    const app = new AppPage(page);
    await app.open(`?scenario=${SCENARIO}&t=17s`);
    await expect(app.announcer()).not.toHaveText('');
    await page.getByRole('button', { name: /Next lesson/ }).click();
    await expect(page).toHaveURL(/lesson-11/);
    await expect(app.announcer()).toHaveText('');
  });
});

test.describe('acting after the end', () => {
  test('the run plays on a while so the action settles (no freeze until Play)', async ({
    page,
  }) => {
    const app = new AppPage(page);
    await app.open(`?scenario=${SCENARIO}&t=54s`);
    await page.getByLabel('Speed').selectOption('10');
    await app.broker(1).getByRole('button', { name: 'Kill broker 1' }).click();
    // It plays on (at 10×, about a second) and pauses 10 s of virtual time after the action.
    await expect(app.root).toHaveAttribute('data-time-ms', '64000', { timeout: 15_000 });
    await expect(app.root).toHaveAttribute('data-playing', 'false');
    // Broker 1 was fenced on the way: the controller moved and its partitions have new leaders.
    await expectStraight(app);
  });
});
