import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  describeProblem,
  formatSavedAt,
  offsetOf,
  problemSummary,
  scenarioBlob,
  toDisplayText,
  withLineEndingsOf,
} from './editorText';

describe('editor text helpers', () => {
  it('line endings: shown with "\\n", stored as the file had them', () => {
    expect(toDisplayText('a\r\nb\rc\n')).toBe('a\nb\nc\n');
    expect(withLineEndingsOf('a\nb\n', 'x\r\ny')).toBe('a\r\nb\r\n');
    expect(withLineEndingsOf('a\nb\n', 'x\ny')).toBe('a\nb\n');
    expect(withLineEndingsOf('a\nb', 'no breaks')).toBe('a\nb');
  });

  it('a CRLF file survives showing and storing unchanged (seed 12)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.string().filter((s) => !/[\r\n]/.test(s)),
          { minLength: 2 },
        ),
        (lines) => {
          const file = lines.join('\r\n');
          expect(withLineEndingsOf(toDisplayText(file), file)).toBe(file);
        },
      ),
      { seed: 12, numRuns: 200 },
    );
  });

  it('line and column to offset, clamped into the text', () => {
    const text = 'ab\ncdef\n\ng';
    expect(offsetOf(text, 1, 1)).toBe(0);
    expect(offsetOf(text, 2, 3)).toBe(5);
    expect(text[offsetOf(text, 2, 3)]).toBe('e');
    expect(offsetOf(text, 2, 99)).toBe(7);
    expect(offsetOf(text, 3)).toBe(8);
    expect(offsetOf(text, 4, 1)).toBe(9);
    expect(offsetOf(text, 40, 1)).toBe(text.length);
    expect(offsetOf(text, 0, 0)).toBe(0);
  });

  it('describes problems with their line and column', () => {
    const p = {
      path: 'steps[3].produce.producer',
      message: 'no producer "x"',
      line: 12,
      column: 7,
    };
    expect(describeProblem(p)).toBe(
      'line 12, column 7: steps[3].produce.producer: no producer "x"',
    );
    expect(describeProblem({ path: '', message: 'empty file' })).toBe('empty file');
    expect(describeProblem({ path: 'title', message: 'required', line: 1 })).toBe(
      'line 1: title: required',
    );
    expect([0, 1, 2].map(problemSummary)).toEqual(['No problems', '1 problem', '2 problems']);
  });

  it('a download holds exactly the text, as UTF-8 without a byte order mark', async () => {
    const text = '# ü ✓ \r\ntitle: x\t\n';
    const blob = scenarioBlob(text, 'a.yaml');
    expect(Array.from(new Uint8Array(await blob.arrayBuffer()))).toEqual(
      Array.from(new TextEncoder().encode(text)),
    );
    expect(blob.type).toBe('text/yaml');
    expect(scenarioBlob('{}', 'a.JSON').type).toBe('application/json');
  });

  it('formats when a session was saved', () => {
    expect(formatSavedAt(Date.UTC(2031, 2, 12, 14, 5), 'en-GB')).toContain('2031');
  });
});
