import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { CHALLENGES, COURSE, loadScenario } from '../src/scenario';
import { AppPage } from './appPage';
import { replayPage } from './replay';

/** A lesson's narration, in order, read from its file as the CLI reads it. */
function narrationOf(id: string): { durationMs: number; says: string[] } {
  const loaded = loadScenario(readFileSync(`public/scenarios/${id}.yaml`, 'utf8'), `${id}.yaml`);
  if (!loaded.ok) throw new Error(`${id}: ${JSON.stringify(loaded.problems)}`);
  const says = [...loaded.value.commands]
    .sort((a, b) => a.atMs - b.atMs || a.stepIndex - b.stepIndex)
    .flatMap((c) => (c.command.type === 'narrate' ? [c.command.text] : []));
  return { durationMs: loaded.value.durationMs, says };
}

test.describe('the course: every lesson played to its end', () => {
  for (const lesson of COURSE) {
    test(`${lesson.number}. ${lesson.title}: every caption shows, and the end is the CLI's`, async ({
      page,
    }) => {
      const { durationMs, says } = narrationOf(lesson.id);
      test.setTimeout(30_000 + durationMs / 5);
      const app = new AppPage(page);
      // pace=off: this test checks every caption shows, not how long (playback.spec.ts does).
      await app.open(`?scenario=${lesson.id}&paused&pace=off&questions=off`);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(lesson.title);
      // Every text the caption shows while the lesson plays, in order.
      await page.evaluate(() => {
        const seen: string[] = [];
        (window as unknown as { captions: string[] }).captions = seen;
        const caption = document.querySelector('.narration')!;
        const read = () => {
          const p = caption.querySelector('p');
          const time = p?.querySelector('.narration-time')?.textContent ?? '';
          const text = (p?.textContent ?? '').slice(time.length);
          if (text !== '' && seen[seen.length - 1] !== text) seen.push(text);
        };
        read(); // paused at 0 s, the first caption already shows
        new MutationObserver(read).observe(caption, {
          subtree: true,
          childList: true,
          characterData: true,
        });
      });
      await app.play('10');
      await expect(app.root).toHaveAttribute('data-playing', 'false', {
        timeout: 10_000 + durationMs / 5,
      });
      expect(await app.timeMs()).toBe(durationMs);
      const captions = await page.evaluate(
        () => (window as unknown as { captions: string[] }).captions,
      );
      expect(captions).toEqual(says);
      const session = await app.session();
      expect(session.traceHash).toBe(replayPage(lesson.id, session).traceHash);
    });
  }

  test('the lesson picker lists the course and opens a lesson; next and previous move through it', async ({
    page,
  }) => {
    const app = new AppPage(page);
    await app.open('?scenario=lesson-01-the-log&paused');
    await page.getByRole('button', { name: /^Lessons/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Lessons' });
    // The lessons, then the challenges.
    await expect(dialog.getByRole('list').first().getByRole('listitem')).toHaveCount(
      COURSE.length,
    );
    await expect(dialog.getByRole('listitem')).toHaveCount(COURSE.length + CHALLENGES.length);
    await dialog.getByRole('button', { name: new RegExp(COURSE[8].title) }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(COURSE[8].title);
    await expect(page).toHaveURL(/scenario=lesson-09/);
    await page.getByRole('button', { name: /Next lesson/ }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(COURSE[9].title);
    await page.getByRole('button', { name: /Previous lesson/ }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(COURSE[8].title);
  });

  test('Space after "Next lesson" plays the new lesson instead of skipping another', async ({
    page,
  }) => {
    const app = new AppPage(page);
    await app.open(`?scenario=${COURSE[0].id}`);
    await page.getByRole('button', { name: /Next lesson/ }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(COURSE[1].title);
    await expect(app.root).toHaveAttribute('data-playing', 'false');
    await expect(app.button('Play')).toBeFocused();
    await page.keyboard.press('Space');
    await expect(app.root).toHaveAttribute('data-playing', 'true');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(COURSE[1].title);
  });
});
