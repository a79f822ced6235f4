import { expect, test } from '@playwright/test';
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
