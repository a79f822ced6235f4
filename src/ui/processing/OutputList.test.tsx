// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { EmittedRow } from '../../engine';
import { OutputList } from './OutputList';
import { FRAUD_STATEMENTS, fraudPropsAt } from './processingTestKit';

afterEach(cleanup);

const rowTexts = () =>
  screen.getAllByTestId('output-row').map((li) => [...li.children].map((c) => c.textContent));

describe('the output list', () => {
  it('decodes each row as key@window → value, newest first, with why it was written', () => {
    render(<OutputList {...fraudPropsAt(20_000)} />);
    expect(screen.getByTestId('rows-written').textContent).toBe('2 rows written');
    expect(screen.getByTestId('collapse-hint').textContent).toBe(
      "Record cache on: a window's updates between two commits leave as one row, and HAVING holds back rows that never pass (8 counted inputs → 2 rows).",
    );
    expect(rowTexts()).toEqual([
      [
        '4111@[0:00, 5:00) → {"ATTEMPTS":5}',
        'cache flush at a commit',
        'partition 0 · written at 0:18 · ROWTIME 0:16 · task 1_0',
      ],
      [
        '4111@[0:00, 5:00) → {"ATTEMPTS":4}',
        'cache flush at a commitfolds 4 updatesnow passes HAVING',
        'partition 0 · written at 0:14 · ROWTIME 0:13.5 · task 1_0',
      ],
    ]);
  });

  it('the record cache on collapses updates: fewer rows than with it off', () => {
    // Without HAVING every update is a row to write; commits every 10 s let updates gather.
    const statements = `SET 'commit.interval.ms'='10000';\n${FRAUD_STATEMENTS.replace(' HAVING COUNT(*) > 3', '')}`;
    render(<OutputList {...fraudPropsAt(21_000, statements)} />);
    const on = screen.getByTestId('rows-written').textContent;
    expect(screen.getByTestId('collapse-hint').textContent).toBe(
      "The record cache collapsed updates: 8 counted inputs → 5 rows. A window's updates between two commits leave as one row.",
    );
    cleanup();
    render(
      <OutputList
        {...fraudPropsAt(21_000, `SET 'cache.max.bytes.buffering'='0';\n${statements}`)}
      />,
    );
    const off = screen.getByTestId('rows-written').textContent;
    expect(screen.getByTestId('collapse-hint').textContent).toBe(
      'Record cache off: every update goes downstream (8 counted inputs → 8 rows).',
    );
    expect([on, off]).toEqual(['5 rows written', '8 rows written']);
    expect(screen.getAllByText('update (record cache off)')).toHaveLength(8);
  });

  it('badges a tombstone and says HAVING let go of the row', () => {
    const props = fraudPropsAt(20_000);
    const tombstone: EmittedRow = {
      ...props.query.outputs[1],
      seq: 99,
      atMs: 20_000,
      value: null,
      having: 'left',
    };
    render(
      <OutputList
        {...props}
        query={{ ...props.query, outputs: [...props.query.outputs, tombstone] }}
      />,
    );
    const first = screen.getAllByTestId('output-row')[0];
    expect(first.dataset.tombstone).toBe('true');
    expect(first.textContent).toContain('4111@[0:00, 5:00) → tombstone');
    expect(first.textContent).toContain('no longer passes HAVING → tombstone');
  });

  it('says when nothing has been written yet', () => {
    render(<OutputList {...fraudPropsAt(10_000)} />);
    expect(
      screen.getByText(/No row yet\. A row is written once a key and window pass HAVING\./),
    ).toBeTruthy();
  });
});
