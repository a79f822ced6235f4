import { describe, expect, it } from 'vitest';
import { fitText, fitTextMiddle, fittingStart, labelTextWidth } from './textMetrics';

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

/** The cut as it used to be found: re-measure after each removed character (the reference). */
function fitTextByRemeasuring(text: string, width: number, fontPx: number): string {
  if (labelTextWidth(text, fontPx) <= width) return text;
  let cut = text;
  while (cut.length > 1 && labelTextWidth(`${cut}…`, fontPx) > width) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

describe('one-pass cutting agrees with re-measuring', () => {
  const alphabet = 'abcxyzIl1-., ·:orders';
  let state = 7;
  const next = (n: number) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
  const randomText = (n: number) =>
    Array.from({ length: n }, () => alphabet[next(alphabet.length)]).join('');

  it('fitText and fittingStart on 2,000 random labels and widths', () => {
    for (let i = 0; i < 2000; i++) {
      const text = randomText(1 + next(60));
      const width = 5 + next(400);
      const fontPx = [10, 12, 15, 19][next(4)];
      expect(fitText(text, width, fontPx)).toBe(fitTextByRemeasuring(text, width, fontPx));
      const start = fittingStart(text, width, fontPx);
      expect(start.length).toBeGreaterThan(0);
      expect(text.startsWith(start)).toBe(true);
      if (start.length > 1) expect(labelTextWidth(start, fontPx)).toBeLessThanOrEqual(width);
      if (start.length < text.length)
        expect(labelTextWidth(text.slice(0, start.length + 1), fontPx)).toBeGreaterThan(width);
    }
  });

  it('fitTextMiddle keeps an end and fits, for long names at every width', () => {
    const name = '_confluent-ksql-default_query_CTAS_POSSIBLE_FRAUD_0-Aggregate-changelog-3';
    for (let width = 20; width < 600; width += 7) {
      const cut = fitTextMiddle(name, width, 12);
      expect(cut.endsWith('3')).toBe(true);
      if (cut !== name && cut.length > 2)
        expect(labelTextWidth(cut, 12)).toBeLessThanOrEqual(width);
    }
  });
});

describe('labelTextWidth', () => {
  it('counts each character (a surrogate pair is one) as narrow or wide, in order', () => {
    // The width as the sum over code points, narrow ones 0.32 em and the rest 0.62 em.
    const reference = (text: string, px: number) => {
      let em = 0;
      for (const ch of text) em += " ·,.:;|ilI!'-".includes(ch) ? 0.32 : 0.62;
      return em * px;
    };
    for (const text of [
      '',
      'orders-12',
      'leader 2 · ISR 2,3,4',
      'g1, g2 committed 1,204 · lag 17',
      '✕ DOWN · fenced',
      'a😀b',
      '😀😀',
      'x\ud800',
      '\udc00y',
    ])
      expect(labelTextWidth(text, 13)).toBe(reference(text, 13));
  });
});
