import { describe, expect, it } from 'vitest';
import { fitTextMiddle, labelTextWidth } from './textMetrics';

describe('fitTextMiddle', () => {
  const changelog =
    '_confluent-ksql-default_query_CTAS_POSSIBLE_FRAUD_0-Aggregate-Aggregate-Materialize-changelog-3';

  it('leaves a name that fits alone', () => {
    expect(fitTextMiddle('orders-3', 200, 13)).toBe('orders-3');
  });

  it('cuts a long name in the middle, keeping its end and the partition number', () => {
    const fitted = fitTextMiddle(changelog, 200, 13);
    expect(fitted).toMatch(/^_confluent.*…-changelog-3$/);
    expect(labelTextWidth(fitted, 13)).toBeLessThanOrEqual(200);
  });

  it('with no room for a beginning, keeps the longest end that fits', () => {
    const fitted = fitTextMiddle(changelog, 70, 13);
    expect(fitted.startsWith('…')).toBe(true);
    expect(fitted.endsWith('-3')).toBe(true);
    expect(labelTextWidth(fitted, 13)).toBeLessThanOrEqual(70);
  });
});
