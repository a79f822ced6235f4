import { describe, expect, it } from 'vitest';
import { resolveWindow } from './queries';
import { AUTH_STREAM, compileError, compileOk, lastAggregate } from './testKit';

const FRAUD = `${AUTH_STREAM}
CREATE TABLE possible_fraud AS SELECT card_number, count(*) FROM authorization_attempts
  WINDOW TUMBLING (SIZE 5 MINUTE) GROUP BY card_number HAVING count(*) > 3;
CREATE STREAM cards AS SELECT card_number, amount * 2 AS doubled FROM authorization_attempts WHERE amount IS NOT NULL;`;

describe('the program is plain data', () => {
  it('survives structuredClone and a JSON round trip unchanged', () => {
    const program = compileOk(FRAUD);
    expect(structuredClone(program)).toEqual(program);
    expect(JSON.parse(JSON.stringify(program))).toEqual(program);
  });

  it('is deterministic: the same script compiles to the same program', () => {
    expect(JSON.stringify(compileOk(FRAUD))).toBe(JSON.stringify(compileOk(FRAUD)));
  });
});

describe('window defaults (streams-model.md §1.5, §1.6)', () => {
  const at = { line: 1, column: 1 };

  it('grace is max(24 h − size, 0); retention size + grace', () => {
    expect(
      resolveWindow({
        kind: 'TUMBLING',
        sizeMs: 2 * 86_400_000,
        graceMs: null,
        retentionMs: null,
        position: at,
      }),
    ).toEqual({
      kind: 'TUMBLING',
      sizeMs: 172_800_000,
      graceMs: 0,
      retentionMs: 172_800_000,
    });
    expect(
      resolveWindow({
        kind: 'SESSION',
        gapMs: 30_000,
        graceMs: null,
        retentionMs: null,
        position: at,
      }),
    ).toEqual({
      kind: 'SESSION',
      gapMs: 30_000,
      graceMs: 86_370_000,
      retentionMs: 86_400_000,
    });
  });

  it('GRACE PERIOD 0 and an explicit RETENTION', () => {
    const q = lastAggregate(
      compileOk(
        `${AUTH_STREAM}\nCREATE TABLE t AS SELECT card_number, count(*) AS n FROM authorization_attempts WINDOW TUMBLING (SIZE 5 MINUTES, RETENTION 1 HOUR, GRACE PERIOD 0 SECONDS) GROUP BY card_number;`,
      ),
    );
    expect(q.window).toEqual({
      kind: 'TUMBLING',
      sizeMs: 300_000,
      graceMs: 0,
      retentionMs: 3_600_000,
    });
  });

  it('a session RETENTION shorter than gap + grace is refused', () => {
    const p = compileError(
      `${AUTH_STREAM}\nCREATE TABLE t AS SELECT card_number, count(*) AS n FROM authorization_attempts WINDOW SESSION (5 MINUTES, RETENTION 1 MINUTE) GROUP BY card_number;`,
    );
    expect(p.message).toBe(
      'The retention period of the session store Aggregate-Aggregate-Materialize must be no smaller than the session inactivity gap plus the grace period. Got gap=[300000], grace=[86100000], retention=[60000]',
    );
  });
});

describe('positions in a script', () => {
  it('two statements on one line: the second one’s column', () => {
    const p = compileError("SET 'auto.offset.reset'='earliest'; SET 'auto.offset.reset'='never';");
    expect(p.position).toEqual({ line: 1, column: 37 });
  });
});
