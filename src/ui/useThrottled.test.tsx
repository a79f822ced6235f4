// @vitest-environment jsdom
import { act, cleanup, render } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { useThrottledSelection } from './useThrottled';

beforeEach(() =>
  vi.useFakeTimers({
    toFake: [
      'setTimeout',
      'clearTimeout',
      'performance',
      'requestAnimationFrame',
      'cancelAnimationFrame',
    ],
  }),
);
/** The next frame (fake timers run requestAnimationFrame every 16 ms) and the task after it. */
const nextFrame = () => act(() => vi.advanceTimersByTime(17));
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

interface State {
  frame: number;
  other: number;
}
let renders = 0;
function Shown({ store }: { store: StoreApi<State> }) {
  const shown = useThrottledSelection(store, (s) => s.frame, 250);
  renders++;
  return <output>{shown}</output>;
}
const text = (c: HTMLElement) => c.querySelector('output')!.textContent;

/** How many values show while `frame` changes every frame (60 a second) for a second. */
async function valuesShownInASecond(
  store: StoreApi<{ frame: number }>,
  container: HTMLElement,
): Promise<number> {
  const seen = new Set<string>();
  for (let frame = 1; frame <= 60; frame++) {
    await act(async () => store.setState({ frame }));
    act(() => vi.advanceTimersByTime(1000 / 60));
    seen.add(text(container)!);
  }
  return seen.size;
}
const newStore = () => createStore<State>(() => ({ frame: 0, other: 0 }));

describe('useThrottledSelection', () => {
  it('shows a change right after the next frame after a quiet spell, not in the same task', async () => {
    const store = newStore();
    const { container } = render(<Shown store={store} />);
    expect(text(container)).toBe('0');
    act(() => vi.advanceTimersByTime(1000));
    await act(async () => store.setState({ frame: 2 }));
    // The task that changed it (a seek) draws its picture first.
    expect(text(container)).toBe('0');
    nextFrame();
    expect(text(container)).toBe('2');
  });

  it('changes every frame show (and render) at most four times a second, and the last one always shows', async () => {
    const store = newStore();
    const { container } = render(<Shown store={store} />);
    act(() => vi.advanceTimersByTime(1000));
    renders = 0;
    // One second of frames: the first change, then one each 250 ms.
    const shown = await valuesShownInASecond(store, container);
    expect(shown).toBeGreaterThanOrEqual(4);
    expect(shown).toBeLessThanOrEqual(5);
    // The component itself renders only when the shown value changes, not on every frame.
    expect(renders).toBeLessThanOrEqual(5);
    act(() => vi.advanceTimersByTime(250));
    expect(text(container)).toBe('60');
  });

  it('ignores changes to what it does not select', async () => {
    const store = newStore();
    render(<Shown store={store} />);
    renders = 0;
    for (let i = 1; i <= 10; i++) await act(async () => store.setState({ other: i }));
    act(() => vi.advanceTimersByTime(1000));
    expect(renders).toBe(0);
  });
});

interface PlayState {
  frame: number;
  playing: boolean;
}
let settledRenders = 0;
function Settled({ store }: { store: StoreApi<PlayState> }) {
  const shown = useThrottledSelection(store, (s) => s.frame, 250, {
    when: (s) => !s.playing,
    quietMs: 150,
  });
  settledRenders++;
  return <output>{shown}</output>;
}

/** `before` shown until `waitMs` from now, then `after`, in the component's one render. */
function expectShownAfter(container: HTMLElement, waitMs: number, before: string, after: string) {
  act(() => vi.advanceTimersByTime(waitMs - 1));
  expect(text(container)).toBe(before);
  act(() => vi.advanceTimersByTime(1));
  expect(text(container)).toBe(after);
  expect(settledRenders).toBe(1);
}

describe('useThrottledSelection, settling while paused', () => {
  const setup = () => {
    const store = createStore<PlayState>(() => ({ frame: 0, playing: false }));
    const { container } = render(<Settled store={store} />);
    act(() => vi.advanceTimersByTime(1000));
    settledRenders = 0;
    return { store, container };
  };

  it('a seek or step shows quietMs after it, not right after its frame', async () => {
    const { store, container } = setup();
    await act(async () => store.setState({ frame: 1 }));
    // Right after its frame was where the next click of a series or a drag's next frame came.
    nextFrame();
    expect(text(container)).toBe('0');
    expectShownAfter(container, 150 - 17, '0', '1');
  });

  it('seeks in quick succession show once they stop for quietMs, not in between', async () => {
    const { store, container } = setup();
    // A click every 60 ms for 1.2 s: nothing shown among them (throttled, it showed every
    // 250 ms), however long the series.
    for (let frame = 1; frame <= 20; frame++) {
      await act(async () => store.setState({ frame }));
      nextFrame();
      expect(text(container)).toBe('0');
      act(() => vi.advanceTimersByTime(60 - 17));
    }
    expect(settledRenders).toBe(0);
    expectShownAfter(container, 150 - 60, '0', '20');
  });

  it('changes of one task (a load sets several states) show once, the last of them', async () => {
    const { store, container } = setup();
    await act(async () => {
      store.setState({ frame: 1 });
      store.setState({ frame: 2 });
      store.setState({ frame: 3 });
    });
    act(() => vi.advanceTimersByTime(150));
    expect(text(container)).toBe('3');
    expect(settledRenders).toBe(1);
  });

  it('while playing it throttles as before: a change every frame shows four times a second', async () => {
    const { store, container } = setup();
    await act(async () => store.setState({ playing: true }));
    const shown = await valuesShownInASecond(store, container);
    expect(shown).toBeGreaterThanOrEqual(4);
    expect(shown).toBeLessThanOrEqual(5);
  });
});
