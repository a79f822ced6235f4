// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulationDriver } from '../runtime';
import { AppStoreContext, createAppStore, parseLaunchOptions } from '../store';
import { createFakeHost, fakeScenarioModule, lessonFixture } from '../store/testKit';
import { App } from './App';

afterEach(cleanup);

async function renderApp(search: string) {
  const host = createFakeHost({
    'scenarios/default.yaml': 'lesson',
    'scenarios/broken.yaml': 'broken',
  });
  const store = createAppStore({
    host,
    // The engine at once (the page loads it after the first picture; the store tests cover that).
    driver: createSimulationDriver(),
    scenarioModule: async () =>
      fakeScenarioModule({
        lesson: lessonFixture(),
        broken: [
          {
            path: 'topics[0].partitions',
            message: 'expected a whole number ≥ 1',
            line: 4,
            column: 17,
          },
        ],
      }),
  });
  render(
    <AppStoreContext.Provider value={store}>
      <App />
    </AppStoreContext.Provider>,
  );
  await act(() => store.getState().loadScenario(parseLaunchOptions(search)));
  // The side panel's code comes once the first picture is on screen (App.tsx): wait for it.
  if (document.querySelector('aside.sidebar') !== null)
    await screen.findByRole('tablist', { name: 'Panels' }, { timeout: 15_000 });
  return { host, store };
}

describe('App', () => {
  it('shows the title, the controls by name, and the run identity on #app', async () => {
    const { store } = await renderApp('?t=12s');
    expect(screen.getByText('kafkascope')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Keys pick partitions' })).toBeTruthy();
    for (const name of ['Play', 'Step', 'Restart'])
      expect(screen.getByRole('button', { name })).toBeTruthy();
    const root = document.getElementById('app')!;
    const hash = store.getState().snapshot!.traceHash;
    expect(root.dataset.traceHash).toBe(hash);
    expect(root.dataset.timeMs).toBe('12000');
    expect(screen.getByLabelText(`Trace hash ${hash}`).textContent).toBe(hash.slice(0, 8));
  });

  it('toggles Play and Pause and steps by one event', async () => {
    const { store } = await renderApp('?paused');
    fireEvent.click(screen.getByRole('button', { name: 'Play' }));
    expect(store.getState().playing).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Pause' }));
    expect(store.getState().playing).toBe(false);
    const before = store.getState().snapshot!.eventCount;
    fireEvent.click(screen.getByRole('button', { name: 'Step' }));
    expect(store.getState().snapshot!.eventCount).toBeGreaterThan(before);
  });

  it('Space plays and pauses; → steps while paused', async () => {
    const { store } = await renderApp('?paused');
    fireEvent.keyDown(window, { key: ' ' });
    expect(store.getState().playing).toBe(true);
    fireEvent.keyDown(window, { key: ' ' });
    expect(store.getState().playing).toBe(false);
    const before = store.getState().snapshot!.eventCount;
    fireEvent.keyDown(window, { key: 'ArrowRight' });
    expect(store.getState().snapshot!.eventCount).toBeGreaterThan(before);
  });

  it('draws brokers, replicas and records with their names and data', async () => {
    const { store } = await renderApp('?t=12s');
    const broker = screen.getByRole('group', { name: 'Broker 1' });
    const p = store.getState().snapshot!.topics[0].partitions[0];
    const role = p.leader === 1 ? 'leader' : 'follower';
    expect(within(broker).getByRole('img', { name: `orders-0 on broker 1: ${role}` })).toBeTruthy();
    const p3 = store.getState().snapshot!.topics[0].partitions[3];
    const strip = document.querySelector('g.strip[data-partition="3"]')!;
    const firstDrawn = Number(strip.getAttribute('data-first-drawn-offset'));
    expect(strip.getAttribute('data-log-end-offset')).toBe(String(p3.logEndOffset));
    const records = strip.querySelectorAll('g.record');
    expect(records.length).toBe(p3.logEndOffset - firstDrawn);
    expect(records.length).toBeGreaterThan(0);
    const last = records[records.length - 1];
    const lastRecord = p3.log.records[p3.log.length - 1];
    expect(last.getAttribute('data-offset')).toBe(String(lastRecord.offset));
    expect(last.getAttribute('data-key')).toBe(lastRecord.key);
    expect(last.getAttribute('aria-label')).toBe(
      `orders-3 offset ${lastRecord.offset}, key ${lastRecord.key}, value ${lastRecord.value}`,
    );
  });

  it('shows the narration and the latest events in words', async () => {
    await renderApp('?t=6s');
    expect(
      screen.getAllByText('The same key always lands in the same partition.').length,
    ).toBeGreaterThan(0);
    expect(
      screen.getByRole('list', { name: 'Latest events, newest first' }).children.length,
    ).toBeGreaterThan(10);
  });

  it('shows a missing scenario as an error, not a blank page', async () => {
    await renderApp('?scenario=does-not-exist');
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Could not load the scenario "does-not-exist"');
    expect(alert.textContent).toContain('scenarios/does-not-exist.yaml');
  });

  it('lists a bad scenario’s problems as file:line:col: path: message', async () => {
    await renderApp('?scenario=broken');
    expect(screen.getByRole('alert').textContent).toContain(
      'scenarios/broken.yaml:4:17: topics[0].partitions: expected a whole number ≥ 1',
    );
    expect(screen.getByRole('button', { name: 'Play' }).hasAttribute('disabled')).toBe(true);
  });
});
