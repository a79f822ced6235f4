// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { AggregationInput, StreamsAppView, StreamsQueryView } from '../../engine';
import { AppStoreContext, createAppStore } from '../../store';
import { createFakeHost, fakeScenarioModule } from '../../store/testKit';
import { WindowView } from './WindowView';

afterEach(cleanup);

function input(
  seq: number,
  key: string,
  timestampMs: number,
  streamTimeMs: number,
  outcome: AggregationInput['outcome'] = 'counted',
): AggregationInput {
  return {
    seq,
    task: '1_0',
    key,
    timestampMs,
    processedAtMs: seq * 1000,
    topic: 'repartition',
    partition: 0,
    offset: seq,
    outcome,
    streamTimeMs,
    closeMs: streamTimeMs - 2000,
  };
}

/** Card 4111 at tumbling 10 s windows, grace 2 s: three records in [10 s, 20 s), one late for [0, 10 s). */
function fraudQuery(): StreamsQueryView {
  const window = { startMs: 10_000, endMs: 20_000 };
  return {
    queryId: 'CTAS_POSSIBLE_FRAUD_0',
    applicationId: 'app',
    sinkTopic: 'POSSIBLE_FRAUD',
    repartitionTopic: null,
    changelogTopic: null,
    storeName: 'Aggregate-Aggregate-Materialize',
    topology: [],
    tasks: [
      {
        id: '1_0',
        query: 'CTAS_POSSIBLE_FRAUD_0',
        instance: 'fraud-1',
        state: 'RUNNING',
        streamTimeMs: 15_000,
        processed: 4,
        restoring: null,
        closeMs: 13_000,
      },
    ],
    droppedRecords: 1,
    store: [
      {
        task: '1_0',
        key: '4111',
        window,
        value: { KSQL_AGG_VARIABLE_0: 2 },
        timestampMs: 13_000,
        passesHaving: false,
      },
    ],
    storeOmitted: 0,
    window: { kind: 'TUMBLING', sizeMs: 10_000, advanceMs: 10_000, gapMs: 0, graceMs: 2000 },
    emit: 'CHANGES',
    hasHaving: true,
    cacheEnabled: true,
    commitIntervalMs: 2000,
    cache: [
      {
        task: '1_0',
        key: '4111',
        window,
        value: { KSQL_AGG_VARIABLE_0: 3 },
        timestampMs: 15_000,
        passesHaving: true,
        dirty: true,
      },
    ],
    inputs: [
      input(1, '4111', 11_000, 11_000),
      input(2, '4111', 13_000, 13_000),
      input(3, '4111', 8000, 13_000, 'late'),
      input(4, '4111', 15_000, 15_000),
    ],
    outputs: [],
  };
}

function renderView(query: StreamsQueryView) {
  const store = createAppStore({
    host: createFakeHost(),
    scenarioModule: async () => fakeScenarioModule({}),
  });
  const app = { id: 'fraud', queries: [query] } as unknown as StreamsAppView;
  return render(
    <AppStoreContext.Provider value={store}>
      <WindowView app={app} query={query} nowMs={4200} />
    </AppStoreContext.Provider>,
  );
}

describe('WindowView', () => {
  it('draws the count the task sees, HAVING, the late record and the lines', () => {
    const { container } = renderView(fraudQuery());
    expect(screen.getByRole('heading', { name: 'Windows' })).toBeTruthy();
    // The cache's 3, not the store's 2; the window before is known only by its late record.
    const labels = [...container.querySelectorAll('.win-label')].map((t) => t.textContent);
    expect(labels).toEqual([
      '✕ 1 late · closed',
      expect.stringMatching(/^count 3 · open · passes HAVING/),
    ]);
    expect(container.querySelector('.win-having')).not.toBeNull();
    // The late record: a ✕ mark labelled "late", counted on the row and in dropped-records.
    const late = container.querySelectorAll('.rec-late');
    expect(late).toHaveLength(1);
    expect(late[0].querySelector('.rec-label')?.textContent).toBe('late');
    expect(container.querySelector('.row-late')?.textContent).toBe('✕ 1 late');
    expect(screen.getByText('dropped-records 1')).toBeTruthy();
    expect(container.querySelector('.line-stream text')?.textContent).toBe('stream time 0:15');
    expect(container.querySelector('.line-close text')?.textContent).toBe('close 0:13');
    // The newest record landed just before now: it flashes; the older ones do not.
    expect(container.querySelectorAll('.rec.is-fresh')).toHaveLength(1);
  });

  it('summarises the picture in its accessible name', () => {
    renderView(fraudQuery());
    const img = screen.getByRole('img');
    const name = img.getAttribute('aria-label') ?? '';
    expect(name).toContain('TUMBLING 0:10 · grace 0:02 · EMIT CHANGES');
    expect(name).toContain(
      'Key 4111, task 1_0, stream time 0:15, close 0:13: window 0:00–0:10 count unknown',
    );
    expect(name).toContain('window 0:10–0:20 count 3, open, passes HAVING');
    expect(name).toContain('1 late record dropped');
    expect(name).toContain('dropped-records 1 in total');
  });

  it('lists recent records in arrival order with their event time', () => {
    renderView(fraudQuery());
    const items = screen.getAllByRole('listitem').filter((li) => li.closest('.win-arrivals'));
    expect(items.map((li) => li.textContent)).toEqual([
      '4111 event 0:15, arrived 0:04, task 1_0',
      '4111 event 0:08, arrived 0:03, task 1_0, out of order (stream time 0:13): late',
      '4111 event 0:13, arrived 0:02, task 1_0',
      '4111 event 0:11, arrived 0:01, task 1_0',
    ]);
  });

  it('says so when the query has no window', () => {
    renderView({ ...fraudQuery(), window: null });
    expect(screen.queryByRole('img')).toBeNull();
    expect(screen.getByText(/no time window/)).toBeTruthy();
  });
});
