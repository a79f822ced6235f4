// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { forEachDiagnostic } from '@codemirror/lint';
import { EditorView } from '@codemirror/view';
import { giveRangesEmptyRects } from './editor/jsdomRanges';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatProblem, loadScenario } from '../scenario';
import { AppStoreContext, createAppStore, EDITOR_CHECK_DELAY_MS, type AppStore } from '../store';
import { createFakeHost, type FakeHost } from '../store/testKit';
import { offsetOf } from './editorText';
import { OpenScenarioButton } from './OpenScenarioButton';
import { RestoredNotice } from './RestoredNotice';
import { EditScenarioButton, ScenarioEditor } from './ScenarioEditor';

giveRangesEmptyRects();

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

const field = () => screen.getByRole('textbox', { name: 'Scenario text' });
/** The CodeMirror view behind the text, and what it holds. */
const editorView = () => EditorView.findFromDOM(field())!;
const shown = () => editorView().state.doc.toString();
/** The problems shown in the text: each one's line and the words it covers. */
function diagnostics(): { line: number; text: string; message: string }[] {
  const state = editorView().state;
  const found: { line: number; text: string; message: string }[] = [];
  forEachDiagnostic(state, (d, from, to) =>
    found.push({
      line: state.doc.lineAt(from).number,
      text: state.sliceDoc(from, to),
      message: d.message,
    }),
  );
  return found;
}

function openEditor() {
  act(() => fireEvent.click(screen.getByRole('button', { name: 'Edit scenario' })));
}

/** Replaces the whole text as an edit in the editor (what typing does, in one change). */
function type(text: string) {
  act(() => {
    const view = editorView();
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
  });
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
    expect(shown()).toBe(LESSON);
    expect(document.activeElement).toBe(field());
    expect(field().getAttribute('spellcheck')).toBe('false');
    expect(field().getAttribute('aria-describedby')).toBe('scenario-editor-hint');
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
    expect(diagnostics()).toHaveLength(0);
    await wait(host, 60);
    expect(screen.queryByText('Checking…')).toBeNull();
    expect(summary()).toBe('1 problem');
    const problem = screen.getByRole('button', { name: /^line 12, column 26: / });
    expect(problem.textContent).toBe(
      'line 12, column 26: steps[0].produce.producer: no producer "chekout" (did you mean "checkout"?)',
    );
    // In the text: under the word, at its line.
    expect(diagnostics()).toEqual([
      {
        line: 12,
        text: 'chekout',
        message: 'steps[0].produce.producer: no producer "chekout" (did you mean "checkout"?)',
      },
    ]);
    expect(field().getAttribute('aria-invalid')).toBe('true');
    // Clicking the problem puts the caret there.
    act(() => fireEvent.click(problem));
    expect(document.activeElement).toBe(field());
    const caret = editorView().state.selection.main.head;
    expect(caret).toBe(offsetOf(shown(), 12, 26));
    expect(shown().slice(caret, caret + 7)).toBe('chekout');
    // Fixed, the problem goes from the text too.
    type(LESSON);
    await wait(host, EDITOR_CHECK_DELAY_MS + 10);
    expect(diagnostics()).toHaveLength(0);
    expect(field().getAttribute('aria-invalid')).toBe('false');
  });

  it('refuses to apply a broken draft (Ctrl+Enter too) and the run carries on', async () => {
    const { store, host } = await renderEditor();
    act(() => store.getState().runTo(3000));
    act(() => store.getState().act({ type: 'killBroker', broker: 1 }));
    const before = store.getState();
    openEditor();
    type(LESSON.replace('brokers: 3', 'brokers: three'));
    act(() => {
      fireEvent.keyDown(field(), { key: 'Enter', keyCode: 13, ctrlKey: true });
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
    expect(shown()).toBe(LESSON);
    confirm.mockReturnValue(true);
    act(() => fireEvent.click(screen.getByRole('button', { name: 'Revert' })));
    expect(shown()).toBe(LESSON.replace('title: Keys', 'title: Edited keys'));
  });

  it('undo takes back an edit after Apply and after Revert (one editor, one history)', async () => {
    const { store } = await renderEditor();
    openEditor();
    const view = editorView();
    type(LESSON.replace('title: Keys', 'title: Edited keys'));
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Apply' })));
    expect(store.getState().scenario!.title).toBe('Edited keys');
    expect(editorView()).toBe(view);
    act(() => {
      fireEvent.keyDown(field(), { key: 'z', keyCode: 90, ctrlKey: true });
    });
    expect(shown()).toBe(LESSON);
    expect(store.getState().editorText).toBe(LESSON);
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
    expect(shown()).toBe(hostile);
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
    // The editor holds "\n" line breaks; the scenario keeps its CRLF.
    expect(shown()).toBe(ODD_FILE.replace(/\r\n/g, '\n'));
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
    const edited = shown().replace('seed: 7', 'seed: 8');
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
