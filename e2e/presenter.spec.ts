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
    await app.open(`?presenter&scenario=${LESSON}&paused`);
    await expect(app.root).toHaveAttribute('data-mode', 'presenter');
    // The sidebar is out of the way; the caption is large.
    await expect(page.getByRole('tab', { name: 'Act' })).toBeHidden();
    const caption = page.locator('.narration p');
    await expect(caption).toContainText(says[0].text);
    const size = await caption.evaluate((p) => parseFloat(getComputedStyle(p).fontSize));
    // Large, but shrunk (to 65% at most) when a long caption would overflow its fixed band.
    expect(size).toBeGreaterThanOrEqual(20);

    for (const say of says.slice(1, 4)) {
      await page.keyboard.press('PageDown');
      await expect(app.root).toHaveAttribute('data-time-ms', String(say.atMs));
      await expect(caption).toContainText(say.text);
    }
    await page.keyboard.press('PageUp');
    await expect(app.root).toHaveAttribute('data-time-ms', String(says[2].atMs));
    await expect(caption).toContainText(says[2].text);
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
