// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppStoreContext, createAppStore, parseLaunchOptions } from '../store';
import { createFakeHost, fakeScenarioModule, groupsFixture } from '../store/testKit';
import { VirtualClock } from './VirtualClock';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

async function renderClock(search: string) {
  const host = createFakeHost({ 'scenarios/default.yaml': 'groups' });
  const store = createAppStore({
    host,
    scenarioModule: async () => fakeScenarioModule({ groups: groupsFixture() }),
  });
  render(
    <AppStoreContext.Provider value={store}>
      <VirtualClock />
    </AppStoreContext.Provider>,
  );
  await act(() => store.getState().loadScenario(parseLaunchOptions(search)));
  return { store, host };
}

const status = () => screen.getByRole('status');

describe('VirtualClock', () => {
  it('the readout is not a live region: it changes every frame', async () => {
    const { store, host } = await renderClock('?t=2s&paused');
    const readout = screen.getByTestId('virtual-time');
    expect(readout.textContent).toBe('2.000 s');
    expect(
      readout.closest('output, [aria-live], [role="status"], [role="log"], [role="timer"]'),
    ).toBe(null);
    vi.useFakeTimers();
    act(() => store.getState().play());
    for (let i = 0; i < 30; i++) act(() => host.frame(16));
    act(() => vi.advanceTimersByTime(1000));
    expect(readout.textContent).not.toBe('2.000 s');
    // Played for half a second: nothing was announced.
    expect(status().textContent).toBe('');
  });

  it('announces the time politely where playback stops: a pause, a seek (once it settles)', async () => {
    const { store, host } = await renderClock('?t=2s&paused');
    vi.useFakeTimers();
    expect(status().getAttribute('aria-live')).toBe('polite');
    expect(status().textContent).toBe('');
    act(() => store.getState().play());
    for (let i = 0; i < 10; i++) act(() => host.frame(50));
    act(() => store.getState().pause());
    act(() => vi.advanceTimersByTime(500));
    expect(status().textContent).toBe(`Paused at ${(store.getState().timeMs / 1000).toFixed(3)} s`);
    // A scrub: many seeks, one announcement of where it settled.
    for (const t of [3000, 4000, 5000, 6500]) {
      act(() => store.getState().seek(t));
      act(() => vi.advanceTimersByTime(100));
    }
    expect(status().textContent).not.toContain('6.500');
    act(() => vi.advanceTimersByTime(400));
    expect(status().textContent).toBe('Paused at 6.500 s');
  });
});
