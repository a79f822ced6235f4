import { describe, expect, it } from 'vitest';
import { snapshot, stateReport } from '../engine';
import { runChecked } from '../engine/tools';
import { evaluateExpectation } from './expect';
import { parseExpectation } from './expectSyntax';

/**
 * The expectation language reads streams applications through the JSON report's `streams[]`
 * and windowed records, with no function added: paths select apps, tasks, instances and store
 * entries by id or by a condition.
 */
const FRAUD = `CREATE STREAM authorization_attempts (card_number VARCHAR, amount INT)
  WITH (KAFKA_TOPIC='authorization_attempts', VALUE_FORMAT='JSON');
CREATE TABLE possible_fraud AS SELECT card_number, COUNT(*) AS attempts
  FROM authorization_attempts WINDOW TUMBLING (SIZE 5 MINUTES)
  GROUP BY card_number HAVING COUNT(*) > 3;`;

describe('expectations over a streams application', () => {
  const commands = Array.from({ length: 12 }, (_, i) => ({
    atMs: 10_000 + i * 1_000,
    command: {
      type: 'produce' as const,
      producer: 'pos',
      topic: 'authorization_attempts',
      key: null,
      value: JSON.stringify({ CARD_NUMBER: i % 2 === 1 ? '4111' : '5500', AMOUNT: 1 }),
    },
  }));
  const run = runChecked(
    {
      seed: 1,
      brokers: [1],
      topics: [{ name: 'authorization_attempts', partitions: 6, replicationFactor: 1 }],
      producers: [{ id: 'pos', topic: 'authorization_attempts' }],
      streams: [{ id: 'fraud', statements: FRAUD, instances: 2 }],
    },
    commands,
    60_000,
  );
  const report = stateReport(snapshot(run.world));
  const check = (source: string) => {
    const parsed = parseExpectation(source);
    if (!parsed.ok) throw new Error(parsed.message);
    return evaluateExpectation(parsed.value, report);
  };

  it.each([
    'streams[fraud].applicationId == _confluent-ksql-default_query_CTAS_POSSIBLE_FRAUD_0',
    'streams[fraud].droppedRecords == 0',
    'streams[fraud].tasks[1_3].state == RUNNING',
    'count(streams[fraud].tasks[instance == fraud-2]) == 6',
    'streams[fraud].instances[fraud-2].running == true',
    'streams[fraud].queries[#0].sinkTopic == POSSIBLE_FRAUD',
    'streams[fraud].stores[#0].entries[key == "4111"].value.KSQL_AGG_VARIABLE_0 == [6]',
    'valuesOf(POSSIBLE_FRAUD, "4111") contains "{\\"ATTEMPTS\\":6}"',
    'topics[POSSIBLE_FRAUD].partitions[*].records[*].window.endMs contains 300000',
  ])('%s', (source) => {
    const result = check(source);
    expect(
      result.ok,
      `${result.description}: expected ${result.expected}, found ${result.actual}`,
    ).toBe(true);
  });

  it('and fails when the state differs', () => {
    expect(check('streams[fraud].tasks[1_3].state == RESTORING').ok).toBe(false);
    expect(check('streams[fraud].droppedRecords == 1').ok).toBe(false);
  });
});
