import { expect, test, type Page } from '@playwright/test';
import { AppPage } from './appPage';

/**
 * Issue 10, "legible content": record values where lessons use them (defect 7), strips that
 * keep the offsets a caption or marker names in view and page back (defect 8), and reduced
 * motion that marks what moves instead of hiding it (defect 11).
 */

/** A record cell's visible text, and whether it lies inside the cell and the viewport. */
async function cellInView(page: Page, selector: string) {
  const cell = page.locator(selector).first();
  await expect(cell).toBeVisible();
  return cell.evaluate((g) => {
    const rect = g.querySelector('rect.cell')!.getBoundingClientRect();
    const texts = [...g.querySelectorAll('text')].filter((t) => (t.textContent ?? '') !== '');
    return {
      text: texts.map((t) => t.textContent).join(' | '),
      inside: texts.every((t) => {
        const r = t.getBoundingClientRect();
        return r.left >= rect.left - 1 && r.right <= rect.right + 1;
      }),
      inViewport: rect.left >= 0 && rect.right <= window.innerWidth,
    };
  });
}

test.describe('record values (defect 7)', () => {
  test('lesson 1: the cluster view shows "signed up" in the record cell', async ({ page }) => {
    const app = new AppPage(page);
    await app.open('?scenario=lesson-01-the-log&t=4.5s&paused');
    const cell = await cellInView(page, 'svg.cluster g.record[data-entity="record:events-0@0"]');
    expect(cell.text).toContain('signed up');
    expect(cell.inside).toBe(true);
    expect(cell.inViewport).toBe(true);
  });

  test('a focused record shows its key, value and headers in a tooltip', async ({ page }) => {
    const app = new AppPage(page);
    await app.open('?scenario=lesson-01-the-log&t=9s&paused');
    const cell = page.locator('svg.cluster g.record[data-offset="1"]');
    await cell.focus();
    const tip = page.locator('svg.cluster g.record-tip');
    await expect(tip).toBeVisible();
    await expect(tip).toContainText('value added to cart');
    await expect(cell).toHaveAttribute('aria-describedby', /record-tip/);
  });

  test('the log view shows values in full, not their last word', async ({ page }) => {
    // Wide enough for all ten of lesson 1's records at once (at 1280 px the oldest is a page
    // back): the point here is that each value is whole, not how many fit.
    await page.setViewportSize({ width: 1600, height: 900 });
    const app = new AppPage(page);
    await app.open('?scenario=lesson-01-the-log&t=36s&paused&view=log');
    const values = await page.locator('svg.log g.record').evaluateAll((gs) =>
      gs.map((g) =>
        [...g.querySelectorAll('text.cell-value, text.cell-value-2')]
          .map((t) => t.textContent)
          .filter(Boolean)
          .join(' '),
      ),
    );
    expect(values).toContain('signed up');
    expect(values).toContain('added to cart');
    expect(values).toContain('signed up again');
  });
});

test.describe('offsets the lesson talks about stay in view (defect 8)', () => {
  test('lesson 5: offset 0 is drawn while fred rewinds to it', async ({ page }) => {
    const app = new AppPage(page);
    await app.open('?scenario=lesson-05-positions&t=29.5s&paused');
    await expect(page.locator('.narration')).toContainText('fred rewinds to offset 0');
    const cell = await cellInView(page, 'svg.cluster g.record[data-entity="record:events-0@0"]');
    expect(cell.inViewport).toBe(true);
    // fred has read offset 0 (one record per poll): his marker stands just after it, not
    // clipped at the strip's edge.
    const fred = page.locator('svg.cluster g.position-marker[data-consumers~="fred"]');
    await expect(fred).toHaveAttribute('data-position', '1');
    await expect(fred.locator('text.marker-label')).not.toContainText('◂');
    // …and the newest records are still there, with a gap between.
    await expect(page.locator('svg.cluster g.record[data-offset="26"]')).toBeVisible();
    await expect(page.locator('svg.cluster g.record-gap')).toHaveCount(1);
  });

  test('lesson 11: the lost offset 104 is drawn when the loss is explained', async ({ page }) => {
    const app = new AppPage(page);
    await app.open('?scenario=lesson-11-durability&t=9.6s&paused');
    await expect(page.locator('.narration')).toContainText('a confirmed write is lost');
    const strip = page.locator('svg.cluster g.strip[data-topic="fast"]');
    expect(Number(await strip.getAttribute('data-log-end-offset'))).toBeGreaterThan(125);
    const cell = await cellInView(page, 'svg.cluster g.record[data-entity="record:fast-0@104"]');
    expect(cell.inViewport).toBe(true);
    await expect(strip.locator('g.lost-marker')).toHaveAttribute('data-position', '104');
  });

  test('a strip pages back through older records and returns to the newest', async ({ page }) => {
    const app = new AppPage(page);
    await app.open('?scenario=lesson-11-durability&t=20s&paused');
    const strip = page.locator('svg.cluster g.strip[data-topic="safe"]');
    const logEnd = Number(await strip.getAttribute('data-log-end-offset'));
    await expect(strip).toHaveAttribute('data-last-drawn-offset', String(logEnd - 1));
    const older = strip.getByRole('button', { name: /^Older records of safe-0/ });
    await older.click();
    const last = Number(await strip.getAttribute('data-last-drawn-offset'));
    expect(last).toBeLessThan(logEnd - 10);
    await expect(page.locator('.log-page-status')).toContainText(`safe-0: showing offsets`);
    // Keyboard: PageUp goes further back, End follows the newest again.
    await older.focus();
    await page.keyboard.press('PageUp');
    expect(Number(await strip.getAttribute('data-last-drawn-offset'))).toBeLessThan(last);
    const newer = strip.getByRole('button', { name: /^Newer records of safe-0/ });
    await expect(newer).toBeVisible();
    await page.keyboard.press('End');
    await expect(strip).toHaveAttribute('data-last-drawn-offset', String(logEnd - 1));
    await expect(page.locator('.log-page-status')).toContainText('following the newest');
    await expect(newer).toBeHidden();
  });
});

test.describe('reduced motion (defect 11)', () => {
  test('lesson 9: requests in flight are static marks on their links', async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const app = new AppPage(page);
    await app.open('?scenario=lesson-09-replication&t=6s&paused');
    const marks = page.locator('svg.cluster-overlay g.flight-static');
    await expect(marks.first()).toBeVisible();
    await expect(page.locator('svg.cluster-overlay g.flight')).toHaveCount(0);
    // Later, the followers' fetch answers are on their links too.
    await app.open('?scenario=lesson-09-replication&t=8.5s&paused');
    await expect(
      page.locator('svg.cluster-overlay g.flight-static[data-kind="replicate"]').first(),
    ).toBeVisible();
  });

  test("lesson 9: the followers' log end offsets are marked under the leader's log", async ({
    page,
  }) => {
    const app = new AppPage(page);
    await app.open('?scenario=lesson-09-replication&t=7.5s&paused');
    await expect(
      page.locator('svg.cluster g.strip[data-partition="0"] g.replica-marker text.marker-label'),
    ).toHaveText('brokers 2, 3 LEO 0');
  });
});
