import { expect, test } from '@playwright/test';
import { partitionForKey, snapshot } from '../src/engine';
import { AppPage } from './appPage';
import { replayPage } from './replay';

/** The page's run, replayed headless from the scenario and the page's session log, gives the same hash. */
async function expectReplayMatches(app: AppPage, scenario: string): Promise<void> {
  await app.pause();
  const session = await app.session();
  expect(session.sessionLog.length).toBeGreaterThan(0);
  expect(replayPage(scenario, session).traceHash).toBe(session.traceHash);
}

test.describe('acting on brokers', () => {
  test('kill the broker leading orders-1: greyed, fenced, new leader labelled, announced', async ({
    page,
  }) => {
    const app = new AppPage(page);
    await app.open('?t=5s');
    await expect(app.replica('orders', 1, 2, 'leader')).toHaveCount(1);
    const broker2 = app.broker(2);
    await broker2.getByRole('button', { name: 'Kill broker 2' }).click();
    await expect(broker2).toHaveAttribute('data-alive', 'false');
    await expect(broker2).toContainText('DOWN');
    await expect(app.announcer()).toContainText('Broker 2 stopped responding');
    // Until the controller notices (broker session timeout, 9 s), broker 2 still "leads" orders-1.
    await expect(app.replica('orders', 1, 2, 'leader (broker down, not yet fenced)')).toHaveCount(
      1,
    );
    await app.play('10');
    await expect(app.replica('orders', 1, 3, 'leader')).toHaveCount(1, { timeout: 15_000 });
    await expect(broker2).toHaveAttribute('data-fenced', 'true');
    await expect(broker2.getByRole('button', { name: 'Restart broker 2' })).toBeVisible();
    await expect(page.locator('g.strip[data-partition="1"]')).toHaveAttribute('data-leader', '3');
    await expect(app.announcer()).toContainText(/orders-1 → broker 3|Leadership moved/);
    // Out of every ISR: its follower rows say so.
    await expect(app.replica('orders', 0, 2, 'follower, out of sync (broker down)')).toHaveCount(1);
    await expectReplayMatches(app, 'default');
  });

  test('keyboard: focus a broker card, K kills it, R restarts it', async ({ page }) => {
    const app = new AppPage(page);
    await app.open('?t=3s');
    const broker3 = app.broker(3);
    await broker3.focus();
    await page.keyboard.press('k');
    await expect(broker3).toHaveAttribute('data-alive', 'false');
    await broker3.focus();
    await page.keyboard.press('r');
    await expect(broker3).toHaveAttribute('data-alive', 'true');
    const { sessionLog } = await app.session();
    expect(sessionLog.map((e) => e.command)).toEqual([
      { type: 'killBroker', broker: 3 },
      { type: 'restartBroker', broker: 3 },
    ]);
    await expectReplayMatches(app, 'default');
  });

  test('shut down broker 1 (controlled): leadership moves first, with no offline gap', async ({
    page,
  }) => {
    const app = new AppPage(page);
    await app.open('?t=4s');
    await app.broker(1).getByRole('button', { name: 'Shut down broker 1' }).click();
    await expect(app.broker(1)).toHaveAttribute('data-alive', 'false');
    await app.play('2');
    await expect(page.locator('g.strip[data-partition="0"]')).not.toHaveAttribute(
      'data-leader',
      '1',
    );
    await expect(page.locator('g.strip[data-leader="-1"]')).toHaveCount(0);
    await expectReplayMatches(app, 'default');
  });
});

test.describe('consumer groups', () => {
  test('add a third consumer: the group rebalances (eager) and the new member gets partitions', async ({
    page,
  }) => {
    const app = new AppPage(page);
    await app.open('?scenario=join-eager&t=6s');
    const group = page.getByRole('group', { name: 'Group workers' });
    await expect(group).toHaveAttribute('data-state', 'Stable');
    await expect(group).toHaveAttribute('data-generation', '1');
    await expect(group).toContainText('range · eager');
    await page.getByRole('button', { name: 'Add consumer to workers' }).click();
    await expect(
      group.getByRole('button', { name: /^Consumer workers-1 \(group workers\)/ }),
    ).toBeVisible();
    await app.play('2');
    await expect(group).toHaveAttribute('data-generation', '2', { timeout: 15_000 });
    await expect(group).toHaveAttribute('data-state', 'Stable', { timeout: 15_000 });
    await app.pause();
    // What the page shows is what the engine has: each member's partitions, from a headless replay.
    const session = await app.session();
    const { world } = replayPage('join-eager', session);
    const engineGroup = snapshot(world).groups.find((g) => g.id === 'workers')!;
    expect(engineGroup.members.map((m) => m.id)).toContain('workers-1');
    for (const m of engineGroup.members) {
      const card = group.locator(`g.consumer[data-id="${m.id}"]`);
      await expect(card).toHaveAttribute(
        'data-partitions',
        m.assignment.map((tp) => `${tp.topic}-${tp.partition}`).join(' '),
      );
    }
    const newcomer = engineGroup.members.find((m) => m.id === 'workers-1')!;
    if (engineGroup.generation === 2) expect(newcomer.assignment.length).toBe(2);
    await expect(group).toHaveAttribute('data-generation', String(engineGroup.generation));
    await expectReplayMatches(app, 'join-eager');
  });

  test('crash a consumer from its inspector, then add a group', async ({ page }) => {
    const app = new AppPage(page);
    await app.open('?scenario=join-eager&t=6s');
    await page.locator('g.consumer[data-id="c2"]').click();
    await expect(page.getByRole('heading', { name: 'Consumer c2' })).toBeVisible();
    await page.getByRole('button', { name: 'Crash consumer c2' }).click();
    await expect(page.locator('g.consumer[data-id="c2"]')).toHaveClass(/crashed/);
    await page.getByRole('tab', { name: 'Act' }).click();
    await page.getByLabel('New group').fill('audit');
    await page.getByRole('button', { name: 'Add group' }).click();
    await expect(page.getByRole('group', { name: 'Group audit' })).toBeVisible();
    await expectReplayMatches(app, 'join-eager');
  });
});

test.describe('producing and inspecting', () => {
  test('produce a keyed record and see it in the partition the inspector explains', async ({
    page,
  }) => {
    const app = new AppPage(page);
    await app.open('?t=5s');
    await page.getByLabel('Key', { exact: true }).fill('zebra');
    await page.getByLabel('Value', { exact: true }).fill('stripes');
    await page.getByLabel('Header').fill('source=test');
    await page.getByRole('button', { name: 'Produce', exact: true }).click();
    await app.play('1');
    const cell = page.locator('g.record[data-key="zebra"]');
    await expect(cell).toHaveCount(1, { timeout: 10_000 });
    await app.pause();
    const partition = Number(await cell.getAttribute('data-partition'));
    expect(partition).toBe(partitionForKey('zebra', 6));
    await cell.click();
    const why = page.locator('.why[data-why="key-hash"]');
    await expect(why).toHaveAttribute('data-partition', String(partition));
    await expect(why).toContainText(`% 6 partitions = ${partition}`);
    await expect(why).toContainText('& 0x7fffffff');
    const inspector = page.getByRole('region', { name: 'Inspector' });
    await expect(inspector).toContainText('stripes');
    await expect(inspector).toContainText('source=test');
    await expectReplayMatches(app, 'default');
  });

  test('producing key "zoe" says where it went: partition, offset, why, and a way to it', async ({
    page,
  }) => {
    const app = new AppPage(page);
    // Caption pacing off: the test plays to the end at 10× without holding each caption.
    await app.open('?t=5s&pace=off');
    await page.getByLabel('Key', { exact: true }).fill('zoe');
    await page.getByRole('button', { name: 'Produce', exact: true }).click();
    const receipt = page.getByTestId('produce-receipt');
    const said = receipt.getByRole('status');
    await expect(said).toHaveAttribute('aria-live', 'polite');
    await expect(said).toHaveText(/Record key “zoe” waits in checkout's batch for orders/);
    // Played to the scenario's end (30 s), where playback stops by itself.
    await app.play('10');
    await expect(page.locator('.clock .readout-sub')).toHaveText('end', { timeout: 30_000 });
    await expect(app.root).toHaveAttribute('data-playing', 'false');
    const partition = partitionForKey('zoe', 6);
    await expect(receipt).toHaveAttribute('data-partition', String(partition));
    await expect(said).toContainText('acknowledged (acks=all)');
    // The offset the page names is the record's offset in the engine's log (headless replay).
    const offset = Number(await receipt.getAttribute('data-offset'));
    const { world } = replayPage('default', await app.session());
    const log = snapshot(world).topics[0].partitions[partition].log;
    const record = log.records.slice(0, log.length).find((r) => r.key === 'zoe')!;
    expect(record.offset).toBe(offset);
    await expect(said).toContainText(`went to orders-${partition} at offset ${offset}`);
    await expect(said).toContainText(`% 6 partitions = ${partition}`);
    await receipt.getByRole('button', { name: 'Show record in inspector' }).click();
    const inspector = page.getByRole('region', { name: 'Inspector' });
    await expect(
      inspector.getByRole('heading', { name: `Record orders-${partition} @ ${offset}` }),
    ).toBeVisible();
    await expect(page.locator('.why[data-why="key-hash"]')).toHaveAttribute(
      'data-partition',
      String(partition),
    );
    // …and the diagram marks it.
    await expect(page.locator(`g.record.selected[data-key="zoe"]`)).toHaveCount(1);
    await expectReplayMatches(app, 'default');
  });

  test('the Act form shows what the producer does now, and follows it', async ({ page }) => {
    const app = new AppPage(page);
    await app.open('?t=2s');
    const now = page.getByTestId('producer-now');
    await expect(now).toHaveText('checkout → orders: default partitioner · acks=all · not sending');
    await expect(page.getByLabel('Rate /s')).toHaveValue('');
    await expect(page.getByLabel('Key mode')).toHaveValue('none');
    await page.getByLabel('Rate /s').fill('3');
    await page.getByLabel('Key mode').selectOption('cycle');
    await expect(page.getByLabel('Rate keys')).toHaveValue('alice, bob, carol, dave');
    await page.getByLabel('Rate keys').fill('zoe, yan');
    await page.getByRole('button', { name: 'Start sending (3/s)' }).click();
    await expect(now).toHaveText(
      'checkout → orders: default partitioner · acks=all · sends 3 records/s, keys zoe, yan in turn',
    );
    await expect(page.getByRole('button', { name: 'Stop sending (3/s)' })).toBeVisible();
  });

  test('burst, rate toggle, partitioner and acks are commands in the session log', async ({
    page,
  }) => {
    const app = new AppPage(page);
    await app.open('?t=2s');
    await page.getByRole('button', { name: 'Burst ×10' }).click();
    await page.getByLabel('Partitioner', { exact: true }).selectOption('round-robin');
    await page.getByLabel('Acks', { exact: true }).selectOption('1');
    await page.getByLabel('Key mode').selectOption('random');
    await page.getByRole('button', { name: 'Start sending' }).click();
    await expect(page.getByRole('button', { name: /Stop sending/ })).toBeVisible();
    await expect(
      page.getByRole('button', { name: 'Producer checkout: ', exact: false }),
    ).toContainText('acks=1');
    const { sessionLog } = await app.session();
    expect(sessionLog.map((e) => e.command.type)).toEqual([
      'produce',
      'configureProducer',
      'configureProducer',
      'setProducerRate',
    ]);
    await app.play('2');
    await page.waitForTimeout(300);
    await expectReplayMatches(app, 'default');
  });

  test('add partitions to a topic: new strips appear', async ({ page }) => {
    const app = new AppPage(page);
    await app.open('?t=3s');
    await page.getByLabel('More partitions').fill('2');
    await page.getByRole('button', { name: 'Add partitions' }).click();
    await expect(page.locator('g.strip[data-topic="orders"]')).toHaveCount(8);
    await expect(
      app
        .replica('orders', 7, 1, 'leader')
        .or(app.replica('orders', 7, 2, 'leader'))
        .or(app.replica('orders', 7, 3, 'leader')),
    ).toHaveCount(1);
  });
});

test.describe('event log', () => {
  test('filters by kind and text; an entry opens what it is about', async ({ page }) => {
    const app = new AppPage(page);
    await app.open('?t=8s');
    await app.broker(2).getByRole('button', { name: 'Kill broker 2' }).click();
    await page.getByLabel('Show events of kind').selectOption('failures');
    const list = page.getByRole('list', { name: 'Latest events, newest first' });
    await expect(list.getByRole('listitem')).toHaveCount(1);
    await list.getByRole('button', { name: /Broker 2 stopped responding/ }).click();
    await expect(page.getByRole('heading', { name: 'Broker 2' })).toBeVisible();
    await page.getByLabel('Show events of kind').selectOption('all');
    await page.getByLabel('Filter events by text').fill('orders-3');
    for (const text of await list.getByRole('listitem').allTextContents())
      expect(text).toContain('orders-3');
    await expect(page.getByTestId('event-summary')).toHaveText(
      /^[\d,]+ of [\d,]+ events match “orders-3”/,
    );
  });

  test('searches every event of the run, and says when none match', async ({ page }) => {
    const app = new AppPage(page);
    await app.open('?t=40s');
    const total = await app.eventCount();
    expect(total).toBeGreaterThan(200);
    const list = page.getByRole('list', { name: 'Latest events, newest first' });
    // The first event of the run, long out of the last 200.
    await page.getByLabel('Filter events by text').fill('cluster started');
    await expect(list.getByRole('listitem')).toHaveCount(1);
    await expect(list.getByRole('listitem')).toHaveAttribute('data-index', '0');
    await expect(page.getByTestId('event-summary')).toHaveText(
      `1 of ${total.toLocaleString('en-US')} events match “cluster started”.`,
    );
    await page.getByLabel('Filter events by text').fill('zoe');
    await expect(list.getByRole('listitem')).toHaveCount(0);
    await expect(page.getByTestId('event-summary')).toHaveText(
      `No events match “zoe” among ${total.toLocaleString('en-US')} events.`,
    );
  });
});

test.describe('a consumer’s own metadata', () => {
  test('after a leader dies, its inspector counts the fetch errors and refreshes the engine has', async ({
    page,
  }) => {
    const app = new AppPage(page);
    await app.open('?scenario=lesson-10-broker-failure&t=20s&paused');
    await page.locator('g.consumer[data-id="reader"]').click();
    await expect(page.getByRole('heading', { name: 'Consumer reader' })).toBeVisible();
    const { world } = replayPage('lesson-10-broker-failure', await app.session());
    const reader = snapshot(world).consumers.find((c) => c.id === 'reader')!;
    // Broker 2 died at 8 s: the reader's fetches to it failed, and it refreshed its metadata.
    expect(reader.fetchErrors.NETWORK_EXCEPTION).toBeGreaterThan(0);
    await expect(
      page.getByText(`NETWORK_EXCEPTION ×${reader.fetchErrors.NETWORK_EXCEPTION}`),
    ).toBeVisible();
    await expect(page.getByText(`${reader.metadataRefreshes} refresh`)).toBeVisible();
  });
});
