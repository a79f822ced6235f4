// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppStoreContext, createAppStore, parseLaunchOptions } from '../store';
import { createFakeHost, fakeScenarioModule, lessonFixture } from '../store/testKit';
import { Timeline } from './Timeline';

/** Narration at 0 and 5 s (the fixture), broker 2 killed at 8 s, a caption at 15 s. */
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

// Animation frames run when a test says so (the drag throttle and the width measurement).
let frames: FrameRequestCallback[] = [];
const flushFrames = (): void => {
  const due = frames;
  frames = [];
  act(() => due.forEach((f) => f(0)));
};
beforeEach(() => {
  frames = [];
  vi.stubGlobal('requestAnimationFrame', (f: FrameRequestCallback) => frames.push(f));
  vi.stubGlobal('cancelAnimationFrame', () => {});
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

async function renderTimeline({ indexed = true } = {}) {
  const host = createFakeHost({ 'scenarios/default.yaml': 'lesson' });
  const store = createAppStore({
    host,
    scenarioModule: async () => fakeScenarioModule({ lesson: fixture() }),
  });
  render(
    <AppStoreContext.Provider value={store}>
      <Timeline />
    </AppStoreContext.Provider>,
  );
  await act(() => store.getState().loadScenario(parseLaunchOptions('?paused')));
  if (indexed) act(() => host.idleTime()); // a quiet page: one idle period indexes it all
  const slider = screen.getByRole('slider', { name: 'Time' });
  // jsdom has no layout: the track is 640 px wide at x = 0 (the component's fallback width).
  slider.getBoundingClientRect = () => ({ left: 0, top: 0, width: 640, height: 46 }) as DOMRect;
  return { host, store, slider };
}

/** x of a moment on the 640 px track (12 px padding each side, 30 s run). */
const xOf = (ms: number): number => 12 + (ms / 30_000) * 616;

describe('Timeline', () => {
  it('is a slider with the time in words, and markers of each kind', async () => {
    const { store, slider } = await renderTimeline();
    expect(slider.getAttribute('aria-valuemin')).toBe('0');
    expect(slider.getAttribute('aria-valuemax')).toBe('30000');
    expect(slider.getAttribute('aria-valuenow')).toBe('0');
    expect(slider.getAttribute('aria-valuetext')).toBe('0 s of 30 s');
    expect(slider.tabIndex).toBe(0);
    act(() => store.getState().seek(12_500));
    expect(slider.getAttribute('aria-valuetext')).toBe('12.5 s of 30 s');

    const kinds = [...slider.querySelectorAll('.tl-marker')].map((g) =>
      g.getAttribute('data-kind'),
    );
    // The caption at 15 s and the elections at 15.7 s share one glyph at this width.
    expect(kinds).toEqual(['narration', 'narration', 'failure', 'election']);
    const failure = slider.querySelector('.tl-marker[data-kind="failure"]')!;
    expect(failure.querySelector('title')!.textContent).toBe('8 s: broker 2 crashed');
    expect(screen.getByRole('list', { name: 'Marker kinds' }).textContent).toContain(
      'leader election',
    );
    expect(screen.getByText('5 markers')).toBeTruthy();
    expect(slider.querySelector('.tl-unindexed')).toBeNull();
  });

  it('hatches the part not indexed yet and says so', async () => {
    const { host, slider } = await renderTimeline({ indexed: false });
    expect(slider.querySelector('.tl-unindexed')).not.toBeNull();
    expect(screen.getByText(/^indexing… 0% of the run/)).toBeTruthy();
    expect(slider.getAttribute('aria-describedby')).toBe(
      screen.getByText(/^indexing…/).getAttribute('id'),
    );
    act(() => host.idleTime());
    expect(slider.querySelector('.tl-unindexed')).toBeNull();
  });

  it('merges markers that would overlap on a narrow track, with a count', async () => {
    const { store, slider } = await renderTimeline();
    // 15 s and 15.67 s are 14 px apart at 640 px: closer than the 16 px glyph gap.
    const merged = slider.querySelector('.tl-merged')!;
    expect(merged.getAttribute('data-count')).toBe('2');
    expect(merged.getAttribute('data-kind')).toBe('election'); // outranks a caption
    expect(merged.querySelector('.tl-count')!.textContent).toBe('2');
    expect(merged.querySelector('title')!.textContent).toMatch(
      /^15 s: Broker 2 is gone\.\n15\.7 s: /,
    );
    expect(store.getState().timeline!.markers).toHaveLength(5);
  });

  it('seeks where it is pressed, snaps to a marker under the pointer, and follows a drag', async () => {
    const { store, slider } = await renderTimeline();
    fireEvent.pointerDown(slider, { pointerId: 1, clientX: xOf(20_000), button: 0 });
    expect(Math.abs(store.getState().timeMs - 20_000)).toBeLessThan(50);
    expect(document.activeElement).toBe(slider);

    fireEvent.pointerMove(slider, { pointerId: 1, clientX: xOf(3000) });
    fireEvent.pointerMove(slider, { pointerId: 1, clientX: xOf(2000) });
    expect(store.getState().timeMs).toBeGreaterThan(19_000); // throttled to the next frame
    flushFrames();
    expect(Math.abs(store.getState().timeMs - 2000)).toBeLessThan(50);
    fireEvent.pointerUp(slider, { pointerId: 1, clientX: xOf(2000) });
    fireEvent.pointerMove(slider, { pointerId: 1, clientX: xOf(25_000) });
    flushFrames();
    expect(Math.abs(store.getState().timeMs - 2000)).toBeLessThan(50); // not dragging any more

    fireEvent.pointerDown(slider, { pointerId: 2, clientX: xOf(8000) + 3, button: 0 });
    expect(store.getState().timeMs).toBe(8000);
    fireEvent.pointerUp(slider, { pointerId: 2 });
  });

  it('keys on the focused slider step, seek by 1 s and 10 s, and go to either end', async () => {
    const { store, slider } = await renderTimeline();
    slider.focus();
    const key = (k: string, shiftKey = false) => fireEvent.keyDown(slider, { key: k, shiftKey });
    key('ArrowRight');
    expect(store.getState().snapshot!.eventCount).toBeGreaterThan(0);
    key('Home');
    key('ArrowRight', true);
    expect(store.getState().timeMs).toBe(1000);
    key('PageDown');
    expect(store.getState().timeMs).toBe(11_000);
    key('PageUp');
    key('ArrowLeft', true);
    expect(store.getState().timeMs).toBe(0);
    key('End');
    expect(store.getState().timeMs).toBe(30_000);
    key('PageDown');
    expect(store.getState().timeMs).toBe(30_000);
    const before = store.getState().timeMs;
    key('ArrowLeft');
    expect(store.getState().timeMs).toBeLessThan(before);
  });

  it('in presenter mode its page and arrow keys walk the captions', async () => {
    const { store, slider, host } = await renderTimeline();
    act(() => store.getState().setMode('presenter'));
    slider.focus();
    const move = (): void => {
      for (let i = 0; i < 1000 && store.getState().playing; i++) act(() => host.frame(16));
    };
    fireEvent.keyDown(slider, { key: 'PageDown' });
    move();
    expect(store.getState().timeMs).toBe(5000);
    fireEvent.keyDown(slider, { key: 'ArrowRight' });
    move();
    expect(store.getState().timeMs).toBe(15_000);
    expect(store.getState().narration?.text).toBe('Broker 2 is gone.');
    fireEvent.keyDown(slider, { key: 'PageUp' });
    expect(store.getState().timeMs).toBe(5000);
  });

  it('previous / next marker buttons jump between markers and say where', async () => {
    const { store } = await renderTimeline();
    const previous = screen.getByRole('button', { name: 'Previous marker' });
    const next = screen.getByRole('button', { name: 'Next marker' });
    expect(previous).toHaveProperty('disabled', true);
    expect(next.getAttribute('aria-keyshortcuts')).toBe('PageDown');
    act(() => fireEvent.click(next));
    expect(store.getState().timeMs).toBe(5000);
    act(() => fireEvent.click(next));
    expect(store.getState().timeMs).toBe(8000);
    expect(document.querySelector('[aria-live="polite"]')!.textContent).toBe(
      '8 s: broker 2 crashed',
    );
    act(() => fireEvent.click(previous));
    expect(store.getState().timeMs).toBe(5000);
    act(() => store.getState().seek(20_000));
    expect(next).toHaveProperty('disabled', true);
  });

  it('draws larger in presenter mode', async () => {
    const { store, slider } = await renderTimeline();
    const height = () => Number(slider.querySelector('svg')!.getAttribute('height'));
    const normal = height();
    act(() => store.getState().setMode('presenter'));
    expect(height()).toBeGreaterThan(normal);
  });
});
