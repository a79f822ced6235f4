import { expect, test, type Locator, type Page } from '@playwright/test';
import { AppPage } from './appPage';
import { replayPage } from './replay';

/**
 * The processing view, driven as a learner and an instructor would: a streams lesson opens on
 * it; a late record produced from the form is drawn as dropped; caching on and off write fewer
 * and every update; a dying instance's tasks restore on another; the talk's statement shows
 * ksqlDB's error and its fix runs; share links and embeds keep it.
 */

const FRAUD = 'lesson-13-fraud-query';

function processing(page: Page): Locator {
  return page.locator('section.processing');
}

/** The windows' picture: its accessible summary says every row. */
function windows(page: Page): Locator {
  return processing(page).locator('svg.win-svg');
}

/** An instance's card in the instances panel. */
function instanceCard(page: Page, instance: string): Locator {
  return processing(page).locator('.instance-card', { hasText: instance });
}

test.describe('the processing view', () => {
  test('a streams lesson opens on it: tasks, topology, windows, store and output at their moment', async ({
    page,
  }) => {
    const app = new AppPage(page);
    await app.open(`?scenario=${FRAUD}&t=40s`);
    await expect(processing(page)).toBeVisible();
    await expect(page).toHaveURL(/view=processing/);
    // Card 4111: four attempts in [0:00, 5:00), HAVING passes; the row is in POSSIBLE_FRAUD.
    await expect(windows(page)).toHaveAttribute('aria-label', /4111.*count 4.*passes HAVING/);
    await expect(processing(page).getByTestId('output-row').first()).toContainText(
      '4111@[0:00, 5:00) → {"ATTEMPTS":4}',
    );
    await expect(processing(page).getByTestId('output-row').first()).toContainText('cache flush');
    await expect(processing(page).locator('[data-task="1_0"]')).toHaveAttribute(
      'data-state',
      'RUNNING',
    );
    await expect(processing(page).locator('.topology-flow')).toContainText('re-key');
    // The cluster view and back; the internal topics are real topics there.
    await page.getByRole('button', { name: 'Cluster view', exact: true }).click();
    await expect(page.locator('.cluster-canvas')).toBeVisible();
    await expect(page.locator('.cluster-canvas')).toContainText('fraud (streams)');
    await page.getByRole('button', { name: 'Processing view', exact: true }).click();
    await expect(processing(page)).toBeVisible();
  });

  test('a late record produced from the form is drawn as dropped, and dropped-records rises', async ({
    page,
  }) => {
    const app = new AppPage(page);
    // Lesson 14 at 50 s: one task, stream time 6:20, grace 1:00, so the close line is 5:20.
    await app.open('?scenario=lesson-14-event-time&t=50s&pace=off');
    const dropped = processing(page).locator('.win-dropped');
    await expect(dropped).toHaveText('dropped-records 1');
    const lateMarks = windows(page).locator('g.rec-late');
    const lateBefore = await lateMarks.count();
    const form = processing(page).locator('.pp-produce');
    await form.getByLabel('card number').fill('7777');
    await form.getByLabel('Event time').selectOption('ago');
    await form.getByLabel('Time ago').fill('3');
    await form.getByLabel('Time unit').selectOption('minutes');
    await form.getByRole('button', { name: 'Send authorization' }).click();
    // 3 minutes before stream time 6:20 is 3:20: its window [0:00, 5:00) closed at 5:20.
    await expect(form.getByRole('status')).toContainText('with event time 3:20');
    await app.play('1');
    await expect(dropped).toHaveText('dropped-records 2', { timeout: 15_000 });
    await app.pause();
    await expect(lateMarks).toHaveCount(lateBefore + 1);
    await expect(windows(page)).toHaveAttribute('aria-label', /7777.*late/);
    // The action is in the session, and the page's run is the CLI's replay of it.
    const session = await app.session();
    expect(session.sessionLog.map((e) => e.command.type)).toEqual(['produce']);
    expect(session.traceHash).toBe(replayPage('lesson-14-event-time', session).traceHash);
  });

  test('caching on writes fewer rows than caching off, which writes every update; EMIT FINAL one', async ({
    page,
  }) => {
    const app = new AppPage(page);
    await app.open('?scenario=lesson-15-emit-and-caching&t=60s');
    const rowsFor4111 = processing(page)
      .getByTestId('output-row')
      .filter({ hasText: '4111@[0:00, 5:00)' });
    const show = (name: string) =>
      processing(page)
        .getByRole('radio', { name: new RegExp(`^${name} `) })
        .click();
    await show('cached');
    await expect(rowsFor4111).toHaveCount(3);
    await expect(rowsFor4111.first()).toContainText('cache flush');
    await show('uncached');
    await expect(rowsFor4111).toHaveCount(5);
    await expect(rowsFor4111.first()).toContainText('update');
    await show('final');
    await expect(rowsFor4111).toHaveCount(1);
    await expect(rowsFor4111.first()).toContainText('window close');
  });

  test('killing an instance from its card: it stops, its tasks wait for the session timeout', async ({
    page,
  }) => {
    const app = new AppPage(page);
    await app.open('?scenario=lesson-13-fraud-query&t=12s');
    await processing(page).getByRole('button', { name: 'Add instance' }).click();
    await expect(instanceCard(page, 'fraud-2')).toBeVisible();
    await app.play('5');
    // fraud-2 joined and took a share of the tasks.
    await expect(instanceCard(page, 'fraud-2').locator('[data-task]').first()).toBeVisible({
      timeout: 15_000,
    });
    await app.pause();
    await processing(page).getByRole('button', { name: 'Kill fraud-1' }).click();
    await expect(instanceCard(page, 'fraud-1')).toContainText('stopped');
    await expect(processing(page)).toContainText('waiting for the session timeout');
    const session = await app.session();
    expect(session.sessionLog.map((e) => e.command.type)).toEqual([
      'addStreamsInstance',
      'killStreamsInstance',
    ]);
    expect(session.traceHash).toBe(replayPage(FRAUD, session).traceHash);
  });

  test("after the session timeout the dead instance's tasks show RESTORING, then RUNNING on another", async ({
    page,
  }) => {
    // Lesson 16: fraud-1 was killed; its session expired at 66.25 s; restoring 1_0 takes ~1 s.
    const app = new AppPage(page);
    await app.open('?scenario=lesson-16-failure&t=68s');
    const fraud2 = instanceCard(page, 'fraud-2');
    const restoring = fraud2.locator('[data-task="1_0"]');
    await expect(restoring).toHaveAttribute('data-state', 'RESTORING');
    await expect(restoring).toContainText(/restoring \d+ records? from/);
    await expect(restoring.getByRole('progressbar')).toBeVisible();
    await expect(instanceCard(page, 'fraud-1')).toContainText('stopped');
    await app.seekBy(2);
    await expect(restoring).toHaveAttribute('data-state', 'RUNNING');
    await expect(fraud2.locator('[data-task]')).toHaveCount(6);
    await expect(fraud2.locator('[data-state="RUNNING"]')).toHaveCount(6);
  });

  test("the talk's statement shows ksqlDB's error at its line; the fix applies and reruns", async ({
    page,
  }) => {
    const app = new AppPage(page);
    await app.open(`?scenario=${FRAUD}&t=30s`);
    const query = processing(page).locator('.processing-query');
    await query.getByRole('button', { name: 'Try the talk’s statement' }).click();
    const problem = query.getByRole('alert');
    await expect(problem).toContainText('Invalid result type');
    await expect(problem).toContainText(/Line \d+, column \d+/);
    await query.getByRole('button', { name: /^Fix: / }).click();
    await expect(query.getByRole('alert')).toHaveCount(0);
    await expect(query.locator('.pp-pass')).toContainText('✓');
    await query.getByRole('button', { name: 'Apply and rerun from the start' }).click();
    // The scenario reloads with the fixed statements: a new run from its start.
    await expect.poll(() => app.timeMs(), { timeout: 15_000 }).toBeLessThan(20_000);
    await expect(query.locator('.pp-code')).toContainText('CREATE TABLE possible_fraud');
    await expect(processing(page)).toBeVisible();
  });

  test('a longer grace period, applied from the knobs, reruns the lesson and the late record counts', async ({
    page,
  }) => {
    const app = new AppPage(page);
    await app.open('?scenario=lesson-14-event-time&t=50s&pace=off');
    const dropped = processing(page).locator('.win-dropped');
    await expect(dropped).toHaveText('dropped-records 1');
    const query = processing(page).locator('.processing-query');
    await query.getByLabel('Grace period').selectOption('300000');
    await expect(query.locator('.pp-pass')).toContainText('✓');
    await query.getByRole('button', { name: 'Apply and rerun from the start' }).click();
    await expect.poll(() => app.timeMs(), { timeout: 15_000 }).toBeLessThan(20_000);
    await app.pause();
    await app.seekTo(50);
    await expect(processing(page).locator('.win-spec')).toContainText('grace 5:00');
    // Card 3400's attempt stamped 4:50 arrives at stream time 6:20: within 5 minutes of grace.
    await expect(dropped).toHaveText('dropped-records 0');
    await expect(windows(page)).toHaveAttribute('aria-label', /3400.*count 4/);
  });

  test('a share link and an 800×500 embed show the processing view', async ({
    page,
    context,
    browser,
  }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const app = new AppPage(page);
    await app.open(`?scenario=${FRAUD}&t=40s`);
    const link = await app.copyFromShare('Copy link');
    const other = await browser.newContext({ viewport: { width: 800, height: 500 } });
    try {
      const receiver = await other.newPage();
      await receiver.goto(link);
      await expect(processing(receiver)).toBeVisible({ timeout: 15_000 });
      await expect(receiver.locator('#app')).toHaveAttribute('data-time-ms', '40000');
      // Embedded in a page column: the windows first, legible (no text under 11 px).
      await receiver.goto(`/?embed&scenario=${FRAUD}&t=40s`);
      await expect(processing(receiver)).toBeVisible({ timeout: 15_000 });
      await expect(windows(receiver)).toBeVisible();
      const smallest = await receiver.evaluate(() => {
        const texts = [...document.querySelectorAll('section.processing svg text')];
        return Math.min(...texts.map((t) => parseFloat(getComputedStyle(t).fontSize)));
      });
      expect(smallest).toBeGreaterThanOrEqual(11);
      const overflow = await receiver.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
    } finally {
      await other.close();
    }
  });
});
