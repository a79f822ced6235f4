import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadScenario } from './compile';
import { replaceStreamsStatements } from './streamsEdit';

const FRAUD = readFileSync(
  new URL('../../public/scenarios/fraud-streams.yaml', import.meta.url),
  'utf8',
);

const NEW_STATEMENTS =
  "SET 'cache.max.bytes.buffering'='0';\n" +
  "CREATE STREAM authorization_attempts (card_number VARCHAR, amount INT)\n  WITH (KAFKA_TOPIC='authorization_attempts', VALUE_FORMAT='JSON');\n" +
  'CREATE TABLE possible_fraud AS\n  SELECT card_number, COUNT(*) AS attempts FROM authorization_attempts\n' +
  '  WINDOW TUMBLING (SIZE 1 MINUTE)\n  GROUP BY card_number HAVING COUNT(*) > 3;\n';

function edited(text: string, appId: string, statements: string): string {
  const result = replaceStreamsStatements(text, appId, statements);
  if (!result.ok) throw new Error(result.message);
  return result.text;
}

describe('replaceStreamsStatements', () => {
  it('replaces only the block: every other line of the lesson stays byte for byte', () => {
    const out = edited(FRAUD, 'fraud', NEW_STATEMENTS);
    expect(parse(out).streams[0].statements).toBe(NEW_STATEMENTS);
    const start = FRAUD.indexOf('    statements: |');
    const end = FRAUD.indexOf('\nsteps:');
    expect(out.slice(0, start)).toBe(FRAUD.slice(0, start));
    expect(out.slice(out.indexOf('\nsteps:'))).toBe(FRAUD.slice(end));
    // The block keeps the lesson's indentation (six spaces).
    expect(out).toContain("    statements: |\n      SET 'cache.max.bytes.buffering'='0';\n");
    // The comment on the first line survives, and the result is still a valid lesson.
    expect(out.startsWith('# yaml-language-server:')).toBe(true);
    const loaded = loadScenario(out, 'fraud-streams.yaml');
    expect(loaded.ok).toBe(true);
  });

  it('keeps comments and fields around the entry, and picks the entry by id', () => {
    const text = [
      'streams:',
      '  # the first app',
      '  - id: a',
      '    statements: |',
      '      CREATE STREAM x;',
      '    instances: 2 # two of them',
      '',
      '  - id: b',
      '    statements: "CREATE STREAM y;"',
      'steps: []',
      '',
    ].join('\n');
    const outA = edited(text, 'a', 'CREATE STREAM z;\n');
    expect(outA).toBe(text.replace('CREATE STREAM x;', 'CREATE STREAM z;'));
    const outB = edited(text, 'b', 'one;\ntwo;');
    expect(outB).toBe(text.replace('"CREATE STREAM y;"', '"one;\\ntwo;"'));
    expect(parse(outB).streams[1].statements).toBe('one;\ntwo;');
  });

  it('writes |- for statements without a final line break', () => {
    const text = 'streams:\n  - id: a\n    statements: |\n      old;\nsteps: []\n';
    const out = edited(text, 'a', 'new;\nnewer;');
    expect(out).toBe(
      'streams:\n  - id: a\n    statements: |-\n      new;\n      newer;\nsteps: []\n',
    );
    expect(parse(out).streams[0].statements).toBe('new;\nnewer;');
  });

  it('a JSON scenario stays JSON', () => {
    const text = JSON.stringify(
      { title: 't', streams: [{ id: 'a', statements: 'old;' }], steps: [] },
      null,
      2,
    );
    const out = edited(text, 'a', "SET 'x'='1';\nnew;");
    expect(JSON.parse(out)).toEqual({
      title: 't',
      streams: [{ id: 'a', statements: "SET 'x'='1';\nnew;" }],
      steps: [],
    });
    expect(out).toBe(text.replace('"old;"', JSON.stringify("SET 'x'='1';\nnew;")));
  });

  it('statements a literal block cannot hold fall back to a correct (reformatted) document', () => {
    const text = 'streams:\n  - id: a\n    statements: |\n      old;\n';
    const out = edited(text, 'a', '  indented first;\n\tand a tab;\n');
    expect(parse(out).streams[0].statements).toBe('  indented first;\n\tand a tab;\n');
  });

  it('says why when there is no such app', () => {
    expect(replaceStreamsStatements('title: t\n', 'a', 'x;')).toEqual({
      ok: false,
      message: 'the scenario has no streams: section',
    });
    expect(
      replaceStreamsStatements('streams:\n  - id: b\n    statements: x;\n', 'a', 'x;'),
    ).toEqual({ ok: false, message: 'no streams entry with id "a"' });
  });
});
