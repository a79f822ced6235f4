/**
 * The conformance tooling's own checks (no Java): the generator is deterministic and renders
 * statements and harness specs that agree; the comparison ignores number formatting but not
 * column order; and the committed vector file is what the current generator produces (so a
 * generator change without `npm run conformance -- --write-vectors` is caught here).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DAY_MS, type OutputRecord, type VectorFile } from './cases';
import { firstDifference, sameValue } from './compare';
import { generateCases } from './generate';
import { handwrittenCases } from './handwritten';

const VECTORS = JSON.parse(
  readFileSync(
    path.resolve(import.meta.dirname, '../../conformance/vectors/streams-ttd.json'),
    'utf8',
  ),
) as VectorFile;

describe('case generator', () => {
  it('is deterministic per seed', () => {
    expect(generateCases(7, 40)).toEqual(generateCases(7, 40));
    expect(generateCases(7, 40)).not.toEqual(generateCases(8, 40));
  });

  it('renders statements and harness specs that agree', () => {
    for (const c of generateCases(3, 300)) {
      const s = c.spec;
      const text = c.statements;
      expect(text).toContain(`EMIT ${s.emit};`);
      expect(text).toContain(`WINDOW ${s.window.kind} (`);
      expect(text.includes("SET 'cache.max.bytes.buffering'='0';")).toBe(s.cacheMaxBytes === 0);
      expect(c.cacheMaxBytes).toBe(s.cacheMaxBytes);
      const size = s.window.kind === 'SESSION' ? s.window.gapMs! : s.window.sizeMs!;
      if (!text.includes('GRACE PERIOD')) {
        // ksqlDB: 0 for EMIT FINAL (RewrittenAnalysis), 24 h − size for EMIT CHANGES.
        expect(s.window.graceMs).toBe(s.emit === 'FINAL' ? 0 : Math.max(DAY_MS - size, 0));
      }
      if (s.window.retentionMs !== null) {
        expect(s.window.retentionMs).toBeGreaterThanOrEqual(size + s.window.graceMs);
      }
      const generated = s.projection.filter((p) => p.name.startsWith('KSQL_COL_'));
      expect(generated.map((p) => p.name)).toEqual(generated.map((_, i) => `KSQL_COL_${i}`));
      expect(text).toContain(`GROUP BY ${s.groupBy.toLowerCase()}`);
      // No tombstone is sent to a key-column windowed aggregate (ksqlDB would throw).
      if (s.groupBy === s.keyColumn) expect(c.inputs.every((r) => r.value !== null)).toBe(true);
    }
  });
});

describe('comparison', () => {
  const rec = (value: string | null, ts = 1): OutputRecord => ({
    topic: 'T',
    key: 'k',
    window: { startMs: 0, endMs: 10 },
    value,
    timestampMs: ts,
  });

  it('compares values as data, with their column order', () => {
    expect(sameValue(JSON.parse('{"A":1.0}'), JSON.parse('{"A":1}'))).toBe(true);
    expect(sameValue(JSON.parse('{"A":1,"B":2}'), JSON.parse('{"B":2,"A":1}'))).toBe(false);
    expect(sameValue(null, JSON.parse('{"A":null}'))).toBe(false);
  });

  it('names the first differing record, then the drop count', () => {
    const expected = { outputs: [rec('{"A":1}'), rec('{"A":2}', 2)], droppedRecords: 1 };
    const d = firstDifference(expected, {
      kind: 'result',
      result: { outputs: [rec('{"A":1.0}'), rec(null, 2)], droppedRecords: 1 },
      notes: [],
    });
    expect(d?.index).toBe(1);
    expect(d?.message).toBe('record #1 differs');
    const dropped = firstDifference(expected, {
      kind: 'result',
      result: { outputs: expected.outputs, droppedRecords: 0 },
      notes: [],
    });
    expect(dropped?.message).toBe('dropped-records: Kafka 1, kafkascope 0');
  });
});

describe('the committed vector file', () => {
  it('holds at least 500 cases from Kafka 4.3.1', () => {
    expect(VECTORS.kafkaVersion).toBe('4.3.1');
    expect(VECTORS.cases.length).toBeGreaterThanOrEqual(500);
  });

  it('is what the current generator and hand-written cases produce', () => {
    const strip = (cases: readonly object[]) =>
      cases.map((c) => {
        const { expected: _expected, ...rest } = c as { expected?: unknown };
        return rest;
      });
    const current = [
      ...handwrittenCases(),
      ...generateCases(VECTORS.generated.seed, VECTORS.generated.cases),
    ];
    expect(strip(VECTORS.cases)).toEqual(JSON.parse(JSON.stringify(current)));
  });
});
