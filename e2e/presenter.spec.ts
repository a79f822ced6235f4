import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { loadScenario } from '../src/scenario';
import { AppPage } from './appPage';

const LESSON = 'lesson-09-replication';

/** The lesson's captions, in order: their times and texts. */
function captions(): { atMs: number; text: string }[] {
  const loaded = loadScenario(readFileSync(`public/scenarios/${LESSON}.yaml`, 'utf8'));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  return loaded.value.commands
    .flatMap((c) => (c.command.type === 'narrate' ? [{ atMs: c.atMs, text: c.command.text }] : []))
    .sort((a, b) => a.atMs - b.atMs);
}

test.describe('presenter mode', () => {
  test('a clicker (PageDown / PageUp) moves from caption to caption, shown large', async ({
    page,
  }) => {
    const says = captions();
    const app = new AppPage(page);
    await app.open(`?presenter&scenario=${LESSON}&paused&questions=off`);
    await expect(app.root).toHaveAttribute('data-mode', 'presenter');
    // The sidebar is out of the way; the caption is large.
    await expect(page.getByRole('tab', { name: 'Act' })).toBeHidden();
    const caption = page.locator('.narration p');
    await expect(caption).toContainText(says[0].text);
    const size = await caption.evaluate((p) => parseFloat(getComputedStyle(p).fontSize));
    // Large, but shrunk (to 65% at most) when a long caption would overflow its fixed band.
    expect(size).toBeGreaterThanOrEqual(20);

    // Each "next" plays on to the next caption (a few seconds at most) and stops there.
    for (const say of says.slice(1, 4)) {
      await page.keyboard.press('PageDown');
      await expect(app.root).toHaveAttribute('data-time-ms', String(say.atMs), { timeout: 10_000 });
      await expect(app.root).toHaveAttribute('data-playing', 'false');
      await expect(caption).toContainText(say.text);
    }
    await page.keyboard.press('PageUp');
    await expect(app.root).toHaveAttribute('data-time-ms', String(says[2].atMs));
    await expect(caption).toContainText(says[2].text);
  });

  test('"next" plays the motion to the next caption: the failover is drawn moving, not jumped to', async ({
    page,
  }) => {
    const app = new AppPage(page);
    const lesson = 'lesson-10-broker-failure';
    const loaded = loadScenario(readFileSync(`public/scenarios/${lesson}.yaml`, 'utf8'));
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    // The caption before the controller fences broker 2 and orders-1 moves to broker 3.
    const fenceMs = 15_500;
    const captionTimes = loaded.value.captions.map((c) => c.atMs);
    const from = Math.max(...captionTimes.filter((t) => t < fenceMs));
    const to = Math.min(...captionTimes.filter((t) => t > fenceMs));
    await app.open(`?presenter&scenario=${lesson}&t=${from}ms&questions=off`);
    const leader3 = app.replica('orders', 1, 3, 'leader');
    await expect(leader3).toHaveCount(0);
    // Sample every animation frame while "next" plays: time and who leads orders-1.
    const samples = page.evaluate(
      ([endMs]) =>
        new Promise<{ t: number; leader3: boolean }[]>((resolve) => {
          const seen: { t: number; leader3: boolean }[] = [];
          const root = document.getElementById('app')!;
          const frame = () => {
            const t = Number(root.getAttribute('data-time-ms'));
            const leader3 =
              document.querySelector('[aria-label="orders-1 on broker 3: leader"]') !== null;
            seen.push({ t, leader3 });
            if (t >= endMs || seen.length > 2000) resolve(seen);
            else requestAnimationFrame(frame);
          };
          frame();
        }),
      [to],
    );
    await page.keyboard.press('PageDown');
    const seen = await samples;
    await expect(app.root).toHaveAttribute('data-time-ms', String(to));
    await expect(app.root).toHaveAttribute('data-playing', 'false');
    const between = [...new Set(seen.map((s) => s.t).filter((t) => t > from && t < to))];
    // Several frames drawn on the way (a loaded machine draws fewer, but never none).
    expect(between.length).toBeGreaterThanOrEqual(3);
    // Before the fence orders-1 has no leader on broker 3; frames after it, before the caption, do.
    expect(seen.some((s) => s.t > from && s.t < fenceMs && !s.leader3)).toBe(true);
    expect(seen.some((s) => s.t > fenceMs && s.t < to && s.leader3)).toBe(true);
    await expect(leader3).toHaveCount(1);
    // "previous" goes back to where it started.
    await page.keyboard.press('PageUp');
    await expect(app.root).toHaveAttribute('data-time-ms', String(from));
  });

  test('the first PageDown after loading already moves (captions need no indexing)', async ({
    page,
  }) => {
    const says = captions();
    const app = new AppPage(page);
    await app.open(`?presenter&scenario=${LESSON}&questions=off`);
    // Opened paused at the first caption.
    await expect(app.root).toHaveAttribute('data-playing', 'false');
    await expect(app.root).toHaveAttribute('data-time-ms', String(says[0].atMs));
    await page.keyboard.press('PageDown');
    await expect(app.root).toHaveAttribute('data-playing', 'true');
    await expect(app.root).toHaveAttribute('data-time-ms', String(says[1].atMs), {
      timeout: 10_000,
    });
  });

  test('P switches presenter mode; ? opens the shortcut list, Escape closes it', async ({
    page,
  }) => {
    const app = new AppPage(page);
    await app.open(`?scenario=${LESSON}&paused`);
    await expect(app.root).toHaveAttribute('data-mode', 'app');
    await page.keyboard.press('p');
    await expect(app.root).toHaveAttribute('data-mode', 'presenter');
    await expect(page.getByRole('button', { name: 'Present' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(help).toBeVisible();
    await expect(help).toContainText('Presenter mode');
    await page.keyboard.press('Escape');
    await expect(help).toBeHidden();
    await page.keyboard.press('p');
    await expect(app.root).toHaveAttribute('data-mode', 'app');
  });
});
