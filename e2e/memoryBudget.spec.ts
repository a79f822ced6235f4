import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { AppPage } from './appPage';

/** A run's memory budget: refused up front when the producers alone pass it, stopped when a run would. */

const FIREHOSE = readFileSync('e2e/fixtures/firehose.yaml', 'utf8');

async function serveFirehose(page: Page): Promise<void> {
  await page.route('**/scenarios/firehose.yaml', (route) =>
    route.fulfill({ contentType: 'text/yaml', body: FIREHOSE }),
  );
}

test.describe('the memory budget', () => {
  test('a run that would pass it stops at a whole second, says why, and stays usable; a reload restores the session', async ({
    page,
  }) => {
    await serveFirehose(page);
    const app = new AppPage(page);
    await app.open('?scenario=firehose&memoryBudget=20000&paused');
    await app.broker(3).getByRole('button', { name: 'Kill broker 3' }).click();
    await app.play('10');
    const banner = page.locator('.problem[data-kind="budget"]');
    await expect(banner).toContainText('The run stopped at its memory budget', { timeout: 20_000 });
    await expect(banner).toContainText(
      /Stopped at \d+\.0 s of virtual time: the logs hold [\d,]+ records/,
    );
    await expect(banner).toContainText("lower the producers' rate");
    await expect(app.root).toHaveAttribute('data-playing', 'false');
    const stoppedAt = await app.timeMs();
    expect(stoppedAt % 1000).toBe(0);
    expect(stoppedAt).toBeLessThan(60_000);
    // Play again: it stays where it stopped.
    await app.button('Play').click();
    await expect(app.root).toHaveAttribute('data-playing', 'false');
    expect(await app.timeMs()).toBe(stoppedAt);
    // Still usable: seeking back works, and the session kept the action.
    await app.seekTo(3);
    await expect(app.root).toHaveAttribute('data-time-ms', '3000');
    const session = await app.session();
    expect(session.sessionLog.map((e) => e.command)).toEqual([{ type: 'killBroker', broker: 3 }]);
    // Saved, and restored after a reload.
    await expect
      .poll(() =>
        page.evaluate(
          () => JSON.parse(localStorage.getItem('kafkascope:autosave:v1') ?? 'null')?.sessionLog,
        ),
      )
      .toEqual(session.sessionLog);
    await page.reload();
    await expect(page.getByRole('status', { name: 'Restored session' })).toBeVisible();
    await expect(app.root).toHaveAttribute('data-session-log', /killBroker/);
  });

  test('a scenario whose producers alone would pass it is refused up front, with the estimate', async ({
    page,
  }) => {
    const app = new AppPage(page);
    await app.open('?paused');
    await app.openFile(
      'soak.yaml',
      FIREHOSE.replace('duration: 60s', 'duration: 24h').replace('rate: 2000', 'rate: 100000'),
    );
    const problem = page.locator('.problem[data-kind="scenario"]');
    await expect(problem).toContainText('producers[0].rate');
    await expect(problem).toContainText('this run would hold about 8,640,000,000 records at once');
    await expect(problem).toContainText(
      'shorten the retention of events (retentionMs or retentionBytes',
    );
    await expect(problem).toContainText('more than the memory budget of 6,000,000 log entries');
    // The scenario that was running carries on.
    await expect(app.title()).not.toHaveText('Firehose');
  });
});
