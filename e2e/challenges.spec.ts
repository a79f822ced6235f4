import { expect, test } from '@playwright/test';
import { AppPage } from './appPage';

/** Challenges: a goal reached by acting on the run, recognised, kept, and shared as proof. */

test.describe('challenges', () => {
  test('a challenge solved by a session is recognised, and its link replays to the solved state in a fresh page', async ({
    page,
    browser,
  }) => {
    const app = new AppPage(page);
    await app.open('?scenario=challenge-split-key&autoplay');
    const card = page.getByRole('region', { name: 'Challenge' });
    await expect(card).toContainText("Make alice's orders land in two different partitions.");
    await expect(card).toHaveAttribute('data-solved', 'false');
    // The hint, on request.
    await card.getByRole('button', { name: 'Hint' }).click();
    await expect(card.getByText(/What could change that number\?/)).toBeVisible();
    // Leaving the run alone solves nothing.
    await expect.poll(() => app.timeMs(), { timeout: 10_000 }).toBeGreaterThan(3000);
    await expect(card).toHaveAttribute('data-solved', 'false');

    // One more partition: alice's key now maps to partition 1 (murmur2 % 4), not 0.
    await page.getByRole('button', { name: 'Add partitions' }).click();
    await expect(card).toHaveAttribute('data-solved', 'true', { timeout: 15_000 });
    await expect(card.getByRole('status').first()).toContainText(/✓ Solved at/);
    await app.button('Pause').click();

    await card.getByRole('button', { name: 'Link to your solution' }).click();
    const link = await card.getByRole('textbox', { name: 'Link to your solution' }).inputValue();
    expect(link).toMatch(/[?&#]/);

    // Kept in this browser: the lessons menu marks it solved.
    await page.getByRole('button', { name: /^Lessons/ }).click();
    await expect(
      page.getByRole('button', { name: /split a key's records ✓ solved/ }),
    ).toBeVisible();

    // A fresh page (no storage) replays the session to the solved state.
    const fresh = await browser.newContext();
    const other = await fresh.newPage();
    await other.goto(link);
    const otherApp = new AppPage(other);
    await expect(otherApp.root).toHaveAttribute('data-status', 'ready', { timeout: 15_000 });
    const otherCard = other.getByRole('region', { name: 'Challenge' });
    await expect(otherCard).toHaveAttribute('data-solved', 'true', { timeout: 10_000 });
    const session = await otherApp.session();
    expect(session.sessionLog.map((e) => e.command.type)).toEqual(['addPartitions']);
    await fresh.close();
  });
});
