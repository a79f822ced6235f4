// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppStoreContext, createAppStore, type AppStore } from '../store';
import { createFakeHost, fakeScenarioModule, lessonFixture } from '../store/testKit';
import { DropZone } from './DropZone';
import { OpenScenarioButton } from './OpenScenarioButton';
import { MAX_SCENARIO_FILE_BYTES, type ScenarioFile } from './openFile';
import { ProblemPanel } from './ProblemPanel';

afterEach(cleanup);

function renderZone(): AppStore {
  const store = createAppStore({
    host: createFakeHost(),
    scenarioModule: async () => fakeScenarioModule({ lesson: lessonFixture() }),
  });
  render(
    <AppStoreContext.Provider value={store}>
      <ProblemPanel />
      <p draggable="true">some text on the page</p>
      <input aria-label="Value" />
      <DropZone />
    </AppStoreContext.Provider>,
  );
  return store;
}

/** A DataTransfer as a drag from outside the page carries it (jsdom has none). */
function transfer(files: ScenarioFile[], types = files.length > 0 ? ['Files'] : []) {
  return { types, files, items: files.map(() => ({ kind: 'file' })), dropEffect: 'none' };
}

const overlay = () => screen.queryByText('Drop a scenario file to open it');

/** Drags over the page and drops; true when the page took the drop (default prevented). */
async function dragAndDrop(data: ReturnType<typeof transfer>, on: Element = document.body) {
  fireEvent.dragEnter(on, { dataTransfer: data });
  fireEvent.dragOver(on, { dataTransfer: data });
  let taken = false;
  await act(async () => {
    taken = !fireEvent.drop(on, { dataTransfer: data });
  });
  return taken;
}

describe('DropZone', () => {
  it('shows an overlay while a file is dragged over the page, and hides it when it leaves', () => {
    renderZone();
    const data = transfer([new File(['lesson'], 'mine.yaml')]);
    expect(fireEvent.dragEnter(document.body, { dataTransfer: data })).toBe(false);
    expect(overlay()).not.toBeNull();
    expect(fireEvent.dragOver(document.body, { dataTransfer: data })).toBe(false);
    expect(data.dropEffect).toBe('copy');
    // Moving between elements keeps it; leaving the page hides it.
    fireEvent.dragEnter(screen.getByLabelText('Value'), { dataTransfer: data });
    fireEvent.dragLeave(document.body, { dataTransfer: data });
    expect(overlay()).not.toBeNull();
    fireEvent.dragLeave(screen.getByLabelText('Value'), { dataTransfer: data });
    expect(overlay()).toBeNull();
  });

  it('opens a dropped scenario file as "Open scenario…" does', async () => {
    const store = renderZone();
    expect(await dragAndDrop(transfer([new File(['lesson'], 'mine.yaml')]))).toBe(true);
    expect(overlay()).toBeNull();
    await vi.waitFor(() =>
      expect(store.getState().scenarioSource).toEqual({ kind: 'text', fileName: 'mine.yaml' }),
    );
    expect(store.getState().scenario?.title).toBe('Keys pick partitions');
  });

  it('refuses an oversized file without reading it', async () => {
    const store = renderZone();
    const text = vi.fn(async () => 'lesson');
    await dragAndDrop(transfer([{ name: 'huge.yaml', size: MAX_SCENARIO_FILE_BYTES + 1, text }]));
    expect(text).not.toHaveBeenCalled();
    expect(store.getState().scenario).toBeNull();
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('huge.yaml was not opened');
    expect(alert.textContent).toContain('scenario files may be at most 1,000,000');
  });

  it('refuses several files, and says so until dismissed', async () => {
    const store = renderZone();
    const files = [new File(['lesson'], 'a.yaml'), new File(['lesson'], 'b.yaml')];
    expect(await dragAndDrop(transfer(files))).toBe(true);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('2 files were dropped. Drop one scenario file at a time.');
    expect(store.getState().scenario).toBeNull();
    fireEvent.click(within(alert).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('refuses a dropped link (no file) rather than leaving the page for it', async () => {
    const store = renderZone();
    expect(await dragAndDrop(transfer([], ['text/uri-list', 'text/plain']))).toBe(true);
    expect(screen.getByRole('alert').textContent).toContain('what was dropped is not a file');
    expect(store.getState().problems).toEqual([]);
  });

  it('refuses a file that is not a scenario, by name', async () => {
    const store = renderZone();
    await dragAndDrop(transfer([new File(['lesson'], 'notes.txt')]));
    expect(store.getState().scenario).toBeNull();
    expect(screen.getByRole('alert').textContent).toContain('notes.txt was not opened');
  });

  it('leaves text selections and dragged text alone', async () => {
    const store = renderZone();
    const text = screen.getByText('some text on the page');
    // A drag that starts in the page (even one the browser lists as carrying files).
    fireEvent.dragStart(text, { dataTransfer: transfer([], ['text/plain']) });
    const inside = transfer([new File(['lesson'], 'mine.yaml')]);
    expect(fireEvent.dragEnter(text, { dataTransfer: inside })).toBe(true);
    expect(fireEvent.dragOver(text, { dataTransfer: inside })).toBe(true);
    expect(overlay()).toBeNull();
    expect(fireEvent.drop(text, { dataTransfer: inside })).toBe(true);
    fireEvent.dragEnd(text, { dataTransfer: inside });
    // Text dragged in from elsewhere; a link dragged onto a text field.
    expect(await dragAndDrop(transfer([], ['text/plain']))).toBe(false);
    expect(await dragAndDrop(transfer([], ['text/uri-list']), screen.getByLabelText('Value'))).toBe(
      false,
    );
    expect(overlay()).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(store.getState().scenario).toBeNull();
  });

  it('is off in embed mode', async () => {
    const store = renderZone();
    act(() => store.getState().setMode('embed'));
    expect(await dragAndDrop(transfer([new File(['lesson'], 'mine.yaml')]))).toBe(false);
    expect(overlay()).toBeNull();
    expect(store.getState().scenario).toBeNull();
  });

  it('shows hostile file names and contents as text, never markup', async () => {
    const store = renderZone();
    const name = '<img src=x onerror="window.__pwned=1">\u0000\u001b[31m.txt';
    await dragAndDrop(transfer([new File(['lesson'], name)]));
    expect(screen.getByRole('alert').textContent).toContain(`${name} was not opened`);
    const scriptName = '<script>window.__pwned=2</script>.yaml';
    await dragAndDrop(
      transfer([new File(['<script>window.__pwned=3</script>\u0007'], scriptName)]),
    );
    await vi.waitFor(() =>
      expect(screen.getByRole('alert').textContent).toContain(`${scriptName} was not opened`),
    );
    expect(screen.getByRole('alert').textContent).toContain(`${scriptName}:1:1`);
    expect(document.querySelector('img, script')).toBeNull();
    expect((window as { __pwned?: number }).__pwned).toBeUndefined();
    expect(store.getState().scenario).toBeNull();
  });
});

describe('OpenScenarioButton', () => {
  it('reads a chosen file the same way: opened, or refused when too large', async () => {
    const store = renderZone();
    render(
      <AppStoreContext.Provider value={store}>
        <OpenScenarioButton />
      </AppStoreContext.Provider>,
    );
    const input = screen.getByLabelText('Scenario file') as HTMLInputElement;
    expect(input.accept).toBe('.yaml,.yml,.json,application/json,text/yaml');
    const huge = { name: 'huge.yaml', size: MAX_SCENARIO_FILE_BYTES + 1, text: vi.fn() };
    await act(async () => fireEvent.change(input, { target: { files: [huge] } }));
    expect(huge.text).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toContain('huge.yaml was not opened');
    await act(async () =>
      fireEvent.change(input, { target: { files: [new File(['lesson'], 'mine.yml')] } }),
    );
    await vi.waitFor(() =>
      expect(store.getState().scenarioSource).toEqual({ kind: 'text', fileName: 'mine.yml' }),
    );
  });
});
