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
  it("knows each query's consumer group (its application id): expectations may name it", () => {
    const group = '_confluent-ksql-default_query_CTAS_POSSIBLE_FRAUD_0';
    const expecting = (name: string) => `${HEAD}${GOOD}steps:
  - at: 30s
    expect: groups[${name}].state == Stable
`;
    expect(problems(expecting(group))).toEqual([]);
    expect(problems(expecting(`${group}X`)).join('\n')).toMatch(/group/);
  });

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

  it('points inside a one-line quoted statement at its column in the file', () => {
    const found = problems(
      `${HEAD}streams:\n  - id: x\n    statements: "CREATE STREAM s (v INT) WITH (KAFKA_TOPIC='attempts', VALUE_FORMAT='JSON');"\n`,
    );
    expect(found).toHaveLength(1);
    // Line 11; the value's quote is at column 17, so the statement's column c is 17 + c:
    // KAFKA_TOPIC, column 31 of the statement, is at column 48.
    expect(found[0]).toMatch(
      /^f\.yaml:11:48: streams\[0\]\.statements: Topic 'attempts' does not exist\./,
    );
  });

  it("points through escapes: a JSON file's \"…\\n…\" statements, a YAML '…''…' string", () => {
    const json = JSON.stringify(
      {
        title: 'j',
        duration: '10s',
        cluster: { brokers: 1, topics: [{ name: 't', partitions: 2 }] },
        streams: [
          {
            id: 'x',
            statements:
              "CREATE STREAM s (v INT)\n  WITH (KAFKA_TOPIC='nope', VALUE_FORMAT='JSON');\nCREATE TABLE f AS SELECT v, COUNT(*) AS n FROM s GROUP BY v;",
          },
        ],
      },
      null,
      2,
    );
    // Line 16: `      "statements": "CREATE STREAM s (v INT)\n  WITH (KAFKA_TOPIC=…`; the quote is at
    // column 21, KAFKA_TOPIC (the statement's line 2, column 9) 34 source characters on.
    expect(problems(json)).toEqual([
      expect.stringMatching(
        /^f\.yaml:16:55: streams\[0\]\.statements: Topic 'nope' does not exist\./,
      ),
    ]);
    const single = `${HEAD}streams:\n  - id: x\n    statements: 'CREATE STREAM s (v INT) WITH (KAFKA_TOPIC=''nope'', VALUE_FORMAT=''JSON'');'\n`;
    // KAFKA_TOPIC is the value's column 31, the source's 31 too (no '' before it): 17 + 31.
    expect(problems(single)).toEqual([expect.stringMatching(/^f\.yaml:11:48: /)]);
    const after = `${HEAD}streams:\n  - id: x\n    statements: 'CREATE STREAM s (v INT) WITH (KAFKA_TOPIC=''authorization_attempts'', VALUE_FORMAT=''JSON''); CREATE TABLE t AS SELECT v, COUNT(*) AS n FROM s GROUP BY w;'\n`;
    // `w` is the value's column 149; the four '' before it add 4 source columns: 17 + 153.
    expect(problems(after)).toEqual([expect.stringMatching(/^f\.yaml:11:170: /)]);
  });

  it('refuses what compiles but cannot run yet (a stream–table join), at its statement', () => {
    const join = `title: j
duration: 10s
cluster:
  brokers: 1
  topics:
    - { name: a, partitions: 2 }
    - { name: b, partitions: 2 }
streams:
  - id: x
    statements: |
      CREATE STREAM s (k VARCHAR KEY, v INT) WITH (KAFKA_TOPIC='a', VALUE_FORMAT='JSON');
      CREATE TABLE u (k VARCHAR PRIMARY KEY, w INT) WITH (KAFKA_TOPIC='b', VALUE_FORMAT='JSON');
      CREATE STREAM j AS SELECT s.k, v, w FROM s JOIN u ON s.k = u.k;
`;
    expect(problems(join)).toEqual([
      'f.yaml:13:7: streams[0].statements: CSAS_J_0: running a stream–table join is not supported in kafkascope yet (it compiles; its output cannot be computed)',
    ]);
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

describe("streams instances and the file's consumers", () => {
  it("keep apart: no consumer takes an instance's id, no new instance takes a consumer's", () => {
    expect(
      problems(
        `${HEAD}${GOOD}steps:\n  - { at: 5s, addConsumer: { id: fraud-1, topic: authorization_attempts } }\n`,
      ),
    ).toEqual([
      'f.yaml:20:34: steps[0].addConsumer.id: "fraud-1" is an instance of streams application "fraud", and its consumer\'s client id: pick another id',
    ]);
    expect(
      problems(
        `${HEAD}consumers:\n  - { id: fraud-3, topic: authorization_attempts }\n${GOOD}steps:\n  - { at: 5s, addStreamsInstance: fraud }\n`,
      ),
    ).toEqual([
      expect.stringContaining(
        'f.yaml:22:35: steps[0].addStreamsInstance: the new instance would be "fraud-3"',
      ),
    ]);
  });
});

describe('a streams application run end to end', () => {
  it('writes a card with more than 3 attempts in a window to POSSIBLE_FRAUD, by event time', () => {
    const attempt = (at: string, card: string, timestamp: string) =>
      `  - { at: ${at}, produce: { producer: pos, key: '${card}', value: '{"CARD_NUMBER":"${card}","AMOUNT":1}', timestamp: ${timestamp} } }\n`;
    const r = loadScenario(
      `${HEAD}${GOOD}steps:\n` +
        // 4111: four attempts in the window [0, 5m). 5500: four too, but two in [0, 5m) and
        // two in [5m, 10m).
        attempt('5s', '4111', '1m') +
        attempt('5s', '5500', '4m') +
        attempt('6s', '4111', '2m') +
        attempt('6s', '5500', '4m30s') +
        attempt('7s', '4111', '3m') +
        attempt('7s', '5500', '5m10s') +
        attempt('8s', '4111', '4m') +
        attempt('8s', '5500', '6m') +
        `  - at: 20s
    expect:
      - count(valuesOf(POSSIBLE_FRAUD, "4111")) == 1
      - count(valuesOf(POSSIBLE_FRAUD, "5500")) == 0
      - streams[fraud].droppedRecords == 0
`,
      'f.yaml',
    );
    if (!r.ok) throw new Error(r.problems.map((p) => formatProblem(p)).join('\n'));
    const run = runScenario(r.value, { checkInvariants: true });
    expect(run.violations).toEqual([]);
    expect(run.results.map((x) => x.result.ok)).toEqual([true, true, true]);
    const sink = run.world.topics.POSSIBLE_FRAUD.partitions.flatMap(
      (p) => p.logs[p.leader].records,
    );
    expect(sink.map((rec) => rec.key)).toEqual(['4111']);
    expect(sink[0].timestampMs).toBe(4 * 60_000);
  });
});
