import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { AppPage } from './appPage';
import { replayPage, replayText } from './replay';

/**
 * Hostile scenario files: markup, script URLs, very long text, control and bidi characters in
 * every text a scenario carries. The page shows them as the characters they are, runs none of
 * them, and keeps working. Files too large to open are refused with a message while the
 * current session carries on.
 */

const RLO = '\u202E'; // RIGHT-TO-LEFT OVERRIDE
const LONG = `${'long '.repeat(1799)}ends.`; // 9,000 characters

const T = {
  title: `<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"> \u0007${RLO}exe.txt`,
  description: `javascript:window.__pwned=3 <a href="javascript:window.__pwned=4">click</a> ${LONG}`,
  say: `<img src=x onerror="window.__pwned=5"> javascript:alert(1) bell\u0007 esc\u001b nul\u0000 ${RLO}cba`,
  key: `<img src=x onerror="window.__pwned=6">${RLO}`,
  value: `<script>window.__pwned=7</script>${LONG}`,
  header: `javascript:window.__pwned=8\u0000\u0007`,
};
/** Every text as a YAML double-quoted string (JSON's escapes are YAML's: \u0000, \u0007, \"). */
const q = (s: string) => JSON.stringify(s);
const HOSTILE = [
  `title: ${q(T.title)}`,
  `description: ${q(T.description)}`,
  'seed: 3',
  'duration: 20s',
  'cluster:',
  '  brokers: 3',
  '  topics: [{ name: orders, partitions: 3, replicationFactor: 2 }]',
  'producers:',
  '  - { id: web, topic: orders, acks: all }',
  'steps:',
  '  - at: 2s',
  `    say: ${q(T.say)}`,
  '  - at: 2s',
  '    produce:',
  '      producer: web',
  `      key: ${q(T.key)}`,
  `      value: ${q(T.value)}`,
  `      headers: { ${q('<b>trace</b>')}: ${q(T.header)} }`,
  '',
].join('\n');

const pwned = (page: Page) =>
  page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned);

/** Nothing ran and nothing was made from the texts. */
async function expectInert(page: Page): Promise<void> {
  expect(await pwned(page)).toBeUndefined();
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  await expect(page.locator('#app script, #app b, a[href^="javascript:"]')).toHaveCount(0);
}

/** The hostile scenario is on screen, its texts literal, and the page works. */
async function expectShownLiterally(app: AppPage, fileName: string): Promise<void> {
  const page = app.page;
  expect(LONG).toHaveLength(9000);
  await expect(app.root).toHaveAttribute('data-session-log', '[]');
  // The title, exactly (control and bidi characters included).
  await expect(app.title()).toHaveText(T.title);
  expect(await app.title().textContent()).toBe(T.title);
  await app.seekTo(0);
  // Before the first caption, the description; then the caption.
  const caption = page.locator('.narration p');
  expect(await caption.textContent()).toBe(T.description);
  await app.seekBy(3);
  await expect(caption).toContainText('javascript:alert(1)');
  expect(await caption.evaluate((p) => p.lastChild?.textContent)).toBe(T.say);
  // The record: its key on the cell, its key, value and header in the inspector.
  const cell = page.locator('g.record');
  await expect(cell).toHaveCount(1);
  expect(await cell.getAttribute('data-key')).toBe(T.key);
  await cell.click();
  const inspector = page.getByRole('region', { name: 'Inspector' });
  await expect(inspector.locator('dd code')).toHaveCount(3);
  const codes = await inspector.locator('dd code').allTextContents();
  expect(codes).toContain(T.key);
  expect(codes).toContain(T.value);
  expect(codes).toContain(`<b>trace</b>=${T.header} `);
  await expectInert(page);
  // Still a working simulator: an action, and the same run as headless.
  await page.getByRole('tab', { name: 'Act' }).click();
  await app.broker(2).getByRole('button', { name: 'Kill broker 2' }).click();
  await app.seekBy(2);
  const session = await app.session();
  expect(session.sessionLog).toEqual([{ atMs: 3000, command: { type: 'killBroker', broker: 2 } }]);
  expect(session.traceHash).toBe(replayText(HOSTILE, session, fileName).traceHash);
  await app.button('Play').click();
  await expect(app.root).toHaveAttribute('data-playing', 'true');
  await app.seekTo(1);
  await expectInert(page);
}

/** Drops a file on the page as a person dragging it in would: dragenter, dragover, drop. */
async function dropFile(
  page: Page,
  name: string,
  text: string | { repeat: string; times: number },
) {
  const data = await page.evaluateHandle(
    ({ name, text }) => {
      const body = typeof text === 'string' ? text : text.repeat.repeat(text.times);
      const transfer = new DataTransfer();
      transfer.items.add(new File([body], name, { type: 'text/yaml' }));
      return transfer;
    },
    { name, text },
  );
  await page.dispatchEvent('body', 'dragenter', { dataTransfer: data });
  await page.dispatchEvent('body', 'dragover', { dataTransfer: data });
  await expect(page.getByTestId('drop-overlay')).toBeVisible();
  await page.dispatchEvent('body', 'drop', { dataTransfer: data });
  await expect(page.getByTestId('drop-overlay')).toHaveCount(0);
  await data.dispose();
}

test.describe('hostile scenario files', () => {
  test('opened with "Open scenario…": markup, script URLs, long, control and bidi text stay text', async ({
    page,
  }) => {
    const app = new AppPage(page);
    await app.open('?paused');
    await app.openFile('hostile.yaml', HOSTILE);
    await expectShownLiterally(app, 'hostile.yaml');
  });

  test('dropped on the page: the same, nothing runs', async ({ page }) => {
    const app = new AppPage(page);
    await app.open('?paused');
    await dropFile(page, 'dropped.yaml', HOSTILE);
    await expectShownLiterally(app, 'dropped.yaml');
  });

  test('a file over 1,000,000 bytes is refused with a message; the session carries on', async ({
    page,
  }) => {
    const app = new AppPage(page);
    await app.open('?scenario=lesson-10-broker-failure&t=5s');
    await app.broker(3).getByRole('button', { name: 'Kill broker 3' }).click();
    const before = await app.session();
    const alert = page.getByRole('alert');

    // Chosen: 1,000,001 bytes of an otherwise harmless comment.
    const big = Buffer.alloc(1_000_001, '#');
    await app.openFile('big.yaml', big);
    await expect(alert).toContainText('big.yaml was not opened');
    await expect(alert).toContainText(
      'the file is 1,000,001 bytes; scenario files may be at most 1,000,000',
    );
    expect(await app.session()).toEqual(before);
    await expect(app.title()).toHaveText('Broker failure');
    await alert.getByRole('button', { name: 'Dismiss' }).click();
    await expect(alert).toHaveCount(0);

    // Dropped: 3 MB of markup.
    const unit = '<img src=x onerror="window.__pwned=9">';
    await dropFile(page, 'huge.yaml', { repeat: unit, times: 80_000 });
    await expect(alert).toContainText('huge.yaml was not opened');
    await expect(alert).toContainText(
      `the file is ${(unit.length * 80_000).toLocaleString('en-US')} bytes; scenario files may be at most 1,000,000`,
    );
    expect(await app.session()).toEqual(before);
    await expectInert(page);

    // The session goes on as before.
    await app.broker(4).getByRole('button', { name: 'Kill broker 4' }).click();
    const after = await app.session();
    expect(after.sessionLog.map((e) => e.command)).toEqual([
      { type: 'killBroker', broker: 3 },
      { type: 'killBroker', broker: 4 },
    ]);
    expect(after.traceHash).toBe(replayPage('lesson-10-broker-failure', after).traceHash);
  });

  test('a dropped file with problems lists them, markup in its words as text; the session carries on', async ({
    page,
  }) => {
    const app = new AppPage(page);
    await app.open('?t=3s');
    const before = await app.session();
    const field = '<img src=x onerror=window.__pwned=10>';
    const text = [
      'title: fine',
      'seed: 1',
      'duration: 5s',
      'cluster:',
      '  brokers: 1',
      '  topics: [{ name: t, partitions: 1 }]',
      `${q(field)}: 1`,
      '',
    ].join('\n');
    await dropFile(page, 'bad-field.yaml', text);
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('bad-field.yaml was not opened');
    const problem = await alert.locator('li').first().textContent();
    expect(problem).toMatch(/^bad-field\.yaml:7:1: /);
    expect(problem).toContain(`unknown field "${field}"`);
    expect(await app.session()).toEqual(before);
    await expect(app.title()).toHaveText('Keys pick partitions');
    await expectInert(page);
  });
});

test.describe('names every JavaScript object has', () => {
  // Kafka takes `__proto__` as a group id and `constructor` as a topic; so does kafkascope,
  // all the way up: the engine, the run, the store, the picture, the forms and the export.
  const OBJECT_NAMES = [
    'title: Object names',
    'seed: 4',
    'duration: 30s',
    'cluster:',
    '  brokers: 3',
    '  topics: [{ name: constructor, partitions: 2, replicationFactor: 2 }, { name: toString, partitions: 1 }]',
    'producers:',
    '  - { id: __proto__, topic: constructor, rate: 4, keys: [a, b, c] }',
    'consumers:',
    '  - { id: hasOwnProperty, group: __proto__, topic: constructor, from: earliest }',
    '  - { id: valueOf, group: __proto__, topic: constructor, from: earliest }',
    'steps:',
    '  - at: 1s',
    '    say: Names are data.',
    '',
  ].join('\n');

  test('__proto__, constructor, toString: shown, acted on, exported, replayed', async ({
    page,
  }, testInfo) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const app = new AppPage(page);
    await app.open('?paused');
    await app.openFile('object-names.yaml', OBJECT_NAMES);
    // The file's run, not the default one still loaded a moment after choosing it (a seek
    // made then moves the run the file replaces).
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Object names');
    await app.seekTo(8);
    const group = page.getByRole('group', { name: 'Group __proto__' });
    await expect(group).toHaveAttribute('data-state', 'Stable');
    await expect(page.locator('g.strip[data-topic="constructor"]')).toHaveCount(2);
    // Acting on them: a new member, a crash from the inspector, more partitions.
    await page.getByRole('tab', { name: 'Act' }).click();
    await page.getByRole('button', { name: 'Add consumer to __proto__' }).click();
    await expect(
      group.getByRole('button', { name: /^Consumer __proto__-1 \(group __proto__\)/ }),
    ).toBeVisible();
    await page.locator('g.consumer[data-id="valueOf"]').click();
    await expect(page.getByRole('heading', { name: 'Consumer valueOf' })).toBeVisible();
    await page.getByRole('button', { name: 'Crash consumer valueOf' }).click();
    await expect(page.locator('g.consumer[data-id="valueOf"]')).toHaveClass(/crashed/);
    await page.getByRole('tab', { name: 'Act' }).click();
    await page.getByLabel('More partitions').fill('1');
    await page.getByRole('button', { name: 'Add partitions' }).click();
    await expect(page.locator('g.strip[data-topic="constructor"]')).toHaveCount(3);
    await app.seekBy(10);
    const session = await app.session();
    expect(session.sessionLog.map((e) => e.command.type)).toEqual([
      'addConsumer',
      'crashConsumer',
      'addPartitions',
    ]);
    expect(session.traceHash).toBe(
      replayText(OBJECT_NAMES, session, 'object-names.yaml').traceHash,
    );
    // Exported, the file names them as plain names.
    await page.getByRole('button', { name: 'Share', exact: true }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export session…' }).click(),
    ]);
    const file = testInfo.outputPath(download.suggestedFilename());
    await download.saveAs(file);
    const exported = readFileSync(file, 'utf8');
    expect(exported).toContain('addConsumer: { id: __proto__-1, group: __proto__');
    expect(exported).toContain('crashConsumer: valueOf');
    expect(errors).toEqual([]);
  });
});
