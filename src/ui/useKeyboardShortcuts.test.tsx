// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { AppStoreContext, createAppStore, parseLaunchOptions } from '../store';
import { createFakeHost, fakeScenarioModule, lessonFixture } from '../store/testKit';
import { PlaybackControls } from './PlaybackControls';
import { ShortcutHelp, ShortcutHelpButton } from './ShortcutHelp';
import { GLOBAL_SHORTCUTS, SHORTCUT_GROUPS, TIMELINE_SHORTCUTS, findShortcut } from './shortcuts';
import { useKeyboardShortcuts } from './useKeyboardShortcuts';

afterEach(cleanup);

/** Captions at 0, 5 and 15 s; broker 2 killed at 8 s (a failure and elections after it). */
function fixture() {
  const base = lessonFixture();
  return lessonFixture({
    commands: [
      ...base.commands,
      { atMs: 8000, stepIndex: 4, command: { type: 'killBroker', broker: 2 } },
      { atMs: 15_000, stepIndex: 5, command: { type: 'narrate', text: 'Broker 2 is gone.' } },
    ],
  });
}

function Harness() {
  useKeyboardShortcuts();
  return (
    <>
      <PlaybackControls />
      <ShortcutHelpButton />
      <label>
        Note <input />
      </label>
      <ShortcutHelp />
    </>
  );
}

async function renderHarness({ indexed = true, search = '?paused' } = {}) {
  const host = createFakeHost({ 'scenarios/default.yaml': 'lesson' });
  const store = createAppStore({
    host,
    scenarioModule: async () => fakeScenarioModule({ lesson: fixture() }),
  });
  render(
    <AppStoreContext.Provider value={store}>
      <Harness />
    </AppStoreContext.Provider>,
  );
  await act(() => store.getState().loadScenario(parseLaunchOptions(search)));
  if (indexed) act(() => host.idleTime()); // a quiet page: one idle period indexes it all
  return { host, store };
}

const press = (key: string, init: KeyboardEventInit = {}, target: Element = document.body) =>
  act(() => {
    fireEvent.keyDown(target, { key, ...init });
  });

describe('keyboard shortcuts', () => {
  it('Space plays and pauses; → steps only while paused; ← steps back', async () => {
    const { store } = await renderHarness();
    press(' ');
    expect(store.getState().playing).toBe(true);
    const events = store.getState().snapshot!.eventCount;
    press('ArrowRight');
    expect(store.getState().snapshot!.eventCount).toBe(events); // playing: → does nothing
    press(' ');
    expect(store.getState().playing).toBe(false);
    press('ArrowRight');
    press('ArrowRight');
    const stepped = store.getState().snapshot!.eventCount;
    expect(stepped).toBeGreaterThan(events);
    press('ArrowLeft');
    expect(store.getState().snapshot!.eventCount).toBeLessThan(stepped);
  });

  it('Page Down / Page Up go to the next / previous marker; Home and End to either end', async () => {
    const { store } = await renderHarness();
    press('PageDown');
    expect(store.getState().timeMs).toBe(5000);
    press('PageDown');
    expect(store.getState().timeMs).toBe(8000); // the failure, not just captions
    press('PageUp');
    expect(store.getState().timeMs).toBe(5000);
    press('End');
    expect(store.getState().timeMs).toBe(30_000);
    press('Home');
    expect(store.getState().timeMs).toBe(0);
    press('ArrowRight', { shiftKey: true });
    expect(store.getState().timeMs).toBe(1000);
  });

  it('in presenter mode a clicker’s keys walk the captions, even before indexing reaches them', async () => {
    const { store, host } = await renderHarness({ indexed: false });
    act(() => store.getState().setMode('presenter'));
    expect(store.getState().timeline!.indexedToMs).toBe(0);
    /** Frames until the move to the next caption stops; the moments it passed through. */
    const move = (): number[] => {
      const seen: number[] = [];
      for (let i = 0; i < 1000 && store.getState().playing; i++) {
        act(() => host.frame(16));
        seen.push(store.getState().timeMs);
      }
      return seen;
    };
    press('PageDown');
    expect(store.getState().playing).toBe(true); // "next" plays the motion, not a jump
    const passed = move();
    expect(passed.filter((t) => t > 0 && t < 5000).length).toBeGreaterThan(10);
    expect(store.getState().timeMs).toBe(5000);
    expect(store.getState().playing).toBe(false);
    expect(store.getState().narration?.text).toBe(
      'The same key always lands in the same partition.',
    );
    press('ArrowRight');
    move();
    expect(store.getState().timeMs).toBe(15_000); // through the failure at 8 s, to the caption
    press('ArrowLeft');
    expect(store.getState().timeMs).toBe(5000);
    press('PageUp');
    expect(store.getState().timeMs).toBe(0);
  });

  it('P toggles presenter mode, but never in an embed', async () => {
    const { store } = await renderHarness();
    press('p');
    expect(store.getState().mode).toBe('presenter');
    press('P', { shiftKey: true });
    expect(store.getState().mode).toBe('app');
    act(() => store.getState().setMode('embed'));
    press('p');
    expect(store.getState().mode).toBe('embed');
  });

  it('leaves keys typed into fields, browser shortcuts and handled keys alone', async () => {
    const { store } = await renderHarness();
    const input = screen.getByLabelText('Note');
    input.focus();
    press(' ', {}, input);
    press('p', {}, input);
    press('End', {}, input);
    expect(store.getState()).toMatchObject({ playing: false, mode: 'app', timeMs: 0 });
    press('ArrowRight', { ctrlKey: true });
    press('End', { altKey: true });
    expect(store.getState().timeMs).toBe(0);
    const handled = new KeyboardEvent('keydown', { key: 'End', bubbles: true, cancelable: true });
    handled.preventDefault();
    act(() => void document.body.dispatchEvent(handled));
    expect(store.getState().timeMs).toBe(0);
    // A focused button keeps Space and Enter (to press it) but not the other keys.
    const play = screen.getByRole('button', { name: 'Play' });
    press(' ', {}, play);
    expect(store.getState().playing).toBe(false);
    press('End', {}, play);
    expect(store.getState().timeMs).toBe(30_000);
  });
});

describe('shortcut help', () => {
  it('? opens a modal listing every shortcut; Escape closes it and focus returns', async () => {
    const { store } = await renderHarness();
    const play = screen.getByRole('button', { name: 'Play' });
    play.focus();
    press('?', { shiftKey: true }, play);
    const dialog = screen.getByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Close' }));
    const text = dialog.textContent!;
    for (const group of SHORTCUT_GROUPS)
      for (const entry of group.entries) expect(text).toContain(entry.description);
    expect(within(dialog).getAllByRole('table')).toHaveLength(SHORTCUT_GROUPS.length);

    press(' '); // modal: the app's keys are off
    expect(store.getState().playing).toBe(false);
    press('Escape', {}, document.activeElement!);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(store.getState().shortcutHelpOpen).toBe(false);
    expect(document.activeElement).toBe(play);
  });

  it('opens from its button, closes with Close or ? again, and keeps Tab inside', async () => {
    await renderHarness();
    const button = screen.getByRole('button', { name: 'Shortcuts' });
    act(() => fireEvent.click(button));
    const dialog = screen.getByRole('dialog');
    const close = within(dialog).getByRole('button', { name: 'Close' });
    const region = within(dialog).getByRole('region', { name: 'Shortcut tables' });
    region.focus();
    press('Tab', {}, region);
    expect(document.activeElement).toBe(close);
    press('Tab', { shiftKey: true }, close);
    expect(document.activeElement).toBe(region);
    act(() => fireEvent.click(close));
    expect(screen.queryByRole('dialog')).toBeNull();
    press('?');
    expect(screen.getByRole('dialog')).toBeTruthy();
    press('?');
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});

describe('shortcut data', () => {
  it('gives each key press at most one meaning per place', () => {
    for (const list of [GLOBAL_SHORTCUTS, TIMELINE_SHORTCUTS])
      for (const s of list)
        for (const key of s.keys)
          for (const shiftKey of s.shift === 'any' ? [false, true] : [s.shift]) {
            const e = { key, shiftKey, altKey: false, ctrlKey: false, metaKey: false };
            expect(findShortcut(list, e)).toBe(s);
          }
  });
});

describe('Step back', () => {
  it('is disabled at 0, steps back after a step, and names its key', async () => {
    const { store } = await renderHarness();
    const back = screen.getByRole('button', { name: 'Step back' });
    expect(back).toHaveProperty('disabled', true);
    expect(back.getAttribute('aria-keyshortcuts')).toBe('ArrowLeft');
    act(() => store.getState().seek(5000));
    expect(back).toHaveProperty('disabled', false);
    act(() => fireEvent.click(back));
    expect(store.getState().timeMs).toBeLessThan(5000);
    expect(screen.getByRole('button', { name: 'Step' })).toBeTruthy();
  });
});
