// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { AppStoreContext, useAppStore, type AppStore } from '../../store';
import { createFakeHost } from '../../store/testKit';
import { ProduceAttempt } from './ProduceAttempt';
import { fraudStore } from './processingTestKit';
import { produceFields, recordOf } from './produceRecord';

afterEach(cleanup);

function Live() {
  const app = useAppStore((s) => s.snapshot?.streams?.[0] ?? null);
  const nowMs = useAppStore((s) => s.snapshot?.timeMs ?? 0);
  return app === null ? null : <ProduceAttempt app={app} query={app.queries[0]} nowMs={nowMs} />;
}

async function renderForm(search = '?scenario=fraud-streams&t=30s'): Promise<AppStore> {
  const { store } = await fraudStore(search, createFakeHost);
  render(
    <AppStoreContext.Provider value={store}>
      <Live />
    </AppStoreContext.Provider>,
  );
  return store;
}

const lastCommand = (store: AppStore) => store.getState().sessionLog.at(-1)?.command;
const produce = () =>
  act(() => fireEvent.click(screen.getByRole('button', { name: 'Send authorization' })));

describe('produce an authorization', () => {
  it("sends the lesson's record through the scenario's producer, at the send time by default", async () => {
    const store = await renderForm();
    expect(screen.getByText('pos')).toBeTruthy();
    expect((screen.getByLabelText('card number') as HTMLInputElement).value).toBe('4111');
    expect((screen.getByLabelText('amount') as HTMLInputElement).value).toBe('20');
    await produce();
    expect(lastCommand(store)).toEqual({
      type: 'produce',
      producer: 'pos',
      topic: 'authorization_attempts',
      key: '4111',
      value: '{"CARD_NUMBER":"4111","AMOUNT":20}',
    });
    expect(screen.getByRole('status').textContent).toBe(
      'Sent key 4111 {"CARD_NUMBER":"4111","AMOUNT":20} with event time now (0:30).',
    );
  });

  it('a late record on purpose: behind the stream time, clamped at 0:00 with a message', async () => {
    const store = await renderForm();
    const tasks = store.getState().snapshot!.streams[0].queries[0].tasks;
    const streamMs = Math.max(...tasks.map((t) => t.streamTimeMs));
    expect(streamMs).toBeGreaterThan(10_000);
    fireEvent.change(screen.getByLabelText('card number'), { target: { value: '5500' } });
    fireEvent.change(screen.getByLabelText('Event time'), { target: { value: 'ago' } });
    fireEvent.change(screen.getByLabelText('Time ago'), { target: { value: '10' } });
    fireEvent.change(screen.getByLabelText('Time unit'), { target: { value: 'seconds' } });
    await produce();
    expect(lastCommand(store)).toMatchObject({ key: '5500', timestampMs: streamMs - 10_000 });
    fireEvent.change(screen.getByLabelText('Time unit'), { target: { value: 'minutes' } });
    await produce();
    expect(lastCommand(store)).toMatchObject({ timestampMs: 0 });
    expect(screen.getByRole('status').textContent).toContain(
      'before the simulation started: sent with event time 0:00',
    );
  });

  it('an absolute clock time, and a refusal in words for one that is not', async () => {
    const store = await renderForm();
    fireEvent.change(screen.getByLabelText('Event time'), { target: { value: 'at' } });
    fireEvent.change(screen.getByLabelText('Clock time (m:ss)'), { target: { value: '0:12' } });
    await produce();
    expect(lastCommand(store)).toMatchObject({ timestampMs: 12_000 });
    const before = store.getState().sessionLog.length;
    fireEvent.change(screen.getByLabelText('Clock time (m:ss)'), { target: { value: 'later' } });
    await produce();
    expect(store.getState().sessionLog.length).toBe(before);
    expect(screen.getByRole('status').textContent).toBe(
      '"later" is not a clock time: write m:ss, e.g. 4:30.',
    );
  });

  it('refuses an amount that is not a whole number (INT column)', async () => {
    const store = await renderForm();
    const before = store.getState().sessionLog.length;
    fireEvent.change(screen.getByLabelText('amount'), { target: { value: '12.5' } });
    await produce();
    expect(store.getState().sessionLog.length).toBe(before);
    expect(screen.getByRole('status').textContent).toBe('amount: "12.5" is not a whole number.');
  });
});

describe('recordOf', () => {
  it('a keyed source: the key column is the record key, not in the value', () => {
    const query = {
      kind: 'CSAS',
      source: {
        columns: [
          { name: 'ID', type: 'STRING', key: true },
          { name: 'N', type: 'DOUBLE', key: false },
        ],
        valueFormat: 'DELIMITED',
      },
    } as unknown as Parameters<typeof produceFields>[0];
    const fields = produceFields(query);
    expect(fields.map((f) => f.label)).toEqual(['id (key)', 'n']);
    expect(recordOf(query, fields, { ID: 'a', N: '1.5' })).toEqual({
      ok: true,
      key: 'a',
      value: '1.5',
    });
  });
});
