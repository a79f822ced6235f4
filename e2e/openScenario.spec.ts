import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { AppPage } from './appPage';
import { replayPage } from './replay';

const positions = readFileSync(
  new URL('../public/scenarios/consumer-positions.yaml', import.meta.url),
);
const POSITIONS_TITLE = /^title: (.*)$/m.exec(positions.toString())![1].replace(/^["']|["']$/g, '');

test.describe('open a scenario file', () => {
  test('a valid file replaces the run, and the page agrees with the CLI', async ({ page }) => {
    const app = new AppPage(page);
    await app.open('?paused');
    await page
      .getByLabel('Scenario file')
      .setInputFiles({ name: 'positions.yaml', mimeType: 'text/yaml', buffer: positions });
    await expect(
      page.getByRole('banner').getByText(POSITIONS_TITLE, { exact: true }),
    ).toBeVisible();
    // A file with captions opens paused at its first caption, like a lesson.
    await expect(app.root).toHaveAttribute('data-playing', 'false');
    await app.button('Play').click();
    await expect(app.root).toHaveAttribute('data-playing', 'true');
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    // The run is the file's own: replaying that file headless to the same moment gives the same hash.
    const atMs = Number(await app.root.getAttribute('data-time-ms'));
    expect(atMs).toBeGreaterThan(0);
    const replayed = replayPage('consumer-positions', {
      seed: Number(await app.root.getAttribute('data-seed')),
      timeMs: atMs,
      sessionLog: [],
    });
    await expect(app.root).toHaveAttribute('data-trace-hash', replayed.traceHash);
  });

  test('a broken file shows its problems with line and column, and the current run carries on', async ({
    page,
  }) => {
    const app = new AppPage(page);
    await app.open('?t=5s');
    const hashBefore = await app.root.getAttribute('data-trace-hash');
    const broken = Buffer.from(
      'title: broken\nseed: 1\nduration: 10s\ncluster:\n  brokers: 3\n  topics:\n    - name: orders\n      partitions: many\n',
    );
    await page
      .getByLabel('Scenario file')
      .setInputFiles({ name: 'broken.yaml', mimeType: 'text/yaml', buffer: broken });
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('broken.yaml was not opened');
    await expect(alert).toContainText(/broken\.yaml:8:\d+: cluster\.topics\[0\]\.partitions/);
    await expect(app.root).toHaveAttribute('data-trace-hash', hashBefore ?? '');
    await expect(
      page.getByRole('banner').getByText('Keys pick partitions', { exact: true }),
    ).toBeVisible();
    await page.getByRole('button', { name: 'Dismiss' }).click();
    await expect(alert).toHaveCount(0);
  });

  test('markup in a scenario is shown as text, never run', async ({ page }) => {
    const app = new AppPage(page);
    await app.open('?paused');
    const hostile = Buffer.from(
      'title: "<img src=x onerror=window.__pwned=1>"\nseed: 1\nduration: 5s\ncluster:\n  brokers: 1\n  topics: [{ name: t, partitions: 1 }]\nsteps:\n  - at: 0s\n    say: "<script>window.__pwned=2</script>"\n',
    );
    await page
      .getByLabel('Scenario file')
      .setInputFiles({ name: 'hostile.yaml', mimeType: 'text/yaml', buffer: hostile });
    await expect(
      page.getByRole('banner').getByText('<img src=x onerror=window.__pwned=1>'),
    ).toBeVisible();
    expect(
      await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned),
    ).toBeUndefined();
  });
});
