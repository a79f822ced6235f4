import { describe, expect, it } from 'vitest';
import { compileStatements } from './compile';
import { QTT_CASES } from './qttCases';

/** QTT prints `` `ID` INT KEY ``; kafkascope's DESCRIBE-like form is `ID INTEGER KEY`. */
function normalize(schema: string): string {
  return schema
    .replace(/ PRIMARY KEY/g, ' KEY')
    .replace(/`/g, '')
    .replace(/\bINT\b/g, 'INTEGER')
    .replace(/\bVARCHAR\b/g, 'STRING');
}

describe("ksqlDB's query-validation tests (statements, schemas, errors)", () => {
  it.each(QTT_CASES.map((c) => [`${c.file} › ${c.name}`, c] as const))('%s', (_, c) => {
    const catalog = Object.fromEntries(
      Object.entries(c.topics).map(([topic, partitions]) => [topic, { partitions }]),
    );
    const result = compileStatements(c.statements.join('\n'), catalog);
    if ('error' in c.expect) {
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.problems[0].message).toContain(c.expect.error);
      return;
    }
    if (!result.ok) throw new Error(result.problems[0].message);
    const expected = c.expect;
    if ('compiles' in expected) {
      const sink = result.program.sources.find((s) => s.name === expected.compiles);
      expect(sink?.window?.kind ?? null).toBe(expected.window);
      return;
    }
    const { sources } = result.program;
    for (const [name, schema] of Object.entries(expected.schemas)) {
      const source = sources.find((s) => s.name === name);
      const described = source?.columns
        .map((col) => `${col.name} ${col.type}${col.key ? ' KEY' : ''}`)
        .join(', ');
      expect(described).toBe(normalize(schema));
    }
  });
});
