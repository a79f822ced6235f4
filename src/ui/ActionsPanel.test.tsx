// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { findPartition, partitionForKey } from '../engine';
import { AppStoreContext, createAppStore, parseLaunchOptions, type AppStore } from '../store';
import { createFakeHost, fakeScenarioModule, groupsFixture } from '../store/testKit';
import { ActionsPanel } from './ActionsPanel';

afterEach(cleanup);

/** The groups fixture (shop: 4 records/s, keys alice…dave in turn, acks=all) plus an idle audit producer. */
const fixture = () => {
  const base = groupsFixture();
  return groupsFixture({
    setup: {
      ...base.setup,
      producers: [
        ...base.setup.producers!,
        { id: 'audit', topic: 'orders', acks: 1, partitioner: 'round-robin' },
      ],
    },
  });
};

async function renderPanel(search: string): Promise<AppStore> {
  return (await renderPanelWithHost(search)).store;
}

async function renderPanelWithHost(search: string) {
  const host = createFakeHost({ 'scenarios/default.yaml': 'groups' });
  const store = createAppStore({
    host,
    scenarioModule: async () => fakeScenarioModule({ groups: fixture() }),
  });
  render(
    <AppStoreContext.Provider value={store}>
      <ActionsPanel />
    </AppStoreContext.Provider>,
  );
  await act(() => store.getState().loadScenario(parseLaunchOptions(search)));
  return { store, host };
}

/** The input or select a label names (the section headed "Producer" is labelled so too). */
const field = (label: string) =>
  screen
    .getAllByLabelText(label, { exact: true })
    .find((el) => el.matches('input, select')) as HTMLInputElement;

describe('the Act form shows the chosen producer as it is', () => {
  it('its rate, key mode and keys, partitioner and acks, and changes with the choice', async () => {
    await renderPanel('?t=2s');
    expect(field('Producer').value).toBe('shop');
    expect(field('Rate /s').value).toBe('4');
    expect(field('Key mode').value).toBe('cycle');
    expect(field('Rate keys').value).toBe('alice, bob, carol, dave');
    expect(field('Acks').value).toBe('all');
    expect(screen.getByTestId('producer-now').textContent).toBe(
      'shop → orders: default partitioner · acks=all · sends 4 records/s, keys alice, bob, carol, dave in turn',
    );
    expect(screen.getByRole('button', { name: 'Stop sending (4/s)' })).toBeTruthy();

    act(() => fireEvent.change(field('Producer'), { target: { value: 'audit' } }));
    expect(field('Rate /s').value).toBe('');
    expect(field('Key mode').value).toBe('none');
    expect(field('Rate keys').value).toBe('');
    expect(field('Rate keys').disabled).toBe(true);
    expect(field('Acks').value).toBe('1');
    expect(field('Partitioner').value).toBe('round-robin');
    expect(screen.getByTestId('producer-now').textContent).toBe(
      'audit → orders: round-robin partitioner · acks=1 · not sending',
    );
    expect(screen.getByRole('button', { name: 'Start sending (5/s)' })).toBeTruthy();
  });

  it('an edit holds until the producer changes; then the form shows the model again', async () => {
    const store = await renderPanel('?t=2s');
    act(() => fireEvent.change(field('Rate /s'), { target: { value: '9' } }));
    act(() => fireEvent.change(field('Key mode'), { target: { value: 'random' } }));
    act(() => store.getState().runTo(2500));
    expect(field('Rate /s').value).toBe('9');
    act(() => fireEvent.click(screen.getByRole('button', { name: 'Set rate' })));
    expect(store.getState().sessionLog.at(-1)?.command).toEqual({
      type: 'setProducerRate',
      producer: 'shop',
      rate: 9,
      keys: ['alice', 'bob', 'carol', 'dave'],
      keyOrder: 'random',
    });
    expect(field('Rate /s').value).toBe('9');
    expect(field('Key mode').value).toBe('random');
    expect(screen.getByTestId('producer-now').textContent).toContain('sends 9 records/s');
    // Picking a key mode for a producer without keys offers keys, visibly.
    act(() => fireEvent.change(field('Producer'), { target: { value: 'audit' } }));
    act(() => fireEvent.change(field('Key mode'), { target: { value: 'cycle' } }));
    expect(field('Rate keys').value).toBe('alice, bob, carol, dave');
  });
});

describe('producing says where the record went', () => {
  it('batched, then partition and offset from the engine’s events, why, and a way to it', async () => {
    const store = await renderPanel('?t=5s');
    act(() => fireEvent.change(field('Key'), { target: { value: 'zoe' } }));
    act(() => fireEvent.click(screen.getByRole('button', { name: 'Produce' })));
    const receipt = () => screen.getByTestId('produce-receipt');
    const status = () => receipt().querySelector('[role="status"]')!;
    expect(status().getAttribute('aria-live')).toBe('polite');
    expect(status().textContent).toBe(
      'Record key “zoe” waits in shop’s batch for orders: press Play to send.'.replace('’', "'"),
    );
    act(() => store.getState().runTo(6000));
    const p = partitionForKey('zoe', 3);
    const part = findPartition(store.getState().snapshot!, 'orders', p)!;
    const record = part.log.records
      .slice(0, part.log.length)
      .find((r) => r.key === 'zoe' && r.producer === 'shop')!;
    expect(receipt().getAttribute('data-partition')).toBe(String(p));
    expect(receipt().getAttribute('data-offset')).toBe(String(record.offset));
    expect(status().textContent).toMatch(
      new RegExp(
        `^Record key “zoe” went to orders-${p} at offset ${record.offset} \\(leader broker ${part.leader}\\), acknowledged \\(acks=all\\)\\. Why partition ${p}: murmur2\\("zoe"\\) & 0x7fffffff = \\d+, and \\d+ % 3 partitions = ${p}\\.$`,
      ),
    );
    act(() => fireEvent.click(screen.getByRole('button', { name: 'Show record in inspector' })));
    expect(store.getState().selection).toEqual({
      kind: 'record',
      topic: 'orders',
      partition: p,
      offset: record.offset,
    });
    expect(store.getState().panel).toBe('inspect');
  });

  it('a burst lists the partitions and offsets its records went to', async () => {
    const store = await renderPanel('?t=5s');
    act(() => fireEvent.click(screen.getByRole('button', { name: 'Burst ×10' })));
    act(() => store.getState().runTo(7000));
    const text = screen.getByTestId('produce-receipt').textContent!;
    expect(text).toMatch(/^10 records: 10 went to (orders-\d at offsets? \d+(–\d+)?(, )?)+\.$/);
  });

  it('going back before the click says so; playing forward again finds the record again', async () => {
    const store = await renderPanel('?t=5s');
    act(() => fireEvent.change(field('Key'), { target: { value: 'zoe' } }));
    act(() => fireEvent.click(screen.getByRole('button', { name: 'Produce' })));
    act(() => store.getState().runTo(6000));
    const where = screen.getByTestId('produce-receipt').textContent;
    act(() => store.getState().seek(3000));
    expect(screen.getByTestId('produce-receipt').textContent).toBe(
      'The run went back before that record was produced.',
    );
    act(() => store.getState().seek(6000));
    expect(screen.getByTestId('produce-receipt').textContent).toBe(where);
  });

  it('with the run indexed ahead, a click’s own fork is no undo; acting before it is', async () => {
    const { store, host } = await renderPanelWithHost('?t=5s');
    act(() => host.idleTime()); // the indexer records the whole original run ahead
    act(() => fireEvent.change(field('Key'), { target: { value: 'zoe' } }));
    act(() => fireEvent.click(screen.getByRole('button', { name: 'Produce' })));
    act(() => store.getState().runTo(6000));
    expect(screen.getByTestId('produce-receipt').textContent).toMatch(/went to orders-\d/);
    // Back before the click, and acting there: the produce is discarded with the old future.
    act(() => store.getState().seek(3000));
    act(() => store.getState().act({ type: 'killBroker', broker: 1 }));
    act(() => store.getState().runTo(6000));
    expect(screen.getByTestId('produce-receipt').getAttribute('data-state')).toBe('discarded');
  });
});

describe('names are values, whatever they hold', () => {
  it('a group typed with a space gets a consumer whose buttons work', async () => {
    const store = await renderPanel('?t=2s');
    act(() => fireEvent.change(field('New group'), { target: { value: 'my group' } }));
    act(() => fireEvent.click(screen.getByRole('button', { name: 'Add group' })));
    expect(store.getState().sessionLog.at(-1)?.command).toMatchObject({
      type: 'addConsumer',
      consumer: { id: 'my group-1', group: 'my group' },
    });
    act(() => store.getState().runTo(2500));
    act(() => fireEvent.change(field('Consumer'), { target: { value: 'my group-1' } }));
    expect(field('Consumer').value).toBe('my group-1');
    const crash = screen.getByRole('button', { name: 'Crash consumer my group-1' });
    expect((crash as HTMLButtonElement).disabled).toBe(false);
    const pause = screen.getByRole('button', { name: 'Pause consumer my group-1' });
    act(() => fireEvent.click(pause));
    expect(store.getState().sessionLog.at(-1)?.command).toEqual({
      type: 'pauseConsumer',
      consumer: 'my group-1',
    });
    expect(screen.getByRole('button', { name: 'Resume consumer my group-1' })).toBeTruthy();
    act(() =>
      fireEvent.click(screen.getByRole('button', { name: 'Stop polling consumer my group-1' })),
    );
    expect(store.getState().sessionLog.at(-1)?.command).toEqual({
      type: 'stallConsumer',
      consumer: 'my group-1',
    });
    expect(
      (
        screen.getByRole('button', {
          name: 'Stop polling consumer my group-1',
        }) as HTMLButtonElement
      ).disabled,
    ).toBe(true);
    act(() => fireEvent.click(crash));
    expect(
      (screen.getByRole('button', { name: 'Crash consumer my group-1' }) as HTMLButtonElement)
        .disabled,
    ).toBe(true);
    expect(screen.getByRole('option', { name: 'my group-1 (crashed or closed)' })).toBeTruthy();
  });

  it('a name the rule refuses is said at the field, and nothing is sent', async () => {
    const store = await renderPanel('?t=2s');
    const before = store.getState().sessionLog.length;
    act(() => fireEvent.change(field('New group'), { target: { value: 'g'.repeat(250) } }));
    act(() => fireEvent.click(screen.getByRole('button', { name: 'Add group' })));
    expect(store.getState().sessionLog).toHaveLength(before);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toMatch(/a group id is at most 249 characters; this one has 250/);
    expect(field('New group').getAttribute('aria-invalid')).toBe('true');
    expect(field('New group').getAttribute('aria-describedby')).toBe(alert.id);
    act(() => fireEvent.change(field('New group'), { target: { value: 'audit' } }));
    expect(screen.queryByRole('alert')).toBeNull();
    // A name every JavaScript object has is a group id like any other.
    act(() => fireEvent.change(field('New group'), { target: { value: 'constructor' } }));
    act(() => fireEvent.click(screen.getByRole('button', { name: 'Add group' })));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(store.getState().sessionLog.at(-1)?.command).toMatchObject({
      type: 'addConsumer',
      consumer: { group: 'constructor' },
    });
  });

  it('a producer id with a space and Unicode is offered and acted on', async () => {
    const base = groupsFixture();
    const host = createFakeHost({ 'scenarios/default.yaml': 'groups' });
    const store = createAppStore({
      host,
      scenarioModule: async () =>
        fakeScenarioModule({
          groups: groupsFixture({
            setup: {
              ...base.setup,
              producers: [...base.setup.producers!, { id: 'pro dücer', topic: 'orders' }],
            },
          }),
        }),
    });
    render(
      <AppStoreContext.Provider value={store}>
        <ActionsPanel />
      </AppStoreContext.Provider>,
    );
    await act(() => store.getState().loadScenario(parseLaunchOptions('?t=2s')));
    act(() => fireEvent.change(field('Producer'), { target: { value: 'pro dücer' } }));
    expect(screen.getByTestId('producer-now').textContent).toMatch(/^pro dücer → orders: /);
    act(() => fireEvent.change(field('Acks'), { target: { value: '1' } }));
    expect(store.getState().sessionLog.at(-1)?.command).toEqual({
      type: 'configureProducer',
      producer: 'pro dücer',
      acks: 1,
    });
    expect(field('Acks').value).toBe('1');
  });
});
