import { describe, expect, it } from 'vitest';
import { layoutSparkline } from './sparkline';

describe('layoutSparkline', () => {
  it('maps time to x and value to y (up), with a nice maximum', () => {
    const l = layoutSparkline(
      [
        { timeMs: 0, value: 0 },
        { timeMs: 500, value: 7.3 },
        { timeMs: 1000, value: 3 },
      ],
      100,
      20,
      [0, 1000],
    );
    expect(l.maxValue).toBe(8);
    expect(l.path).toBe('M0,20L50,1.8L100,12.5');
    expect(l.last).toEqual({ timeMs: 1000, value: 3 });
  });

  it('draws nothing for no points, and a flat zero line at the bottom', () => {
    expect(layoutSparkline([], 100, 20, [0, 1]).path).toBe('');
    expect(
      layoutSparkline(
        [
          { timeMs: 0, value: 0 },
          { timeMs: 1, value: 0 },
        ],
        100,
        20,
        [0, 1],
      ).path,
    ).toBe('M0,20L100,20');
  });
});
