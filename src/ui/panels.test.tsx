// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { partitionForKey } from '../engine';
import { AppStoreContext, createAppStore, parseLaunchOptions } from '../store';
import { createFakeHost, fakeScenarioModule, groupsFixture } from '../store/testKit';
import { App } from './App';
import { announcement } from './eventMeaning';

afterEach(cleanup);

async function renderApp(search: string) {
  const store = createAppStore({
    host: createFakeHost({ 'scenarios/default.yaml': 'groups' }),
    scenarioModule: async () => fakeScenarioModule({ groups: groupsFixture() }),
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
  return store;
}

describe('panels', () => {
  it('broker card buttons apply engine commands and the announcer says so', async () => {
    const store = await renderApp('?t=5s');
    const broker = screen.getByRole('group', { name: 'Broker 2' });
    act(() => fireEvent.click(within(broker).getByRole('button', { name: 'Kill broker 2' })));
    expect(store.getState().sessionLog).toEqual([
      { atMs: 5000, command: { type: 'killBroker', broker: 2 } },
    ]);
    expect(
      within(screen.getByRole('group', { name: 'Broker 2' })).getByRole('button', {
        name: 'Restart broker 2',
      }),
    ).toBeTruthy();
    expect(document.querySelector('.announcer')!.textContent).toContain(
      'Broker 2 stopped responding',
    );
  });

  it('groups are boxed with state, generation and each member’s partitions', async () => {
    await renderApp('?t=8s');
    const billing = screen.getByRole('group', { name: 'Group billing' });
    expect(billing.getAttribute('data-state')).toBe('Stable');
    expect(billing.textContent).toContain('gen 1');
    const members = within(billing).getAllByRole('button', { name: /^Consumer bill-/ });
    expect(members).toHaveLength(2);
    expect(
      members
        .map((m) => m.getAttribute('data-partitions'))
        .join(' ')
        .split(' ')
        .sort(),
    ).toEqual(['orders-0', 'orders-1', 'orders-2']);
  });

  it('the actions panel produces a keyed record; the inspector explains its partition', async () => {
    const store = await renderApp('?t=5s');
    fireEvent.change(screen.getByLabelText('Key'), { target: { value: 'zebra' } });
    act(() => fireEvent.click(screen.getByRole('button', { name: 'Produce' })));
    act(() => store.getState().runTo(6000));
    const p = partitionForKey('zebra', 3);
    const s = store.getState().snapshot!;
    const log = s.topics.find((t) => t.name === 'orders')!.partitions[p].log;
    const record = log.records.slice(0, log.length).find((r) => r.key === 'zebra')!;
    act(() =>
      store
        .getState()
        .select({ kind: 'record', topic: 'orders', partition: p, offset: record.offset }),
    );
    // Within the inspector: the Act panel's receipt words the same rule in one line.
    const inspector = await screen.findByRole('region', { name: 'Inspector' }, { timeout: 10_000 });
    const why = await within(inspector).findByText(/partitions =/);
    expect(why.textContent).toContain(`% 3 partitions = ${p}`);
  });

  it('the event list filters by kind', async () => {
    await renderApp('?t=5s');
    fireEvent.change(screen.getByLabelText('Show events of kind'), { target: { value: 'groups' } });
    const items = within(
      screen.getByRole('list', { name: 'Latest events, newest first' }),
    ).getAllByRole('listitem');
    expect(items.length).toBeGreaterThan(0);
    for (const li of items) expect(li.className).toContain('cat-groups');
  });
});

describe('announcement', () => {
  it('summarises failovers and rebalances, and stays quiet otherwise', () => {
    expect(
      announcement([
        { type: 'highWatermarkAdvanced', atMs: 1, topic: 't', partition: 0, highWatermark: 3 },
      ]),
    ).toBeNull();
    expect(
      announcement([
        { type: 'brokerFenced', atMs: 1, broker: 2, reason: 'session timeout' },
        {
          type: 'leaderChanged',
          atMs: 1,
          topic: 'orders',
          partition: 1,
          previousLeader: 2,
          leader: 3,
          leaderEpoch: 1,
          isr: [3],
          unclean: false,
          reason: 'broker fenced',
        },
        {
          type: 'groupRebalanceStarted',
          atMs: 1,
          group: 'billing',
          reason: 'c3 joined',
          rebalanceProtocol: 'eager',
          generation: 1,
        },
      ]),
    ).toBe(
      'Controller fenced broker 2. Group billing: rebalance started (c3 joined, eager). New leader: orders-1 → broker 3.',
    );
  });
});
