// @vitest-environment jsdom
import { forEachDiagnostic } from '@codemirror/lint';
import { EditorView } from '@codemirror/view';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { ComponentType } from 'react';
import { giveRangesEmptyRects } from '../editor/jsdomRanges';
import { afterEach, describe, expect, it } from 'vitest';
import { AppStoreContext, useAppStore, type AppStore } from '../../store';
import { createFakeHost } from '../../store/testKit';
import { FRAUD_STATEMENTS, fraudStore } from './processingTestKit';
import { QueryPanel } from './QueryPanel';
import { SLIDE_STATEMENT } from './statementEdits';
import type { ProcessingPartProps } from './types';

giveRangesEmptyRects();

afterEach(cleanup);

/** The part as the processing view renders it: the first app and query of the live snapshot. */
function Live({ Part }: { Part: ComponentType<ProcessingPartProps> }) {
  const app = useAppStore((s) => s.snapshot?.streams?.[0] ?? null);
  const nowMs = useAppStore((s) => s.snapshot?.timeMs ?? 0);
  return app === null ? null : <Part app={app} query={app.queries[0]} nowMs={nowMs} />;
}

async function renderPanel(search = '?scenario=fraud-streams&t=20s'): Promise<AppStore> {
  const { store } = await fraudStore(search, createFakeHost);
  render(
    <AppStoreContext.Provider value={store}>
      <Live Part={QueryPanel} />
    </AppStoreContext.Provider>,
  );
  return store;
}

/** The editor (CodeMirror, its own chunk: found once loaded) and its text. */
const editor = () => screen.findByRole('textbox', { name: 'Query statements' });
const view = async () => EditorView.findFromDOM(await editor())!;
const editorText = async () => (await view()).state.doc.toString();
/** The lines of the problems shown in the text. */
async function problemLines(): Promise<number[]> {
  const { state } = await view();
  const lines: number[] = [];
  forEachDiagnostic(state, (_d, from) => lines.push(state.doc.lineAt(from).number));
  return lines;
}
const button = (name: string | RegExp) => screen.getByRole('button', { name }) as HTMLButtonElement;
const running = (store: AppStore) => store.getState().snapshot!.streams[0];

describe('the query panel', () => {
  it('lists the statements read-only with line numbers', async () => {
    await renderPanel();
    const listing = screen.getByRole('list', { name: 'The statements of fraud' });
    const lines = [...listing.querySelectorAll('li')];
    expect(lines.map((li) => li.querySelector('code')!.textContent).join('\n')).toBe(
      FRAUD_STATEMENTS.replace(/\n$/, ''),
    );
    expect(lines.map((li) => li.querySelector('.pp-code-number')!.textContent)).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
    ]);
    expect(screen.queryByLabelText('Query statements')).toBeNull();
  });

  it("the talk's statement: ksqlDB's error at its line, the one-click fix, then Apply reruns it", async () => {
    const store = await renderPanel();
    fireEvent.click(button('Try the talk’s statement'));
    expect(await editorText()).toBe(
      `CREATE STREAM authorization_attempts (card_number VARCHAR, amount INT)\n  WITH (KAFKA_TOPIC='authorization_attempts', VALUE_FORMAT='JSON');\n${SLIDE_STATEMENT}\n`,
    );
    expect(screen.getByRole('alert').textContent).toBe(
      'Line 3, column 1: Invalid result type. Your SELECT query produces a TABLE. Please use CREATE TABLE AS SELECT statement instead.Fix: CREATE TABLE',
    );
    expect(await problemLines()).toEqual([3]);
    expect((await editor()).getAttribute('aria-invalid')).toBe('true');
    expect(button('Apply and rerun from the start').disabled).toBe(true);

    fireEvent.click(button('Fix: CREATE TABLE'));
    const fixed = await editorText();
    expect(fixed).toContain('CREATE TABLE possible_fraud AS SELECT card_number, count(*)');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByText(/^✓ Compiles: CTAS_POSSIBLE_FRAUD_0, TUMBLING 5 MINUTES/)).toBeTruthy();

    await act(async () => fireEvent.click(button('Apply and rerun from the start')));
    expect(store.getState().scenarioText).toContain(
      '      CREATE TABLE possible_fraud AS SELECT card_number, count(*) FROM authorization_attempts\n',
    );
    expect(running(store).statements).toBe(fixed);
    expect(store.getState().timeMs).toBe(0);
    // The rerun's statements are shown read-only again.
    expect(screen.queryByLabelText('Query statements')).toBeNull();
  });

  it('the record cache knob writes the SET line; applied, the query runs without the cache', async () => {
    const store = await renderPanel();
    expect(running(store).queries[0].cacheEnabled).toBe(true);
    fireEvent.change(screen.getByLabelText('Record cache'), { target: { value: 'off' } });
    expect(await editorText()).toBe(`SET 'cache.max.bytes.buffering'='0';\n${FRAUD_STATEMENTS}`);
    expect((screen.getByLabelText('Record cache') as HTMLSelectElement).value).toBe('off');
    await act(async () => fireEvent.click(button('Apply and rerun from the start')));
    expect(running(store).queries[0].cacheEnabled).toBe(false);
  });

  it('window size, grace, EMIT and commit interval knobs rewrite the statements the engine reads', async () => {
    const store = await renderPanel();
    fireEvent.change(screen.getByLabelText('Window size'), { target: { value: '60000' } });
    fireEvent.change(screen.getByLabelText('Grace period'), { target: { value: '10000' } });
    fireEvent.change(screen.getByLabelText('EMIT'), { target: { value: 'FINAL' } });
    fireEvent.change(screen.getByLabelText('Commit interval'), { target: { value: '500' } });
    expect(await editorText()).toBe(
      `SET 'commit.interval.ms'='500';\n${FRAUD_STATEMENTS.replace('SIZE 5 MINUTES', 'SIZE 1 MINUTE, GRACE PERIOD 10 SECONDS').replace('> 3;', '> 3 EMIT FINAL;')}`,
    );
    await act(async () => fireEvent.click(button('Apply and rerun from the start')));
    const q = running(store).queries[0];
    expect([q.window?.sizeMs, q.window?.graceMs, q.emit, q.commitIntervalMs]).toEqual([
      60_000,
      10_000,
      'FINAL',
      500,
    ]);
  });

  it('a problem is shown at its line as the person types; Cancel goes back to the listing', async () => {
    await renderPanel();
    fireEvent.click(button('Edit query'));
    const typed = FRAUD_STATEMENTS.replace('COUNT(*) AS attempts', 'COUNT(*) AS attempts, bob');
    const v = await view();
    act(() => v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: typed } }));
    expect(await problemLines()).toEqual([4]);
    expect(screen.getByRole('alert').textContent).toMatch(/^Line 4, column \d+: /);
    // The knobs wait (disabled), showing what runs now.
    const size = screen.getByLabelText('Window size') as HTMLSelectElement;
    expect([size.disabled, size.value]).toEqual([true, '300000']);
    expect((screen.getByLabelText('Record cache') as HTMLSelectElement).disabled).toBe(true);
    fireEvent.click(button('Cancel'));
    expect(screen.queryByLabelText('Query statements')).toBeNull();
  });
});
