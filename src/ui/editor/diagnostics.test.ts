import { describe, expect, it } from 'vitest';
import { problemMessage, problemRange } from './diagnostics';

const TEXT = 'title: x\nsteps:\n  - at: 1s\n    produce: { producer: chekout }\n';

describe('a problem’s place in the text', () => {
  it('covers the word at its line and column', () => {
    const r = problemRange(TEXT, {
      path: 'steps[0].produce.producer',
      message: 'm',
      line: 4,
      column: 26,
    })!;
    expect(TEXT.slice(r.from, r.to)).toBe('chekout');
  });
  it('without a column, covers the line after its indentation', () => {
    const r = problemRange(TEXT, { path: 'steps[0]', message: 'm', line: 3 })!;
    expect(TEXT.slice(r.from, r.to)).toBe('- at: 1s');
  });
  it('on punctuation, runs to the end of the line', () => {
    const r = problemRange(TEXT, { path: 'p', message: 'm', line: 4, column: 14 })!;
    expect(TEXT.slice(r.from, r.to)).toBe('{ producer: chekout }');
  });
  it('clamps a line or column past the end, and has no place without a line', () => {
    expect(problemRange(TEXT, { path: '', message: 'm', line: 99 })).toEqual({
      from: TEXT.length,
      to: TEXT.length,
    });
    const r = problemRange(TEXT, { path: '', message: 'm', line: 1, column: 80 })!;
    expect(r).toEqual({ from: 8, to: 8 });
    expect(problemRange(TEXT, { path: '', message: 'm' })).toBeNull();
  });
  it('says the path and the message', () => {
    expect(problemMessage({ path: 'seed', message: 'must be a number' })).toBe(
      'seed: must be a number',
    );
    expect(problemMessage({ path: '', message: 'not YAML' })).toBe('not YAML');
  });
});
