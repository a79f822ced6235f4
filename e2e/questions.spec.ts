import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { loadScenario, runScenario } from '../src/scenario';
import { AppPage } from './appPage';

/** Questions (`ask` steps): the run pauses, the viewer answers, the reveal plays to the answer. */

const TEXT = readFileSync('e2e/fixtures/questions.yaml', 'utf8');

/** Serves the fixture as scenarios/questions.yaml. */
async function serveFixture(page: Page): Promise<void> {
  await page.route('**/scenarios/questions.yaml', (route) =>
    route.fulfill({ contentType: 'text/yaml', body: TEXT }),
  );
}

/** The questions' right choices for a seed, as the engine computes them in Node. */
function rightChoices(seed: number): (number | null)[] {
  const loaded = loadScenario(TEXT);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  const compiled = { ...loaded.value, setup: { ...loaded.value.setup, seed } };
  return runScenario(compiled).answers.map((a) => (a.answer.ok ? a.answer.choice : null));
}

test.describe('questions', () => {
  test('a question pauses the run; a wrong and a right answer are shown as such after the reveal plays', async ({
    page,
  }) => {
    // Two reveals play in real time: ~25 s alone, 33 s once in a loaded CI run (over 30 s).
    test.slow();
    await serveFixture(page);
    const app = new AppPage(page);
    await app.open('?scenario=questions&autoplay');
    const card = page.getByRole('region', { name: "Which partition will zoe's order land on?" });
    await expect(card).toHaveAttribute('data-phase', 'asking', { timeout: 15_000 });
    // Paused at the question's moment, with that moment's caption.
    await expect(app.root).toHaveAttribute('data-playing', 'false');
    await expect(app.root).toHaveAttribute('data-time-ms', '5000');
    await expect(page.locator('.narration p')).toContainText('zoe orders something.');
    // Nothing of the answer is on screen yet: zoe's record is sent at 6 s.
    await expect(card.locator('[data-correct]')).toHaveCount(0);

    // A wrong answer: partition 0 (murmur2("zoe") lands on 2).
    await card.getByRole('button', { name: '0', exact: true }).click();
    await expect(card).toHaveAttribute('data-phase', 'revealed', { timeout: 10_000 });
    // The reveal played the run to its moment (7 s), where the answer was computed.
    await expect(app.root).toHaveAttribute('data-time-ms', '7000');
    await expect(card).toHaveAttribute('data-right', 'false');
    await expect(card.locator('.question-verdict')).toHaveText('✗ Not this time.');
    await expect(card.getByText('The answer at 7.000 s: 2.')).toBeVisible();
    await expect(card.getByRole('button', { name: '2', exact: true })).toHaveAttribute(
      'data-correct',
      'true',
    );
    // The murmur2 walk-through, as the inspector gives it.
    await expect(card.getByRole('list', { name: 'Why key zoe goes to partition 2' })).toBeVisible();
    await expect(card.getByText('Score: 0 of 4 right at the first try')).toBeVisible();

    // Keyboard only: Continue has the focus; Enter goes on to the next question, 2 answers it.
    await expect(card.getByRole('button', { name: 'Continue' })).toBeFocused();
    await page.keyboard.press('Enter');
    const second = page.getByRole('region', { name: 'Who reads orders-2?' });
    await expect(second).toHaveAttribute('data-phase', 'asking', { timeout: 15_000 });
    await expect(app.root).toHaveAttribute('data-time-ms', '9000');
    await expect(second.getByRole('button', { name: /c1/ })).toBeFocused();
    await page.keyboard.press('2');
    await expect(second).toHaveAttribute('data-right', 'true');
    await expect(second.locator('.question-verdict')).toHaveText('✓ Right.');
    // The assignor's reasoning: the group's rule and what it gave whom.
    await expect(second.getByText(/Group billing uses the range \(RangeAssignor\)/)).toBeVisible();
    await expect(second.getByText('c2 → orders-2')).toBeVisible();
    await expect(second.getByText('Score: 1 of 4 right at the first try')).toBeVisible();

    // The score is kept in the browser: the lesson opened again shows it.
    await app.open('?scenario=questions&autoplay');
    const again = page.getByRole('region', { name: "Which partition will zoe's order land on?" });
    await expect(again).toHaveAttribute('data-phase', 'asking', { timeout: 15_000 });
    await again.getByRole('button', { name: '2', exact: true }).click();
    await expect(again).toHaveAttribute('data-right', 'true', { timeout: 10_000 });
    // Right this time, but the first try is what counts.
    await expect(again.getByText('Score: 1 of 4 right at the first try')).toBeVisible();
  });

  test('the answer is computed again when the seed changes', async ({ page }) => {
    await serveFixture(page);
    const app = new AppPage(page);
    const bySeed = new Map<number, number | null>();
    for (const seed of [4, 1]) {
      const expected = rightChoices(seed)[2];
      bySeed.set(seed, expected);
      await app.open(`?scenario=questions&seed=${seed}&t=11s`);
      await page.getByRole('button', { name: 'Play', exact: true }).click();
      const card = page.getByRole('region', { name: "Where did the random key's order go?" });
      await expect(card).toHaveAttribute('data-phase', 'asking', { timeout: 15_000 });
      await card.getByRole('button', { name: 'Show the answer' }).click();
      await expect(card).toHaveAttribute('data-phase', 'revealed', { timeout: 10_000 });
      await expect(app.root).toHaveAttribute('data-time-ms', '13000');
      // No answer given: no verdict, the right choice marked.
      await expect(card).not.toHaveAttribute('data-right', /.*/);
      const choices = card.locator('.question-choice');
      await expect(choices.nth(expected ?? -1)).toHaveAttribute('data-correct', 'true');
      await expect(card.locator('[data-correct="true"]')).toHaveCount(1);
    }
    // The random key lands elsewhere with the other seed, and the right choice moved with it.
    expect(bySeed.get(4)).not.toBe(bySeed.get(1));
  });

  test('typed answers, and a seek past a question does not ask it', async ({ page }) => {
    await serveFixture(page);
    const app = new AppPage(page);
    await app.open('?scenario=questions&t=14s');
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    const card = page.getByRole('region', { name: 'How many records are in orders now?' });
    await expect(card).toHaveAttribute('data-phase', 'asking', { timeout: 15_000 });
    const field = card.getByLabel('Your answer');
    await expect(field).toBeFocused();
    await field.fill('2');
    await page.keyboard.press('Enter');
    await expect(card).toHaveAttribute('data-right', 'true');
    await expect(card.getByText('The answer at 15.000 s: 2.')).toBeVisible();
    // Past every question: playing on asks nothing more.
    await app.open('?scenario=questions&t=16s');
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await expect(app.root).toHaveAttribute('data-playing', 'true');
    await expect(page.locator('.question')).toHaveCount(0);
  });

  test('presenter mode: the question big and numbered; next reveals, next goes on', async ({
    page,
  }) => {
    await serveFixture(page);
    const app = new AppPage(page);
    await app.open('?scenario=questions&presenter');
    await page.keyboard.press('PageDown');
    const card = page.getByRole('region', { name: "Which partition will zoe's order land on?" });
    await expect(card).toHaveAttribute('data-phase', 'asking', { timeout: 15_000 });
    const size = await card.locator('h2').evaluate((h) => parseFloat(getComputedStyle(h).fontSize));
    expect(size).toBeGreaterThanOrEqual(32);
    await expect(card.locator('.question-number')).toHaveText(['1', '2', '3']);
    await page.keyboard.press('PageDown');
    await expect(card).toHaveAttribute('data-phase', 'revealed', { timeout: 10_000 });
    await expect(app.root).toHaveAttribute('data-time-ms', '7000');
    // No scoring in front of a room.
    await expect(card.getByText(/Score:|Right\.|Not this time/)).toHaveCount(0);
    await expect(card.getByRole('button', { name: '2', exact: true })).toHaveAttribute(
      'data-correct',
      'true',
    );
    // The next caption (9 s) comes with the next question.
    await page.keyboard.press('PageDown');
    await expect(page.getByRole('region', { name: 'Who reads orders-2?' })).toHaveAttribute(
      'data-phase',
      'asking',
      { timeout: 10_000 },
    );
    await expect(app.root).toHaveAttribute('data-time-ms', '9000');
  });
});
