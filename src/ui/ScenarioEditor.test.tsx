// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatProblem, loadScenario } from '../scenario';
import { AppStoreContext, createAppStore, EDITOR_CHECK_DELAY_MS, type AppStore } from '../store';
import { createFakeHost, type FakeHost } from '../store/testKit';
import { offsetOf } from './editorText';
import { OpenScenarioButton } from './OpenScenarioButton';
import { RestoredNotice } from './RestoredNotice';
import { EditScenarioButton, ScenarioEditor } from './ScenarioEditor';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const LESSON = `title: Keys
seed: 7
duration: 10s
cluster:
  brokers: 3
  topics:
    - { name: orders, partitions: 3, replicationFactor: 2 }
producers:
  - { id: checkout, topic: orders, acks: all }
steps:
  - at: 1s
    produce: { producer: checkout, key: alice }
`;

/** A file as people write them: comments, anchors and a merge key, odd spacing, CRLF, a tab. */
const ODD_FILE = [
  '# Round trip: comments,   odd spacing, anchors   ',
  'title:    "Round trip"   # trailing comment',
  'seed: 7',
  'duration:   10s',
  '',
  '',
  'cluster:',
  '    brokers:    3',
  '    topics:',
  '      -   { name: orders,   partitions: 3, replicationFactor: 2 }',
  'producers:',
  '  - id: checkout',
  '    topic:    orders',
  '    acks: all',
  'consumers:',
  '  - &reader { id: sally, topic: orders, from: earliest }',
  '  - { <<: *reader, id: fred }   ',
  'steps:',
  '  - at: 1s',
  "    produce: { producer: checkout, key: alice, value: 'ünïcode ✓' }",
  '\t',
].join('\r\n');

async function renderEditor(text = LESSON, fileName = 'keys.yaml') {
  const host = createFakeHost();
  const store = createAppStore({
    host,
    scenarioModule: async () => ({
      loadScenario,
      formatProblem,
      exportSessionAsScenario: () => ({ ok: false, message: 'not used here' }),
    }),
  });
  render(
    <AppStoreContext.Provider value={store}>
      <RestoredNotice />
      <OpenScenarioButton />
      <EditScenarioButton />
      <ScenarioEditor />
    </AppStoreContext.Provider>,
  );
  await act(() => store.getState().openScenarioText(text, fileName));
  act(() => store.getState().pause());
  return { host, store };
}

const field = () => screen.getByRole('textbox', { name: 'Scenario text' }) as HTMLTextAreaElement;

function openEditor() {
  act(() => fireEvent.click(screen.getByRole('button', { name: 'Edit scenario' })));
}

function type(text: string) {
  act(() => fireEvent.change(field(), { target: { value: text } }));
}

/** Lets wall time pass on the host (frames), then lets the check's promise settle. */
async function wait(host: FakeHost, ms: number) {
  await act(async () => {
    host.frame(ms);
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

const summary = () => document.querySelector('.editor-summary')!.textContent;

describe('scenario editor', () => {
  it('opens from its button with the scenario text, and closes back to the button', async () => {
    const { store } = await renderEditor();
    const button = screen.getByRole('button', { name: 'Edit scenario' });
    expect(button.getAttribute('aria-expanded')).toBe('false');
    openEditor();
    expect(screen.getByRole('dialog', { name: 'Edit scenario' })).toBeTruthy();
    expect(field().value).toBe(LESSON);
    expect(document.activeElement).toBe(field());
    expect(field().getAttribute('spellcheck')).toBe('false');
    expect(document.querySelector('.editor-numbers')!.textContent!.split('\n')).toHaveLength(13);
    act(() => fireEvent.click(screen.getByRole('button', { name: 'Close' })));
    expect(store.getState().editorOpen).toBe(false);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(button);
  });

  it('shows problems at their line as you type, after the pause', async () => {
    const { host } = await renderEditor();
    openEditor();
    expect(summary()).toBe('No problems');
    type(LESSON.replace('producer: checkout, key', 'producer: chekout, key'));
    await wait(host, EDITOR_CHECK_DELAY_MS - 50);
    expect(screen.getByText('Checking…')).toBeTruthy();
    expect(document.querySelectorAll('.editor-mark')).toHaveLength(0);
    await wait(host, 60);
    expect(screen.queryByText('Checking…')).toBeNull();
    expect(summary()).toBe('1 problem');
    const problem = screen.getByRole('button', { name: /^line 12, column 26: / });
    expect(problem.textContent).toBe(
      'line 12, column 26: steps[0].produce.producer: no producer "chekout" (did you mean "checkout"?)',
    );
    const mark = document.querySelector('.editor-mark')!;
    expect(mark.getAttribute('data-line')).toBe('12');
    expect(field().getAttribute('aria-invalid')).toBe('true');
    // Clicking the problem puts the caret there.
    act(() => fireEvent.click(problem));
    expect(document.activeElement).toBe(field());
    expect(field().selectionStart).toBe(offsetOf(field().value, 12, 26));
    expect(field().value.slice(field().selectionStart, field().selectionStart + 7)).toBe('chekout');
  });

  it('refuses to apply a broken draft (Ctrl+Enter too) and the run carries on', async () => {
    const { store, host } = await renderEditor();
    act(() => store.getState().runTo(3000));
    act(() => store.getState().act({ type: 'killBroker', broker: 1 }));
    const before = store.getState();
    openEditor();
    type(LESSON.replace('brokers: 3', 'brokers: three'));
    act(() => {
      fireEvent.keyDown(field(), { key: 'Enter', ctrlKey: true });
    });
    await wait(host, 0);
    expect(summary()).toBe('Not applied: 1 problem');
    expect(
      screen.getByRole('button', { name: /^line 5, column 12: cluster\.brokers: / }),
    ).toBeTruthy();
    const after = store.getState();
    expect(after.scenario).toBe(before.scenario);
    expect(after.sessionLog).toEqual(before.sessionLog);
    expect(after.snapshot!.traceHash).toBe(before.snapshot!.traceHash);
    expect(after.timeMs).toBe(3000);
  });

  it('applies a draft that loads, and reverts one that is not wanted', async () => {
    const { store } = await renderEditor();
    openEditor();
    const apply = screen.getByRole('button', { name: 'Apply' }) as HTMLButtonElement;
    expect(apply.disabled).toBe(true);
    type(LESSON.replace('title: Keys', 'title: Edited keys'));
    await act(async () => fireEvent.click(apply));
    expect(store.getState().scenario!.title).toBe('Edited keys');
    expect(summary()).toContain('Applied');

    type(LESSON);
    const confirm = vi.spyOn(window, 'confirm').mockReturnValue(false);
    act(() => fireEvent.click(screen.getByRole('button', { name: 'Revert' })));
    expect(confirm).toHaveBeenCalledOnce();
    expect(field().value).toBe(LESSON);
    confirm.mockReturnValue(true);
    act(() => fireEvent.click(screen.getByRole('button', { name: 'Revert' })));
    expect(field().value).toBe(LESSON.replace('title: Keys', 'title: Edited keys'));
  });

  it('Tab indents by two spaces; Esc then Tab leaves the field', async () => {
    await renderEditor();
    openEditor();
    field().setSelectionRange(0, 0);
    let notPrevented = true;
    act(() => {
      notPrevented = fireEvent.keyDown(field(), { key: 'Tab' });
    });
    expect(notPrevented).toBe(false);
    expect(field().value).toBe(`  ${LESSON}`);
    expect(field().selectionStart).toBe(2);
    act(() => {
      fireEvent.keyDown(field(), { key: 'Escape' });
      notPrevented = fireEvent.keyDown(field(), { key: 'Tab' });
    });
    expect(notPrevented).toBe(true);
    expect(field().value).toBe(`  ${LESSON}`);
    // Escape in the field does not close the editor; another key re-arms Tab.
    expect(screen.getByRole('dialog')).toBeTruthy();
    act(() => {
      fireEvent.keyDown(field(), { key: 'Escape' });
      fireEvent.keyDown(field(), { key: 'a' });
      notPrevented = fireEvent.keyDown(field(), { key: 'Tab' });
    });
    expect(notPrevented).toBe(false);
  });

  it('shows markup in scenarios and problems as text', async () => {
    const { host } = await renderEditor();
    openEditor();
    const hostile = `${LESSON}"<img src=x onerror=alert(1)>": 1\n`;
    type(hostile);
    await wait(host, EDITOR_CHECK_DELAY_MS + 10);
    expect(document.querySelector('img')).toBeNull();
    expect(
      screen.getByRole('button', { name: /unknown field "<img src=x onerror=alert\(1\)>"/ }),
    ).toBeTruthy();
    expect(field().value).toBe(hostile);
  });

  it('import and download round-trip a file byte for byte (comments, anchors, odd spacing)', async () => {
    const { store } = await renderEditor();
    const file = new File([ODD_FILE], 'odd.yaml', { type: 'text/yaml' });
    await act(async () => {
      fireEvent.change(screen.getByLabelText('Scenario file'), { target: { files: [file] } });
      await new Promise((resolve) => setTimeout(resolve, 10));
    });
    expect(store.getState().scenario?.title).toBe('Round trip');
    expect(store.getState().scenarioText).toBe(ODD_FILE);

    openEditor();
    // The textarea holds "\n" line breaks; the scenario keeps its CRLF.
    expect(field().value).toBe(ODD_FILE.replace(/\r\n/g, '\n'));
    const blobs: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.push(blob as Blob);
      return 'blob:kafkascope/1';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    const clicks = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      expect(this.download).toBe('odd.yaml');
    });
    act(() => fireEvent.click(screen.getByRole('button', { name: 'Download' })));
    expect(clicks).toHaveBeenCalledOnce();
    const bytes = Array.from(new Uint8Array(await blobs[0].arrayBuffer()));
    expect(bytes).toEqual(Array.from(new TextEncoder().encode(ODD_FILE)));

    // An edit keeps the file's CRLF line breaks everywhere else.
    const edited = field().value.replace('seed: 7', 'seed: 8');
    type(edited);
    expect(store.getState().editorText).toBe(ODD_FILE.replace('seed: 7', 'seed: 8'));
  });
});

describe('restored notice', () => {
  async function restored(store: AppStore) {
    await act(() =>
      store.getState().restoreSaved({
        version: 1,
        savedAt: Date.UTC(2031, 2, 12, 14, 5),
        source: { kind: 'text', fileName: 'keys.yaml' },
        scenarioText: LESSON,
        seed: 9,
        sessionLog: [],
        timeMs: 2500,
        view: 'cluster',
        editorText: null,
        editorOpen: false,
      }),
    );
  }

  it('says when the session was saved; "Start fresh" loads the page address', async () => {
    const { store, host } = await renderEditor();
    host.files.set('scenarios/default.yaml', LESSON.replace('title: Keys', 'title: Default'));
    await restored(store);
    const notice = screen.getByRole('status', { name: 'Restored session' });
    expect(notice.textContent).toMatch(/^Restored your session from .*2031/);
    expect(store.getState().timeMs).toBe(2500);
    await act(async () =>
      fireEvent.click(within(notice).getByRole('button', { name: 'Start fresh' })),
    );
    expect(screen.queryByRole('status', { name: 'Restored session' })).toBeNull();
    expect(store.getState().scenario?.title).toBe('Default');
  });

  it('Dismiss keeps the session', async () => {
    const { store } = await renderEditor();
    await restored(store);
    act(() => fireEvent.click(screen.getByRole('button', { name: 'Dismiss' })));
    expect(screen.queryByRole('status', { name: 'Restored session' })).toBeNull();
    expect(store.getState().seed).toBe(9);
  });
});
