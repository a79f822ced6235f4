import { expect, test, type Page } from '@playwright/test';
import { snapshot } from '../src/engine';
import { AppPage } from './appPage';
import { replayPage } from './replay';

test.describe('data loss', () => {
  test('the lost marker shows ✕ once; clicking it lists the lost records from the model', async ({
    page,
  }) => {
    const app = new AppPage(page);
    await app.open('?scenario=acks1-loss&t=18s');
    const session = await app.session();
    const lost = snapshot(replayPage('acks1-loss', session).world).lostRecords;
    expect(lost.length).toBeGreaterThan(0);
    const marker = page.getByRole('button', { name: /^Inspect lost records:/ });
    await expect(marker).toHaveCount(1);
    const text = (await marker.textContent()) ?? '';
    // The glyph draws the ✕; the words neither repeat it nor put "◂" in front.
    expect(text).not.toMatch(/[✕◂]/);
    expect(text).toContain(`${lost.length} acknowledged record`);
    await marker.click();
    const table = page.getByRole('table', { name: /^Lost records of orders-0/ });
    await expect(table).toBeVisible();
    const rows = await table
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)),
      );
    expect(rows).toEqual(lost.map((r) => [r.producer, String(r.sequence), String(r.offset)]));
  });

  test('keyboard: focus the lost marker and press Enter to inspect', async ({ page }) => {
    const app = new AppPage(page);
    await app.open('?scenario=acks1-loss&t=18s');
    const marker = page.getByRole('button', { name: /^Inspect lost records:/ });
    await marker.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('table', { name: /^Lost records of/ })).toBeVisible();
  });

  for (const width of [1024, 1280, 1440]) {
    test(`strip labels do not overlap the omitted count at ${width} px`, async ({ page }) => {
      await page.setViewportSize({ width, height: 900 });
      const app = new AppPage(page);
      await app.open('?scenario=acks1-loss&t=18s');
      const boxes = await page.locator('g.strip').evaluateAll((strips) =>
        strips.map((g) => {
          const right = (sel: string) => {
            const el = g.querySelector(sel) as SVGGraphicsElement | null;
            const r = el?.getBoundingClientRect();
            return r === undefined || r.width === 0 ? null : { left: r.left, right: r.right };
          };
          return {
            name: right('text.strip-name'),
            leader: right('text.strip-leader'),
            count: right('text.ellipsis-count'),
            dots: right('text.ellipsis-dots'),
          };
        }),
      );
      expect(boxes.length).toBeGreaterThan(0);
      for (const b of boxes) {
        for (const label of [b.name, b.leader])
          for (const other of [b.count, b.dots])
            if (label !== null && other !== null)
              expect(label.right).toBeLessThanOrEqual(other.left);
      }
    });
  }
});

test.describe('a broker comes back: truncation, catching up, rejoining the ISR', () => {
  test('the truncated range and the catch-up are marked, from the events', async ({ page }) => {
    const app = new AppPage(page);
    // acks1-loss: broker 1 restarts at 15 s, fenced until it has replayed the metadata log (50 ms),
    // then truncates orders-0 from 104 to 103 (15.05 s); its first fetch returns at 15.098 s.
    await app.open('?scenario=acks1-loss&t=15.07s');
    // The leader's log end at that moment, from the headless replay (the CLI's figure).
    const world = replayPage('acks1-loss', await app.session()).world;
    const leaderEnd = snapshot(world).topics.find((t) => t.name === 'orders')!.partitions[0]
      .logEndOffset;
    const row = app.replica('orders', 0, 1, 'follower, out of sync');
    await expect(row).toHaveAttribute('data-badge', 'truncated');
    await expect(row).toHaveAttribute('data-catch-up', `103/${leaderEnd}`);
    await expect(row).toHaveAttribute(
      'aria-description',
      /truncated its log from offset 104 to 103/,
    );
    await expect(row).toContainText('✂ 104→103');
    const marker = page.locator('g.strip[data-partition="0"] g[data-kind="truncated"]');
    await expect(marker).toContainText('broker 1 truncated 104→103');
    await expect(page.locator('g.strip[data-partition="0"] g[data-kind="replica"]')).toContainText(
      `broker 1 catching up 103/${leaderEnd}`,
    );
  });

  test('rejoining the ISR is announced and shown, and the badge expires', async ({ page }) => {
    const app = new AppPage(page);
    await app.open('?scenario=acks1-loss&t=15.06s');
    await app.play('0.1');
    await expect(app.announcer()).toContainText(
      'Broker 1 caught up and rejoined the ISR of orders-0',
      { timeout: 10_000 },
    );
    await app.pause();
    const row = app.replica('orders', 0, 1, 'follower');
    await expect(row).toHaveAttribute('data-badge', 'rejoined');
    await expect(row).toContainText('✓ in ISR');
    await expect(row).not.toHaveAttribute('data-catch-up', /./);
    // 5 virtual seconds later the badge is gone; nothing is left marked.
    await app.open('?scenario=acks1-loss&t=21s');
    await expect(app.replica('orders', 0, 1, 'follower')).not.toHaveAttribute('data-badge', /./);
    await expect(page.locator('g[data-kind="truncated"]')).toHaveCount(0);
  });

  test('under reduced motion the badge does not fade', async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const app = new AppPage(page);
    await app.open('?scenario=acks1-loss&t=18s');
    const badge = app.replica('orders', 0, 1, 'follower').locator('g.replica-badge');
    await expect(badge).toHaveAttribute('opacity', '1');
  });
});

test.describe('rebalances', () => {
  /** Strips (drawn or not) whose partition nobody in `group` reads right now. */
  const revokedStrips = (page: Page, group: string) =>
    page
      .locator('g.strip')
      .evaluateAll(
        (gs, g) =>
          gs
            .filter((s) => (s.getAttribute('data-paused-groups') ?? '').split(' ').includes(g))
            .map((s) => `${s.getAttribute('data-topic')}-${s.getAttribute('data-partition')}`),
        group,
      );

  test('eager: every member shows all its partitions revoked — paused', async ({ page }) => {
    const app = new AppPage(page);
    await app.open('?scenario=join-eager&t=12.05s');
    expect(await revokedStrips(page, 'workers')).toEqual(
      [0, 1, 2, 3, 4, 5].map((p) => `orders-${p}`),
    );
    await expect(page.locator('g.revoked-marker').first()).toContainText('— paused');
    const c1 = page.locator('g.consumer[data-id="c1"]');
    await expect(c1).toHaveAttribute('data-revoked', 'orders-0 orders-1 orders-2');
    await expect(c1).toContainText('revoked — paused');
  });

  test('cooperative: members keep reading; only the moved partitions are shown paused', async ({
    page,
  }) => {
    const app = new AppPage(page);
    await app.open('?scenario=join-cooperative&t=12.5s');
    expect(await revokedStrips(page, 'workers')).toEqual(['orders-4', 'orders-5']);
    const paused = await page
      .locator('g.strip[data-ownership="paused"]')
      .evaluateAll((gs) => gs.map((g) => g.getAttribute('data-partition')));
    expect(paused).toEqual(['4', '5']);
    await expect(page.locator('g.revoked-marker').first()).toContainText(
      'revoked from c1 (moving)',
    );
    const c1 = page.locator('g.consumer[data-id="c1"]');
    await expect(c1).toHaveAttribute('data-partitions', 'orders-0 orders-2');
    await expect(c1).toHaveAttribute('data-revoked', 'orders-4');
    await expect(c1).toContainText(/▶ orders-0(,| orders-)2/);
    // The second round gives them to c3: the strips say where they went.
    await app.open('?scenario=join-cooperative&t=13.5s');
    await expect(page.locator('g.strip[data-ownership="paused"]')).toHaveCount(0);
    const strip4 = page.locator('g.strip[data-partition="4"]');
    await strip4.scrollIntoViewIfNeeded();
    await expect(strip4.locator('g.revoked-marker')).toContainText('moved c1 → c3');
  });

  test('side by side: at the same moment the eager group is all paused, the cooperative group not', async ({
    page,
  }) => {
    const app = new AppPage(page);
    await app.open('?scenario=join-side-by-side&t=12.05s');
    expect(await revokedStrips(page, 'g-eager')).toHaveLength(6);
    expect(await revokedStrips(page, 'g-coop')).toEqual([]);
    await app.open('?scenario=join-side-by-side&t=12.5s');
    expect(await revokedStrips(page, 'g-coop')).toEqual(['orders-4', 'orders-5']);
    await expect(page.locator('g.consumer[data-id="k1"]')).toHaveAttribute(
      'data-partitions',
      'orders-0 orders-2',
    );
  });
});

test.describe('log view', () => {
  test('toggle by keyboard, reflected in ?view=log; strips, markers and the key legend', async ({
    page,
  }) => {
    const app = new AppPage(page);
    await app.open('?scenario=keys&t=12s');
    const toggle = page.getByRole('button', { name: 'Log view', exact: true });
    await toggle.focus();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/[?&]view=log/);
    await expect(page.getByRole('group', { name: 'Partition logs' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Cluster view', exact: true })).toBeFocused();
    // Same key, same partition: within a topic, every drawn record of a key is in one partition,
    // and the legend says which.
    const cells = await page.locator('svg.log g.record[data-key]').evaluateAll((gs) =>
      gs.map((g) => ({
        key: g.getAttribute('data-key'),
        topic: g.getAttribute('data-topic'),
        where: `${g.getAttribute('data-topic')}-${g.getAttribute('data-partition')}`,
      })),
    );
    expect(cells.length).toBeGreaterThan(0);
    const home = new Map<string, string>();
    for (const c of cells) {
      const id = `${c.topic}/${c.key}`;
      expect(home.get(id) ?? c.where).toBe(c.where);
      home.set(id, c.where);
    }
    const legend = await page.locator('g.key-legend-entry').evaluateAll((gs) =>
      gs.map((g) => ({
        key: g.getAttribute('data-key'),
        partitions: (g.getAttribute('data-partitions') ?? '').split(' '),
      })),
    );
    for (const c of cells)
      expect(legend.find((e) => e.key === c.key)?.partitions).toContain(c.where);
    // Cells are labelled by key (text), not only coloured.
    await expect(page.locator('svg.log g.record[data-key] text.cell-key').first()).not.toHaveText(
      '',
    );
    // HW and LEO on every strip.
    const strips = page.locator('svg.log g.strip');
    expect(await strips.count()).toBeGreaterThan(0);
    await expect(strips.first().locator('text.strip-hw')).toHaveText(/^HW \d+$/);
    // Back to the cluster, and ?view=log opens the log view directly.
    await page.keyboard.press('Enter');
    await expect(page).not.toHaveURL(/view=log/);
    await expect(page.getByRole('group', { name: 'Cluster' })).toBeVisible();
    await app.open('?scenario=keys&t=12s&view=log');
    await expect(page.getByRole('group', { name: 'Partition logs' })).toBeVisible();
  });

  test('consumer positions and group commits are labelled with lag', async ({ page }) => {
    const app = new AppPage(page);
    await app.open('?scenario=two-groups&t=12s&view=log');
    const labels = await page
      .locator(
        'svg.log g.position-marker text.marker-label, svg.log g.commit-marker text.marker-label',
      )
      .allTextContents();
    expect(labels.some((l) => /@ \d+ · lag \d+/.test(l))).toBe(true);
    expect(labels.some((l) => /committed \d+ · lag \d+/.test(l))).toBe(true);
  });
});

test.describe('narration that knows the run diverged', () => {
  test('after killing broker 4, later captions are "from the original run" and checks show ✗ with expected and actual', async ({
    page,
  }) => {
    const app = new AppPage(page);
    await app.open('?scenario=lesson-10-broker-failure&t=20s');
    const count = page.locator('.narration-checks');
    await expect(count).toHaveText(/^\d+\/\d+ checks hold$/);
    const caption = page.locator('.narration');
    await expect(caption).toHaveAttribute('data-original-run', 'false');
    await page.getByRole('tab', { name: 'Checks' }).click();
    const checklist = page.getByRole('region', { name: 'Checks' });
    await expect(checklist.locator('[data-check-state="failed"]')).toHaveCount(0);
    await expect(checklist.locator('[data-check-state="pending"]').first()).toBeVisible();
    await expect(checklist.locator('[data-check-state="held"]').first()).toBeVisible();

    await app.broker(4).getByRole('button', { name: 'Kill broker 4' }).click();
    await app.seekBy(12); // past the caption at 30.5 s that says broker 4 leads three partitions
    await expect(caption).toHaveAttribute('data-original-run', 'true');
    await expect(caption).toContainText('from the original run');
    await expect(count).toHaveText(/no longer hold/);
    const failed = checklist.locator('[data-check-state="failed"]');
    await expect(failed.first()).toContainText(/expected .+, the run has .+/);
    // Checks before the action still hold.
    await expect(checklist.locator('[data-check-state="held"]').first()).toContainText('4 s');
  });
});

test.describe('logs that age: segments and retention (lesson 17)', () => {
  test('segment dividers, the deleted range and a position below the log start', async ({
    page,
  }) => {
    const app = new AppPage(page);
    // 2 records/s into 5 s segments; the check at 30 s deleted offsets 0–10 (log start 11) and
    // the one at 35 s offsets 11–21; archiver paused at offset 6.
    await app.open('?scenario=lesson-17-retention-compaction&t=36s&questions=off');
    const strip = page.locator('g.strip[data-topic="clicks"]');
    const world = replayPage('lesson-17-retention-compaction', await app.session()).world;
    const p = snapshot(world).topics.find((t) => t.name === 'clicks')!.partitions[0];
    expect(p.logStartOffset).toBe(22);
    const active = p.log.segmentBaseOffsets.at(-1)!;
    await expect(strip.locator('g.segment-mark.active')).toHaveAttribute(
      'aria-label',
      `Active segment of clicks-0 from offset ${active}`,
    );
    await expect(strip.locator('g.segment-mark.active text.segment-label')).toHaveText('active');
    await expect(strip.locator('g[data-kind="deleted"]')).toHaveAttribute(
      'aria-label',
      'offsets 11–21 deleted (retention.ms) on clicks-0',
    );
    await expect(strip.locator('g.position-marker[data-consumers="archiver"]')).toContainText(
      'archiver @ 6 · deleted (log starts at 22)',
    );
    // The strip's description counts from the new log start.
    await expect(strip).toHaveAttribute('data-window', /of 22–/);
  });
});
