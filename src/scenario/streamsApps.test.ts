import { describe, expect, it } from 'vitest';
import { loadScenario } from './compile';
import { formatProblem } from './problems';
import { runScenario } from './run';

/** The `streams:` section and the instance steps: compiled, checked, located, run. */

const HEAD = `title: fraud
duration: 60s
cluster:
  brokers: 1
  topics:
    - { name: authorization_attempts, partitions: 2 }
producers:
  - { id: pos, topic: authorization_attempts }
`;

const GOOD = `streams:
  - id: fraud
    instances: 2
    statements: |
      CREATE STREAM authorization_attempts (card_number VARCHAR, amount INT)
        WITH (KAFKA_TOPIC='authorization_attempts', VALUE_FORMAT='JSON');
      CREATE TABLE possible_fraud AS
        SELECT card_number, COUNT(*) AS attempts FROM authorization_attempts
        WINDOW TUMBLING (SIZE 5 MINUTES)
        GROUP BY card_number HAVING COUNT(*) > 3;
`;

function problems(text: string): string[] {
  const r = loadScenario(text, 'f.yaml');
  return r.ok ? [] : r.problems.map((p) => formatProblem(p, 'f.yaml'));
}

describe('the streams: section', () => {
  it('compiles into the world setup, and its topics may be named by steps', () => {
    const r = loadScenario(
      `${HEAD}${GOOD}steps:
  - at: 20s
    expect: records(POSSIBLE_FRAUD) == 0
`,
    );
    if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('\n'));
    expect(r.value.setup.streams).toEqual([
      {
        id: 'fraud',
        statements: expect.stringContaining('CREATE TABLE possible_fraud'),
        instances: 2,
      },
    ]);
  });

  it("reports the slide's CREATE STREAM … GROUP BY in ksqlDB's words, at its line and column in the file, with the fix", () => {
    const slide = GOOD.replace('CREATE TABLE possible_fraud', 'CREATE STREAM possible_fraud');
    const found = problems(`${HEAD}${slide}`);
    expect(found).toHaveLength(1);
    // The block's indicator is on line 12 of the file (8 head lines, then streams:, - id,
    // instances); the statement is the block's line 3, indented 6 spaces.
    expect(found[0]).toMatch(
      /^f\.yaml:15:7: streams\[0\]\.statements: Invalid result type\. Your SELECT query produces a TABLE\. Please use CREATE TABLE AS SELECT statement instead\./,
    );
    expect(found[0]).toContain(
      'Did you mean:\nCREATE TABLE possible_fraud AS\n  SELECT card_number',
    );
  });

  it('points at an unknown topic inside the statements', () => {
    const found = problems(
      `${HEAD}${GOOD.replace("KAFKA_TOPIC='authorization_attempts'", "KAFKA_TOPIC='attempts'")}`,
    );
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(
      /^f\.yaml:14:15: streams\[0\]\.statements: Topic 'attempts' does not exist\./,
    );
    expect(found[0]).not.toContain('Did you mean');
  });

  it('refuses duplicate ids, clashing client ids and scripts without a query', () => {
    expect(
      problems(
        `${HEAD}${GOOD}  - id: fraud\n    statements: "${"SET 'commit.interval.ms'='100';"}"\n`,
      ),
    ).toEqual(
      expect.arrayContaining([
        expect.stringContaining('streams application "fraud" is declared twice'),
      ]),
    );
    expect(
      problems(`${HEAD}consumers:\n  - { id: fraud-1, topic: authorization_attempts }\n${GOOD}`),
    ).toEqual([expect.stringContaining('its instance "fraud-1" would share a client id')]);
    expect(
      problems(
        `${HEAD}streams:\n  - id: x\n    statements: "CREATE STREAM s (v INT) WITH (KAFKA_TOPIC='authorization_attempts', VALUE_FORMAT='JSON');"\n`,
      ),
    ).toEqual([expect.stringContaining('start no persistent query')]);
  });
});

describe('streams instance steps', () => {
  const withSteps = (steps: string) => `${HEAD}${GOOD}steps:\n${steps}`;

  it('kill, restart and add run without a rejected command', () => {
    const r = loadScenario(
      withSteps(`  - { at: 10s, killStreamsInstance: fraud-2 }
  - { at: 20s, restartStreamsInstance: fraud-2 }
  - { at: 25s, addStreamsInstance: fraud }
  - { at: 30s, stopStreamsInstance: fraud-3 }
  - at: 59s
    expect:
      - streams[fraud].instances[fraud-3].running == false
      - streams[fraud].instances[fraud-2].running == true
`),
    );
    if (!r.ok) throw new Error(r.problems.map((p) => formatProblem(p)).join('\n'));
    const rejected: string[] = [];
    const run = runScenario(r.value, {
      onEvents: (events) => {
        for (const e of events) if (e.type === 'commandRejected') rejected.push(e.reason);
      },
    });
    expect(rejected).toEqual([]);
    expect(run.results.map((x) => x.result.ok)).toEqual([true, true]);
  });

  it('name instances that do not exist at that moment, or are not in the state the step needs', () => {
    const found = problems(
      withSteps(`  - { at: 10s, killStreamsInstance: fraud-3 }
  - { at: 12s, restartStreamsInstance: fraud-1 }
  - { at: 14s, killStreamsInstance: fraud-1 }
  - { at: 16s, stopStreamsInstance: fraud-1 }
  - { at: 18s, addStreamsInstance: fraudd }
`),
    );
    expect(found).toEqual([
      expect.stringContaining(
        'no streams instance "fraud-3" at this moment: "fraud" has 2 (fraud-1 to fraud-2); addStreamsInstance: fraud adds fraud-3',
      ),
      expect.stringContaining('streams instance "fraud-1" is already running'),
      expect.stringContaining(
        'streams instance "fraud-1" is not running (stopped at 14s (steps[2]))',
      ),
      expect.stringContaining('no streams application "fraudd"'),
    ]);
  });
});
