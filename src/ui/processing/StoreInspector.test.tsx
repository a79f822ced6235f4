// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { FRAUD_STATEMENTS, fraudPropsAt } from './processingTestKit';
import { StoreInspector } from './StoreInspector';
import { storeRows } from './storeRows';

afterEach(cleanup);

const cells = (row: HTMLElement) => [...row.children].map((c) => c.textContent);

describe('the state store inspector', () => {
  it('names the aggregate by its column (ATTEMPTS), lists dirty cache entries first with the commit countdown', () => {
    // 13.9 s: card 4111's 4th attempt is in the cache (dirty), the commit is due at 14 s.
    render(<StoreInspector {...fraudPropsAt(13_900)} />);
    expect(screen.getByRole('columnheader', { name: 'ATTEMPTS' })).toBeTruthy();
    const rows = screen.getAllByTestId('store-row');
    expect(cells(rows[0])).toEqual(['4111', '[0:00, 5:00)', '4', '0:13.5', '1_0', '✓ passes']);
    expect(rows[0].className).toContain('pp-row-dirty');
    const note = rows[0].nextElementSibling as HTMLElement;
    expect(note.textContent).toBe(
      'dirty reaches store, changelog and sink at the next commit: next commit in 100 ms (fraud-1) (the store still holds 3)',
    );
    // 5500 is dirty too (2, the store has 1); 3400 is clean, and does not pass HAVING.
    expect(cells(rows[1]).slice(0, 3)).toEqual(['5500', '[0:00, 5:00)', '2']);
    expect(cells(rows[2])).toEqual(['3400', '[0:00, 5:00)', '1', '0:07', '1_3', '✗ not yet']);
    expect(screen.getByText(/Record cache on: 2 dirty entries · commit every 2 s/)).toBeTruthy();
  });

  it('after the commit nothing is dirty: the store holds what the cache held', () => {
    render(<StoreInspector {...fraudPropsAt(14_100)} />);
    const rows = screen.getAllByTestId('store-row');
    expect(rows.map((r) => r.className)).toEqual(['', '', '']);
    expect(cells(rows[0]).slice(0, 3)).toEqual(['4111', '[0:00, 5:00)', '4']);
    expect(screen.queryByText(/dirty reaches store/)).toBeNull();
    expect(screen.queryByTestId('closed-stores')).toBeNull();
  });

  it('with the record cache off it says every update goes downstream', () => {
    const props = fraudPropsAt(13_900, `SET 'cache.max.bytes.buffering'='0';\n${FRAUD_STATEMENTS}`);
    render(<StoreInspector {...props} />);
    expect(screen.getByText('Record cache off: every update goes downstream')).toBeTruthy();
    expect(cells(screen.getAllByTestId('store-row')[0]).slice(0, 3)).toEqual([
      '4111',
      '[0:00, 5:00)',
      '4',
    ]);
  });

  it('labels an aggregate that has no column of its own "aggregate i"', () => {
    const statements = FRAUD_STATEMENTS.replace(
      'COUNT(*) AS attempts',
      'COUNT(*) AS attempts, SUM(amount) * 2 AS doubled',
    );
    render(<StoreInspector {...fraudPropsAt(13_900, statements)} />);
    const heads = screen.getAllByRole('columnheader').map((h) => h.textContent);
    expect(heads).toEqual([
      'Key',
      'Window',
      'ATTEMPTS',
      'aggregate 1',
      'ROWTIME',
      'Task',
      'HAVING',
    ]);
    // 4111: 12 + 99 + 250 + 500 = 861.
    expect(cells(screen.getAllByTestId('store-row')[0]).slice(0, 4)).toEqual([
      '4111',
      '[0:00, 5:00)',
      '4',
      '861',
    ]);
  });

  it("says when tasks' stores are not open (fraud-1 died at 25 s, its tasks wait for a new owner)", () => {
    render(<StoreInspector {...fraudPropsAt(30_000)} />);
    expect(screen.getByTestId('closed-stores').textContent).toMatch(
      /^3 of 6 tasks with a store are not running \(3 unassigned\): their rows are not listed; the changelog .*-changelog keeps their state\.$/,
    );
    expect(screen.getAllByTestId('store-row').map((r) => r.firstElementChild!.textContent)).toEqual(
      ['3400'],
    );
  });

  it('caps the rows, counting the rest', () => {
    const { query } = fraudPropsAt(13_900);
    const { rows, more } = storeRows(query, ['ATTEMPTS'], 2);
    expect(rows.map((r) => r.key)).toEqual(['4111', '5500']);
    expect(more).toBe(1);
  });
});
