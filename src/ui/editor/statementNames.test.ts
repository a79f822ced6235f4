import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { statementNames } from './statementNames';

describe('the names ksqlDB statements can use', () => {
  it('reads the fraud lesson’s topics, stream, table and columns', () => {
    const text = readFileSync('public/scenarios/lesson-13-fraud-query.yaml', 'utf8');
    const names = statementNames(text);
    expect(names.topics).toContain('authorization_attempts');
    expect(names.relations).toEqual(['authorization_attempts', 'possible_fraud']);
    expect(names.columns).toEqual(expect.arrayContaining(['card_number', 'amount', 'attempts']));
  });
  it('counts only `name:` items under `topics:`', () => {
    const text = [
      'cluster:',
      '  topics:',
      '    - name: orders',
      '      partitions: 3',
      '    - name: "payments"',
      '    - { name: refunds, partitions: 2 }',
      'producers:',
      '  - name: checkout',
    ].join('\n');
    expect(statementNames(text).topics).toEqual(['orders', 'payments', 'refunds']);
  });
});
