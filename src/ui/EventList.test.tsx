// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { AppStoreContext, createAppStore, parseLaunchOptions, type AppStore } from '../store';
import { createFakeHost, fakeScenarioModule, groupsFixture } from '../store/testKit';
import { EventList } from './EventList';

afterEach(cleanup);

async function renderList(search: string): Promise<AppStore> {
  const store = createAppStore({
    host: createFakeHost({ 'scenarios/default.yaml': 'groups' }),
    scenarioModule: async () => fakeScenarioModule({ groups: groupsFixture() }),
  });
  render(
    <AppStoreContext.Provider value={store}>
      <EventList />
    </AppStoreContext.Provider>,
  );
  await act(() => store.getState().loadScenario(parseLaunchOptions(search)));
  return store;
}

const list = () => screen.getByRole('list', { name: 'Latest events, newest first' });
const rows = () => within(list()).queryAllByRole('listitem');
const filter = (text: string) =>
  act(() =>
    fireEvent.change(screen.getByLabelText('Filter events by text'), { target: { value: text } }),
  );

describe('EventList search', () => {
  it('finds the run’s first event long after it left the last 200, and counts every match', async () => {
    const store = await renderList('?t=40s');
    const total = store.getState().snapshot!.eventCount;
    expect(total).toBeGreaterThan(1000);
    filter('cluster started');
    const summary = await screen.findByText(/1 of [\d,]+ events match “cluster started”/);
    expect(summary.textContent).toContain(total.toLocaleString('en-US'));
    expect(rows()).toHaveLength(1);
    expect(rows()[0].getAttribute('data-index')).toBe('0');
    expect(rows()[0].textContent).toContain('Cluster started: brokers 1, 2, 3');
  });

  it('says so when nothing matches, and how many match otherwise', async () => {
    await renderList('?t=20s');
    filter('zoe');
    expect((await screen.findByTestId('event-summary')).textContent).toMatch(
      /^No events match “zoe” among [\d,]+ events\.$/,
    );
    expect(rows()).toHaveLength(0);
    filter('orders-1');
    const summary = await screen.findByText(/of [\d,]+ events match “orders-1”/);
    const [matched] = summary.textContent!.replace(/,/g, '').match(/\d+/)!;
    expect(Number(matched)).toBeGreaterThan(60);
    expect(summary.textContent).toContain('showing the newest 60');
    expect(rows()).toHaveLength(60);
    for (const li of rows()) expect(li.textContent!.toLowerCase()).toContain('orders-1');
    act(() => fireEvent.click(screen.getByRole('button', { name: /^Show 60 older$/ })));
    expect(rows()).toHaveLength(120);
  });

  it('keeps up while the run plays and goes back with a seek', async () => {
    const store = await renderList('?t=10s');
    filter('group billing is stable');
    // The list follows a change right after the next frame (see useThrottledSelection).
    const before = (await within(list()).findAllByRole('listitem')).length;
    expect(before).toBeGreaterThan(0);
    act(() => store.getState().act({ type: 'crashConsumer', consumer: 'bill-1' }));
    act(() => store.getState().runTo(30_000));
    await screen.findByText(new RegExp(`^${before + 1} of`));
    expect(rows()[0].textContent).toContain('Group billing is stable (generation 2)');
    act(() => store.getState().seek(5_000));
    await screen.findByText(/^No events match|^1 of/);
  });

  it('filters by kind over every event too', async () => {
    await renderList('?t=40s');
    act(() =>
      fireEvent.change(screen.getByLabelText('Show events of kind'), {
        target: { value: 'lesson' },
      }),
    );
    await screen.findByText(/of [\d,]+ events match in lesson & commands/);
    // clusterCreated is event 0: only a search over the whole run finds it.
    expect(rows().map((li) => li.getAttribute('data-index'))).toContain('0');
    for (const li of rows()) expect(li.className).toContain('cat-lesson');
  });
});
