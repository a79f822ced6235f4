// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { StreamsAppView } from '../../engine';
import { loadScenario } from '../../scenario';
import {
  AppStoreContext,
  createAppStore,
  parseLaunchOptions,
  useAppStore,
  type AppStore,
} from '../../store';
import { createFakeHost, fakeScenarioModule } from '../../store/testKit';
import { commitCountdown, InstancesPanel } from './InstancesPanel';

afterEach(cleanup);

const CHANGELOG =
  '_confluent-ksql-default_query_CTAS_POSSIBLE_FRAUD_0-Aggregate-Aggregate-Materialize-changelog';

function fraudLesson() {
  const text = readFileSync(
    // From the project root (vitest's cwd): under jsdom a file URL is not one node:fs takes.
    resolve(process.cwd(), 'public/scenarios/fraud-streams.yaml'),
    'utf8',
  );
  const loaded = loadScenario(text, 'fraud-streams.yaml');
  if (!loaded.ok) throw new Error(loaded.problems[0].message);
  return loaded.value;
}

const NO_APPS: readonly StreamsAppView[] = [];

/** The panel as the processing view renders it: the first app and query of the latest snapshot. */
function Live({ edit }: { edit?: (app: StreamsAppView) => StreamsAppView }) {
  const apps = useAppStore((s) => s.snapshot?.streams ?? NO_APPS);
  const nowMs = useAppStore((s) => s.snapshot?.timeMs ?? 0);
  if (apps.length === 0) return null;
  const app = edit === undefined ? apps[0] : edit(apps[0]);
  return <InstancesPanel app={app} query={app.queries[0]} nowMs={nowMs} />;
}

async function renderLesson(
  search: string,
  edit?: (app: StreamsAppView) => StreamsAppView,
): Promise<AppStore> {
  const store = createAppStore({
    host: createFakeHost({ 'scenarios/default.yaml': 'fraud' }),
    scenarioModule: async () => fakeScenarioModule({ fraud: fraudLesson() }),
  });
  render(
    <AppStoreContext.Provider value={store}>
      <Live edit={edit} />
    </AppStoreContext.Provider>,
  );
  await act(() => store.getState().loadScenario(parseLaunchOptions(search)));
  return store;
}

const card = (instance: string) =>
  document.querySelector(`[data-instance="${instance}"]`) as HTMLElement;
const chips = (root: Element) =>
  [...root.querySelectorAll<HTMLElement>('.task-chip')].map(
    (c) => `${c.dataset.task}:${c.dataset.state}`,
  );

describe('the instances panel', () => {
  it('lists each instance with its tasks, and the dead one’s tasks as unassigned', async () => {
    // fraud-1 was killed at 25 s; its session (45 s) has not yet timed out.
    await renderLesson('?t=30s');
    expect(screen.getByText('_confluent-ksql-default_query_CTAS_POSSIBLE_FRAUD_0')).toBeTruthy();
    expect(within(card('fraud-1')).getByText('✕ stopped')).toBeTruthy();
    expect(within(card('fraud-1')).getByText('no tasks')).toBeTruthy();
    expect(within(card('fraud-1')).getByRole('button', { name: 'Restart fraud-1' })).toBeTruthy();
    expect(within(card('fraud-1')).queryByRole('button', { name: 'Kill fraud-1' })).toBeNull();
    expect(chips(card('fraud-2'))).toEqual([
      '0_1:RUNNING',
      '0_3:RUNNING',
      '0_5:RUNNING',
      '1_1:RUNNING',
      '1_3:RUNNING',
      '1_5:RUNNING',
    ]);
    // Sub-topology 1 holds the store: its tasks are marked stateful, sub-topology 0's are not.
    const stateful = [...card('fraud-2').querySelectorAll<HTMLElement>('.task-chip.stateful')];
    expect(stateful.map((c) => c.dataset.task)).toEqual(['1_1', '1_3', '1_5']);
    expect(within(card('fraud-2')).getByText('next commit in 2.0 s')).toBeTruthy();
    const waiting = screen.getByText('(waiting for the session timeout)').closest('.unassigned')!;
    expect(chips(waiting)).toEqual([
      '0_0:UNASSIGNED',
      '0_2:UNASSIGNED',
      '0_4:UNASSIGNED',
      '1_0:UNASSIGNED',
      '1_2:UNASSIGNED',
      '1_4:UNASSIGNED',
    ]);
    expect(
      screen.getByText(/Standby replicas \(num.standby.replicas\): not modelled/),
    ).toBeTruthy();
  });

  it('shows a restoring task with the range it replays from the changelog', async () => {
    const store = await renderLesson('?t=69s');
    // The session expired: fraud-2 takes fraud-1's tasks and restores their stores first.
    act(() => store.getState().runTo(69_110));
    const restoring = card('fraud-2').querySelector<HTMLElement>('[data-task="1_0"]')!;
    expect(restoring.dataset.state).toBe('RESTORING');
    expect(restoring.textContent).toContain(`restoring 5 records from ${CHANGELOG}`);
    // 1_2's changelog partition is empty: restoring it replays nothing, and says so.
    expect(card('fraud-2').querySelector('[data-task="1_2"]')!.textContent).toContain(
      `restoring from ${CHANGELOG}: nothing to replay`,
    );
    // The bar shows how many of the 5 records are put so far, at the model's even pace.
    const bar = within(restoring).getByRole('progressbar') as HTMLProgressElement;
    expect(bar.max).toBe(5);
    const view = store
      .getState()
      .snapshot!.streams[0].queries[0].tasks.find((t) => t.id === '1_0')!;
    expect(bar.value).toBe(view.restoring?.restoredRecords);
    expect(bar.value).toBeLessThan(5);
    expect(screen.queryByText('(waiting for the session timeout)')).toBeNull();
  });

  it('Kill applies killStreamsInstance: the instance stops and its tasks wait', async () => {
    const store = await renderLesson('?t=30s');
    act(() => fireEvent.click(screen.getByRole('button', { name: 'Kill fraud-2' })));
    const app = store.getState().snapshot!.streams[0];
    expect(app.instances.map((i) => [i.id, i.running])).toEqual([
      ['fraud-1', false],
      ['fraud-2', false],
    ]);
    expect(store.getState().sessionLog.map((e) => e.command)).toEqual([
      { type: 'killStreamsInstance', instance: 'fraud-2' },
    ]);
    expect(within(card('fraud-2')).getByText('✕ stopped')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('Add instance adds fraud-3, which joins the group', async () => {
    const store = await renderLesson('?t=30s');
    act(() => fireEvent.click(screen.getByRole('button', { name: 'Add instance' })));
    expect(store.getState().snapshot!.streams[0].instances.map((i) => i.id)).toEqual([
      'fraud-1',
      'fraud-2',
      'fraud-3',
    ]);
    expect(card('fraud-3')).toBeTruthy();
  });

  it('says so when the engine refuses a command (here: a view older than the engine)', async () => {
    // The panel believes fraud-1 runs; the engine knows it was killed, and refuses.
    await renderLesson('?t=30s', (app) => ({
      ...app,
      instances: app.instances.map((i) => ({ ...i, running: true, nextCommitAtMs: null })),
    }));
    act(() => fireEvent.click(screen.getByRole('button', { name: 'Kill fraud-1' })));
    expect(screen.getByRole('alert').textContent).toBe(
      'Refused: streams instance "fraud-1" is not running',
    );
  });
});

describe('commitCountdown', () => {
  it('counts down to the next commit, and says when there is none', () => {
    expect(commitCountdown({ id: 'a-1', running: true, nextCommitAtMs: 5_200 }, 4_000)).toBe(
      'next commit in 1.2 s',
    );
    expect(commitCountdown({ id: 'a-1', running: true, nextCommitAtMs: null }, 4_000)).toBe(
      'no commit due',
    );
    expect(commitCountdown({ id: 'a-1', running: false, nextCommitAtMs: null }, 4_000)).toBe(
      'stopped: no commits',
    );
  });
});
