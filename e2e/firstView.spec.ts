import { expect, test } from '@playwright/test';
import { AppPage } from './appPage';
import { runCli } from './cli';

test.describe('first view', () => {
  test('loads, shows kafkascope and the default scenario at its first caption; Play plays it', async ({
    page,
  }) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const app = new AppPage(page);
    await app.open();
    await expect(page).toHaveTitle('kafkascope');
    await expect(page.getByText('kafkascope', { exact: true })).toBeVisible();
    await expect(app.root).toHaveAttribute('data-status', 'ready');
    // A scenario with captions opens paused at its first one, for it to be read.
    await expect(app.button('Play')).toBeVisible();
    await expect(page.locator('.narration')).toHaveAttribute('data-caption-index', '0');
    await app.button('Play').click();
    await expect(app.button('Pause')).toBeVisible(); // playing
    const t0 = await app.timeMs();
    await expect.poll(() => app.timeMs(), { timeout: 5000 }).toBeGreaterThan(t0 + 200);
    await expect.poll(() => app.recordCells().count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await expect(page.getByRole('group', { name: 'Broker 1' })).toBeVisible();
    expect(errors).toEqual([]);
  });

  // 12 s: the steady rate is running; 24 s: a record without a key is in, and fred has re-read orders-3.
  for (const [until, ms] of [
    ['12s', 12_000],
    ['24s', 24_000],
  ] as const) {
    test(`?t=${until} pauses there showing exactly the records the CLI reports`, async ({
      page,
    }) => {
      const expected = runCli('public/scenarios/default.yaml', until);
      const app = new AppPage(page);
      await app.open(`?t=${until}`);
      await expect(app.root).toHaveAttribute('data-time-ms', String(ms));
      await expect(app.button('Play')).toBeVisible(); // paused
      expect(await app.traceHash()).toBe(expected.traceHash);
      expect(await app.eventCount()).toBe(expected.eventCount);

      let recordsCompared = 0;
      for (const topic of expected.topics.filter((t) => !t.internal)) {
        for (const p of topic.partitions) {
          const drawn = await app.strip(topic.name, p.partition);
          const where = `${topic.name}-${p.partition}`;
          expect(drawn.logEndOffset, where).toBe(p.logEndOffset);
          expect(drawn.highWatermark, where).toBe(p.highWatermark);
          // The page draws the newest records only: [firstDrawnOffset, logEndOffset), the rest counted.
          expect(drawn.firstDrawnOffset, where).toBeGreaterThanOrEqual(p.logStartOffset);
          expect(drawn.recordsOmitted, where).toBe(drawn.firstDrawnOffset - p.logStartOffset);
          const window = p.records
            .filter((r) => r.offset >= drawn.firstDrawnOffset)
            .map((r) => ({ offset: r.offset, key: r.key }));
          expect(window.length, where).toBe(p.logEndOffset - drawn.firstDrawnOffset);
          expect(drawn.records, where).toEqual(window);
          recordsCompared += window.length;

          const leader = page.getByRole('img', {
            name: `${where} on broker ${p.leader}: leader`,
            exact: true,
          });
          await expect(leader, where).toHaveCount(1);
          for (const follower of p.replicas.filter((b) => b !== p.leader)) {
            await expect(
              page.getByRole('img', {
                name: new RegExp(`^${where} on broker ${follower}: follower`),
              }),
            ).toHaveCount(1);
          }
        }
      }
      expect(recordsCompared).toBeGreaterThan(0);

      for (const consumer of expected.consumers) {
        for (const pos of consumer.positions) {
          const marker = page.locator(
            `g.strip[data-topic="${pos.topic}"][data-partition="${pos.partition}"] g.position-marker`,
          );
          const positions = await marker.evaluateAll(
            (gs, id) =>
              gs
                .filter((g) => g.getAttribute('data-consumers')!.split(' ').includes(id))
                .map((g) => Number(g.getAttribute('data-position'))),
            consumer.id,
          );
          expect(positions, `${consumer.id} on ${pos.topic}-${pos.partition}`).toEqual([
            pos.position,
          ]);
        }
      }
    });
  }

  test('?seed changes the run, and the page still agrees with the CLI', async ({ page }) => {
    const expected = runCli('public/scenarios/default.yaml', '8s', ['--seed', '99']);
    const app = new AppPage(page);
    await app.open('?seed=99&t=8s');
    await expect(app.root).toHaveAttribute('data-time-ms', '8000');
    expect(await app.traceHash()).toBe(expected.traceHash);
  });
});

test.describe('playback controls', () => {
  test('Play, Pause and Step', async ({ page }) => {
    const app = new AppPage(page);
    await app.open('?paused');
    await expect(app.button('Play')).toBeVisible();
    const t0 = await app.timeMs();
    await page.waitForTimeout(300);
    expect(await app.timeMs()).toBe(t0); // paused: time stands still

    await app.button('Play').click();
    await expect.poll(() => app.timeMs()).toBeGreaterThan(t0);
    await app.button('Pause').click();
    await expect(app.button('Play')).toBeVisible();
    const paused = await app.timeMs();
    await page.waitForTimeout(400);
    expect(await app.timeMs()).toBe(paused);

    const events = await app.eventCount();
    await app.button('Step').click();
    await expect.poll(() => app.eventCount()).toBeGreaterThan(events);
    expect(await app.timeMs()).toBeGreaterThanOrEqual(paused);
    await expect(app.button('Play')).toBeVisible(); // stepping leaves it paused

    await app.button('Restart').click();
    await expect(app.root).toHaveAttribute('data-time-ms', '0');
  });

  test('keyboard: Space plays and pauses, → steps', async ({ page }) => {
    const app = new AppPage(page);
    await app.open('?paused');
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    const events = await app.eventCount();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => app.eventCount()).toBeGreaterThan(events);
    await page.keyboard.press('Space');
    await expect(app.button('Pause')).toBeVisible();
    await page.keyboard.press('Space');
    await expect(app.button('Play')).toBeVisible();
  });

  test('speed control offers 0.1× to 10×', async ({ page }) => {
    const app = new AppPage(page);
    // Caption pacing off: a held caption would stop the clock this test measures.
    await app.open('?paused&pace=off');
    const speed = page.getByLabel('Speed');
    await expect(speed.locator('option')).toHaveText([
      '0.1×',
      '0.25×',
      '0.5×',
      '1×',
      '2×',
      '5×',
      '10×',
    ]);
    await speed.selectOption('10');
    const t0 = await app.timeMs();
    await app.button('Play').click();
    await expect.poll(() => app.timeMs(), { timeout: 5000 }).toBeGreaterThan(t0 + 2000);
  });
});

test.describe('errors and edge cases', () => {
  test('a scenario that does not exist shows an error, not a blank page', async ({ page }) => {
    const app = new AppPage(page);
    await app.open('?scenario=does-not-exist');
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('Could not load the scenario "does-not-exist"');
    await expect(alert).toContainText('scenarios/does-not-exist.yaml');
    await expect(page.getByText('kafkascope', { exact: true })).toBeVisible();
  });

  test('a broken scenario lists its problems with file:line:col', async ({ page }) => {
    await page.route('**/scenarios/broken.yaml', (route) =>
      route.fulfill({
        contentType: 'text/yaml',
        body: [
          'title: Broken',
          'duration: 10s',
          'cluster:',
          '  brokers: 3',
          '  topics:',
          '    - name: orders',
          '      partitions: -2',
          '',
        ].join('\n'),
      }),
    );
    const app = new AppPage(page);
    await app.open('?scenario=broken');
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('scenarios/broken.yaml');
    await expect(alert).toContainText(
      /scenarios\/broken\.yaml:7:\d+: cluster\.topics\[0\]\.partitions: /,
    );
    await expect(app.button('Play')).toBeDisabled();
  });

  test('unreadable URL parameters are explained', async ({ page }) => {
    const app = new AppPage(page);
    await app.open('?t=later');
    await expect(page.getByRole('alert')).toContainText('?t=later');
  });

  test('with reduced motion, no records are drawn in flight', async ({ browser }) => {
    const context = await browser.newContext({ reducedMotion: 'reduce' });
    const page = await context.newPage();
    const app = new AppPage(page);
    await app.open('?t=12s');
    await page.getByRole('button', { name: 'Play' }).click();
    await expect.poll(() => app.timeMs()).toBeGreaterThan(12_300);
    await expect(page.locator('g.flight')).toHaveCount(0);
    await context.close();
  });

  test('fits a 1024 px wide screen without sideways scrolling', async ({ page }) => {
    await page.setViewportSize({ width: 1024, height: 768 });
    const app = new AppPage(page);
    await app.open('?t=12s');
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await expect(page.getByRole('group', { name: 'Broker 3' })).toBeInViewport();
  });
});
