import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { AppPage } from './appPage';
import { replayPage, replayText } from './replay';

const KEYS = 'lesson-04-keys';
const KEYS_TEXT = readFileSync(
  new URL(`../public/scenarios/${KEYS}.yaml`, import.meta.url),
  'utf8',
);
const FAILURE = 'lesson-10-broker-failure';
/** src/store/autosave.ts AUTOSAVE_KEY */
const AUTOSAVE_KEY = 'kafkascope:autosave:v1';

/** The 1-based line of the first occurrence of `needle`. */
const lineOf = (text: string, needle: string): number =>
  text.slice(0, text.indexOf(needle)).split('\n').length;

class Editor {
  readonly dialog: Locator;
  readonly text: Locator;
  readonly summary: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog', { name: 'Edit scenario' });
    this.text = this.dialog.getByRole('textbox', { name: 'Scenario text' });
    this.summary = this.dialog.locator('.editor-summary');
  }

  async open(): Promise<void> {
    await this.page.getByRole('button', { name: 'Edit scenario', exact: true }).click();
    await expect(this.dialog).toBeVisible();
    await expect(this.text).toBeFocused();
  }

  /** The whole text (CodeMirror draws only the lines on screen; its view holds them all). */
  async value(): Promise<string> {
    return this.dialog
      .locator('.editor-field')
      .evaluate((host) =>
        (
          host as unknown as { editorView: { state: { doc: { toString(): string } } } }
        ).editorView.state.doc.toString(),
      );
  }

  /** Selects offsets `from`..`to` (the caret when equal) and focuses the text. */
  async select(from: number, to = from): Promise<void> {
    await this.dialog.locator('.editor-field').evaluate(
      (host, [anchor, head]) => {
        const view = (
          host as unknown as {
            editorView: { focus(): void; dispatch(spec: unknown): void };
          }
        ).editorView;
        view.focus();
        view.dispatch({ selection: { anchor, head }, scrollIntoView: true });
      },
      [from, to],
    );
  }

  /** Selects the `nth` occurrence of `find` in the text and types `replacement` over it, key by key. */
  async typeOver(find: string, replacement: string, nth = 0): Promise<void> {
    const value = await this.value();
    let at = -1;
    for (let i = 0; i <= nth; i++) at = value.indexOf(find, at + 1);
    expect(at, `"${find}" in the editor`).toBeGreaterThanOrEqual(0);
    await this.select(at, at + find.length);
    await this.page.keyboard.type(replacement);
  }

  /** Problem markers in the gutter. */
  marks(): Locator {
    return this.dialog.locator('.cm-gutter-lint .cm-lint-marker-error');
  }

  /** Problems under the text: the words they point at. */
  squiggles(): Locator {
    return this.dialog.locator('.cm-lintRange-error');
  }

  problems(): Locator {
    return this.dialog.locator('.editor-problems li');
  }
}

/** The app at `query`, with the editor open on its scenario. */
async function openEditorOn(page: Page, query: string): Promise<{ app: AppPage; editor: Editor }> {
  const app = new AppPage(page);
  await app.open(query);
  const editor = new Editor(page);
  await editor.open();
  return { app, editor };
}

/** What autosave last wrote, parsed (null if nothing). */
async function saved(page: Page): Promise<Record<string, unknown> | null> {
  return page.evaluate(
    (key) => JSON.parse(window.localStorage.getItem(key) ?? 'null'),
    AUTOSAVE_KEY,
  );
}

test.describe('the scenario editor', () => {
  test('a typo is listed at its line and marked in the gutter; fixed, it clears; applied, it runs', async ({
    page,
  }) => {
    const app = new AppPage(page);
    await app.open(`?scenario=${KEYS}&t=2s`);
    const editor = new Editor(page);
    await editor.open();
    expect(await editor.value()).toBe(KEYS_TEXT);
    await expect(editor.summary).toHaveText('No problems');

    // Rename the producer a step refers to.
    const line = lineOf(KEYS_TEXT, 'producer: checkout, key: alice');
    await editor.typeOver('producer: checkout, key: alice', 'producer: chekout, key: alice');
    await expect(editor.summary).toHaveText('1 problem');
    await expect(editor.problems()).toHaveCount(1);
    await expect(editor.problems().first()).toHaveText(
      `line ${line}, column 26: steps[1].produce.producer: no producer "chekout" (did you mean "checkout"?)`,
    );
    await expect(editor.marks()).toHaveCount(1);
    // Under the word, in the text, and in the gutter beside that line's number.
    await expect(editor.squiggles()).toHaveText(['chekout']);
    await expect(editor.text).toHaveAttribute('aria-invalid', 'true');
    const numberBox = (await editor.dialog
      .locator('.cm-lineNumbers .cm-gutterElement', { hasText: new RegExp(`^${line}$`) })
      .boundingBox())!;
    const markBox = (await editor.marks().first().boundingBox())!;
    expect(
      Math.abs(markBox.y + markBox.height / 2 - (numberBox.y + numberBox.height / 2)),
    ).toBeLessThan(4);
    // Hovering the word says what is wrong.
    await editor.squiggles().first().hover();
    await expect(editor.dialog.locator('.cm-tooltip-lint')).toContainText('no producer "chekout"');
    // The problem takes the caret to its place.
    await editor.problems().first().getByRole('button').click();
    await expect(editor.text).toBeFocused();
    const caret = await editor.dialog
      .locator('.editor-field')
      .evaluate(
        (host) =>
          (host as unknown as { editorView: { state: { selection: { main: { head: number } } } } })
            .editorView.state.selection.main.head,
      );
    const shown = await editor.value();
    expect(shown.slice(caret, caret + 'chekout'.length)).toBe('chekout');

    // Fixed: no problems, no marks.
    await editor.typeOver('chekout', 'checkout');
    await expect(editor.summary).toHaveText('No problems');
    await expect(editor.marks()).toHaveCount(0);
    await expect(editor.squiggles()).toHaveCount(0);
    await expect(editor.text).toHaveAttribute('aria-invalid', 'false');

    // A new title, applied with Ctrl+Enter: the scenario starts again from the text.
    await editor.typeOver('title: Producing with a key', 'title: Producing with a key, edited');
    const draft = await editor.value();
    await page.keyboard.press('Control+Enter');
    await expect(app.title()).toHaveText('Producing with a key, edited');
    await expect(editor.summary).toHaveText('Applied: the scenario starts again from your text.');
    await expect(editor.dialog.getByRole('button', { name: 'Apply' })).toBeDisabled();
    await expect(app.root).toHaveAttribute('data-playing', 'true');
    await app.seekTo(6);
    const session = await app.session();
    expect(session.sessionLog).toEqual([]);
    expect(session.traceHash).toBe(replayText(draft, session, `${KEYS}.yaml`).traceHash);
  });

  test('Apply refuses a broken draft and the running session is untouched', async ({ page }) => {
    const app = new AppPage(page);
    await app.open(`?scenario=${KEYS}&t=2s`);
    await app.broker(3).getByRole('button', { name: 'Kill broker 3' }).click();
    const before = await app.session();
    const editor = new Editor(page);
    await editor.open();
    await editor.typeOver('title: Producing with a key', 'title: Never applied');
    await editor.typeOver('producer: checkout, key: alice', 'producer: chekout, key: alice');
    // Applied at once, before the check that follows typing has run.
    await editor.dialog.getByRole('button', { name: 'Apply' }).click();
    await expect(editor.summary).toHaveText('Not applied: 1 problem');
    await expect(editor.marks()).toHaveCount(1);
    expect(await app.session()).toEqual(before);
    await expect(app.title()).toHaveText('Producing with a key');
    expect(await editor.value()).toMatch(/title: Never applied/);
    // Ctrl+Enter is refused the same way.
    await editor.text.focus();
    await page.keyboard.press('Control+Enter');
    await expect(editor.summary).toHaveText('Not applied: 1 problem');
    expect(await app.session()).toEqual(before);
    expect(before.traceHash).toBe(replayPage(KEYS, before).traceHash);
  });

  test('a reload, or a new tab after a crash, brings back the session and the draft', async ({
    page,
    context,
  }) => {
    const app = new AppPage(page);
    await app.open(`?scenario=${FAILURE}&t=5s`);
    // The address keeps the lesson, not the moment it was opened at.
    await expect(page).toHaveURL(/\/\?scenario=lesson-10-broker-failure$/);
    await app.broker(3).getByRole('button', { name: 'Kill broker 3' }).click();
    await app.seekBy(3);
    const editor = new Editor(page);
    await editor.open();
    await editor.typeOver('title: Broker failure', 'title: Broker failure (my notes)');
    await page.keyboard.press('End');
    await page.keyboard.type('\n# a draft, not applied');
    const draft = await editor.value();
    expect(draft).toContain('title: Broker failure (my notes)\n# a draft, not applied\n');
    const before = await app.session();
    expect(before.timeMs).toBe(8000);
    expect(before.sessionLog).toHaveLength(1);
    await expect(app.title()).toHaveText('Broker failure');
    // Saved (typing and time are saved at most every half second).
    await expect
      .poll(async () => {
        const s = await saved(page);
        return s && [s.timeMs, s.sessionLog, s.editorText, s.editorOpen];
      })
      .toEqual([before.timeMs, before.sessionLog, draft, true]);

    const expectRestored = async (p: Page): Promise<void> => {
      const restoredApp = new AppPage(p);
      await expect(restoredApp.root).toHaveAttribute('data-status', 'ready', { timeout: 15_000 });
      const notice = p.getByRole('status', { name: 'Restored session' });
      await expect(notice).toContainText(/^Restored your session from .+\./);
      await expect(restoredApp.root).toHaveAttribute('data-time-ms', String(before.timeMs));
      expect(await restoredApp.session()).toEqual(before);
      await expect(restoredApp.root).toHaveAttribute('data-playing', 'false');
      await expect(restoredApp.title()).toHaveText('Broker failure');
      const restoredEditor = new Editor(p);
      await expect(restoredEditor.dialog).toBeVisible();
      await expect.poll(() => restoredEditor.value()).toBe(draft);
      await expect(restoredEditor.dialog.getByRole('button', { name: 'Apply' })).toBeEnabled();
    };

    await page.reload();
    await expectRestored(page);

    // A crash: the tab goes away without a word; a new one opens the app again.
    const url = page.url();
    await page.close({ runBeforeUnload: false });
    const next = await context.newPage();
    await next.goto(url);
    await expectRestored(next);
  });

  test('"Start fresh" on the notice drops the restored session and the draft', async ({ page }) => {
    const app = new AppPage(page);
    await app.open(`?scenario=${FAILURE}&t=5s`);
    await app.broker(3).getByRole('button', { name: 'Kill broker 3' }).click();
    const editor = new Editor(page);
    await editor.open();
    await editor.typeOver('title: Broker failure', 'title: Draft title');
    const draft = await editor.value();
    await expect.poll(async () => (await saved(page))?.editorText).toBe(draft);
    await page.reload();
    const notice = page.getByRole('status', { name: 'Restored session' });
    await expect(notice).toBeVisible();
    await expect(app.root).toHaveAttribute('data-session-log', /killBroker/);

    // The restored editor covers the notice's buttons (see the next test): pressed by keyboard.
    const startFresh = notice.getByRole('button', { name: 'Start fresh' });
    const messages: string[] = [];
    // The draft was never applied: starting fresh asks first. Declined, nothing changes.
    page.once('dialog', (d) => {
      messages.push(d.message());
      void d.dismiss();
    });
    // The reopened editor takes focus when it mounts; then move it to the button.
    await expect(editor.text).toBeFocused();
    await startFresh.focus();
    await expect(startFresh).toBeFocused();
    await page.keyboard.press('Enter');
    await expect.poll(() => messages.length).toBe(1);
    await expect(notice).toBeVisible();
    expect(await editor.value()).toBe(draft);
    await expect(app.root).toHaveAttribute('data-session-log', /killBroker/);
    page.once('dialog', (d) => {
      messages.push(d.message());
      void d.accept();
    });
    await startFresh.focus();
    await expect(startFresh).toBeFocused();
    await page.keyboard.press('Enter');
    await expect.poll(() => messages.length).toBe(2);
    expect(messages[1]).toMatch(/unapplied edits/);
    await expect(notice).toHaveCount(0);
    await expect(editor.dialog).toHaveCount(0);
    await expect(app.root).toHaveAttribute('data-session-log', '[]');
    await expect(app.title()).toHaveText('Broker failure');
    // A lesson opens paused at its first caption.
    await expect(app.root).toHaveAttribute('data-playing', 'false');
    await app.seekTo(9);
    const fresh = await app.session();
    expect(fresh.traceHash).toBe(replayPage(FAILURE, fresh).traceHash);
    // The editor shows the lesson's own text again, and the save forgot the draft.
    await editor.open();
    await expect.poll(() => editor.value()).toMatch(/^title: Broker failure$/m);
    await expect
      .poll(async () => {
        const s = await saved(page);
        return s && [s.sessionLog, s.editorText];
      })
      .toEqual([[], null]);
  });

  test('the restored notice stays usable by pointer while the restored editor is open', async ({
    page,
  }) => {
    // KNOWN BUG (src/ui/editor.css `.scenario-editor` is position: fixed at the right, 46rem
    // wide, z-index 20; src/ui/RestoredNotice.tsx puts its buttons at the right end of the main
    // column): when a session is restored with the editor open, the editor covers "Start
    // fresh" and "Dismiss" (at 1280×800 the textarea is what a click there hits). Remove this
    // line once fixed.
    const app = new AppPage(page);
    await app.open(`?scenario=${KEYS}&t=2s`);
    const editor = new Editor(page);
    await editor.open();
    await editor.typeOver('title: Producing with a key', 'title: Draft');
    await expect.poll(async () => (await saved(page))?.editorText).toMatch(/title: Draft/);
    await page.reload();
    const notice = page.getByRole('status', { name: 'Restored session' });
    await expect(editor.dialog).toBeVisible();
    for (const name of ['Dismiss', 'Start fresh']) {
      const hit = await notice.getByRole('button', { name }).evaluate((button) => {
        const box = button.getBoundingClientRect();
        return document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2) === button;
      });
      expect(hit, `"${name}" is what a click on it reaches`).toBe(true);
    }
    await notice.getByRole('button', { name: 'Dismiss' }).click({ timeout: 2000 });
    await expect(notice).toHaveCount(0);
  });

  test('the keyboard: Tab indents, Esc then Tab leaves the text, Esc elsewhere closes', async ({
    page,
  }) => {
    const { editor } = await openEditorOn(page, `?scenario=${KEYS}&paused`);
    // Tab alone indents (the caret's line: here the empty last one).
    await editor.select(KEYS_TEXT.length);
    await page.keyboard.press('Tab');
    await expect(editor.text).toBeFocused();
    expect(await editor.value()).toBe(`${KEYS_TEXT}  `);
    await expect(editor.summary).toHaveText('No problems');
    // Esc then Tab moves on: the field is no trap, and the editor stays open.
    await page.keyboard.press('Escape');
    await expect(editor.dialog).toBeVisible();
    await page.keyboard.press('Tab');
    await expect(editor.text).not.toBeFocused();
    await expect(editor.dialog).toBeVisible();
    await expect(editor.dialog.getByRole('button', { name: 'Apply' })).toBeFocused();
    // Shift+Tab goes back into the text; Tab there indents again.
    await page.keyboard.press('Shift+Tab');
    await expect(editor.text).toBeFocused();
    // Escape outside the text closes the editor and gives focus back to its button.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Escape');
    await expect(editor.dialog).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Edit scenario', exact: true })).toBeFocused();
  });
});

test.describe('the scenario editor helps as a code editor does', () => {
  const FRAUD = 'lesson-13-fraud-query';

  test('completion: replicationFactor under a topic, the step kinds under steps, from the schema', async ({
    page,
  }) => {
    const { editor } = await openEditorOn(page, `?scenario=${KEYS}&paused`);
    const popup = page.locator('.cm-tooltip-autocomplete');
    // A new line in the topic's mapping, a field name begun.
    const topicLine = '      partitions: 3';
    await editor.select(KEYS_TEXT.indexOf(topicLine) + topicLine.length);
    await page.keyboard.press('Enter');
    await page.keyboard.type('repl');
    // Both fields that start so, from the schema; a few more letters pick one.
    await expect(popup.getByRole('option', { name: /replicaAssignment/ })).toBeVisible();
    await expect(popup.getByRole('option', { name: /replicationFactor/ })).toBeVisible();
    await page.keyboard.type('icati');
    await expect(popup.getByRole('option')).toHaveCount(1);
    // The option's help is the schema's description.
    await expect(page.locator('.cm-completionInfo')).toContainText('Replicas per partition');
    await page.keyboard.press('Enter');
    await expect.poll(() => editor.value()).toContain(`${topicLine}\n      replicationFactor: `);
    await page.keyboard.type('2');
    await expect(editor.summary).toHaveText('No problems');

    // A new step: Ctrl+Space lists the step kinds (and not `at`, which it has).
    const text = await editor.value();
    await editor.select(text.length);
    await page.keyboard.insertText('  - at: 47s\n    ');
    await page.keyboard.press('Control+Space');
    for (const kind of ['produce', 'killBroker', 'say', 'addPartitions'])
      await expect(popup.getByRole('option', { name: new RegExp(`^${kind}`) })).toHaveCount(1);
    await expect(popup.getByRole('option', { name: /^at\b/ })).toHaveCount(0);
    await page.keyboard.press('Escape');
    await expect(popup).toHaveCount(0);
    await expect(editor.dialog).toBeVisible();
  });

  test('hovering a field shows what the schema says about it', async ({ page }) => {
    const { editor } = await openEditorOn(page, `?scenario=${KEYS}&paused`);
    const key = editor.dialog
      .locator('.cm-line', { hasText: /^\s*partitions: 3$/ })
      .locator('.tok-propertyName');
    await key.hover();
    const help = page.locator('.cm-tooltip-hover .cm-field-help');
    await expect(help).toContainText('partitions');
    await expect(help).toContainText('Number of partitions');
  });

  test('ksqlDB in statements: coloured as SQL, and its errors at their line in the file', async ({
    page,
  }) => {
    const text = readFileSync(
      new URL(`../public/scenarios/${FRAUD}.yaml`, import.meta.url),
      'utf8',
    );
    const { editor } = await openEditorOn(page, `?scenario=${FRAUD}&paused`);
    const statement = editor.dialog.locator('.cm-line', {
      hasText: 'CREATE TABLE possible_fraud AS',
    });
    await expect(statement.locator('.tok-keyword').first()).toHaveText(/^CREATE$/i);
    // The talk's version: a windowed aggregate is a table, so ksqlDB refuses CREATE STREAM.
    await editor.typeOver('CREATE TABLE possible_fraud', 'CREATE STREAM possible_fraud');
    // ksqlDB's error first, at the statement's line and column in the file (then the lesson's
    // steps that use the table it no longer makes).
    const line = lineOf(text, 'CREATE TABLE possible_fraud');
    await expect(editor.problems().first()).toHaveText(
      new RegExp(`^line ${line}, column 7: streams\\[0\\]\\.statements: Invalid result type\\.`),
    );
    const statementLine = editor.dialog.locator('.cm-line', {
      hasText: /^\s*CREATE STREAM possible_fraud AS$/,
    });
    await expect(statementLine.locator('.cm-lintRange-error')).toHaveText(/^CREATE/);
    // Its marker is in the gutter beside that line's number.
    const numberBox = (await editor.dialog
      .locator('.cm-lineNumbers .cm-gutterElement', { hasText: new RegExp(`^${line}$`) })
      .boundingBox())!;
    const lineBox = (await statementLine.boundingBox())!;
    expect(Math.abs(lineBox.y - numberBox.y)).toBeLessThan(4);
    await expect(editor.marks().first()).toBeVisible();
  });

  test('search, folding and bracket matching', async ({ page }) => {
    const { editor } = await openEditorOn(page, `?scenario=${KEYS}&paused`);
    await editor.select(0);
    await page.keyboard.press('Control+f');
    const find = editor.dialog.getByRole('textbox', { name: 'Find' });
    await expect(find).toBeFocused();
    await page.keyboard.type('placement');
    await page.keyboard.press('Enter');
    await expect(editor.dialog.locator('.cm-searchMatch-selected')).toHaveText('placement');
    await page.keyboard.press('Escape');
    await expect(find).toHaveCount(0);
    await expect(editor.text).toBeFocused();
    // Fold the cluster (Ctrl+Shift+[ on its line): its lines go behind a placeholder, the
    // text is unchanged.
    await editor.select(KEYS_TEXT.indexOf('cluster:') + 3);
    await page.keyboard.press('Control+Shift+BracketLeft');
    await expect(editor.dialog.locator('.cm-foldPlaceholder')).toHaveCount(1);
    await expect(editor.dialog.locator('.cm-line', { hasText: 'placement:' })).toHaveCount(0);
    expect(await editor.value()).toBe(KEYS_TEXT);
    // The caret beside a brace marks its partner.
    const brace = KEYS_TEXT.indexOf('{ id: checkout');
    await editor.select(brace);
    await expect(editor.dialog.locator('.cm-matchingBracket')).toHaveCount(2);
  });
});
