// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorld, snapshot } from '../../engine';
import { AppStoreContext, createAppStore, type AppStore } from '../../store';
import { createFakeHost, fakeScenarioModule } from '../../store/testKit';
import { TopologyDiagram } from './TopologyDiagram';
import { FRAUD_APPLICATION_ID, FRAUD_STATEMENTS } from '../../engine/tools';

afterEach(cleanup);

const FRAUD = FRAUD_STATEMENTS;
const APP = FRAUD_APPLICATION_ID;

function renderFraud(): AppStore {
  const world = createWorld({
    seed: 1,
    brokers: [1],
    topics: [{ name: 'authorization_attempts', partitions: 6, replicationFactor: 1 }],
    streams: [{ id: 'fraud', statements: FRAUD, instances: 1 }],
  });
  const app = snapshot(world).streams[0];
  const store = createAppStore({
    host: createFakeHost(),
    scenarioModule: async () => fakeScenarioModule({}),
  });
  render(
    <AppStoreContext.Provider value={store}>
      <TopologyDiagram app={app} query={app.queries[0]} nowMs={0} />
    </AppStoreContext.Provider>,
  );
  return store;
}

const box = (name: string) => screen.getByRole('region', { name });
const nodes = (region: HTMLElement) =>
  within(region)
    .getAllByRole('listitem')
    .map((li) => li.dataset.node);

describe('the topology diagram', () => {
  it('draws a box per sub-topology with its nodes in order, source to sink', () => {
    renderFraud();
    expect(nodes(box('Sub-topology 0'))).toEqual([
      'KSTREAM-SOURCE-0000000000',
      'KSTREAM-PROCESSVALUES-0000000001',
      'Aggregate-Prepare',
      'KSTREAM-FILTER-0000000003',
      'Aggregate-GroupBy',
      'Aggregate-GroupBy-repartition-filter',
      'Aggregate-GroupBy-repartition-sink',
      'KSTREAM-PEEK-0000000002',
    ]);
    const one = box('Sub-topology 1');
    expect(nodes(one)[0]).toBe('Aggregate-GroupBy-repartition-source');
    expect(nodes(one).at(-1)).toBe('KSTREAM-SINK-0000000016');
    expect(one.textContent).toContain('stateful');
    expect(box('Sub-topology 0').textContent).not.toContain('stateful');
  });

  it('shows the real topic names, the store on its processor, and marks the sink', () => {
    renderFraud();
    const one = box('Sub-topology 1');
    const aggregate = one.querySelector('[data-node="KSTREAM-AGGREGATE-0000000005"]')!;
    expect(aggregate.textContent).toContain('store [Aggregate-Aggregate-Materialize]');
    expect(aggregate.textContent).toContain(`[${APP}-Aggregate-Aggregate-Materialize-changelog]`);
    const sink = one.querySelector('[data-node="KSTREAM-SINK-0000000016"]')!;
    expect(sink.classList.contains('final')).toBe(true);
    expect(sink.textContent).toContain('sink [POSSIBLE_FRAUD]');
    // The repartition sink of sub-topology 0 is not the query's output.
    const repartition = box('Sub-topology 0').querySelector(
      '[data-node="Aggregate-GroupBy-repartition-sink"]',
    )!;
    expect(repartition.classList.contains('final')).toBe(false);
    expect(repartition.textContent).toContain(`repartition [${APP}-Aggregate-GroupBy-repartition]`);
  });

  it('a topic name opens the log view at that topic (internal topics shown)', () => {
    const store = renderFraud();
    const changelog = `${APP}-Aggregate-Aggregate-Materialize-changelog`;
    const button = document.querySelector<HTMLButtonElement>(`button[data-topic="${changelog}"]`)!;
    act(() => fireEvent.click(button));
    const s = store.getState();
    expect(s.view).toBe('log');
    expect(s.showInternal).toBe(true);
    expect(s.selection).toEqual({ kind: 'partition', topic: changelog, partition: 0 });
  });

  it('has a summary in words for a screen reader', () => {
    renderFraud();
    expect(
      screen.getByText(/^Sub-topology 0: source KSTREAM-SOURCE-0000000000 reads/),
    ).toBeTruthy();
  });
});
