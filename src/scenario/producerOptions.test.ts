import { describe, expect, it } from 'vitest';
import { createWorld } from '../engine';
import { loadScenario } from './compile';
import { parseScenario } from './parse';
import { formatProblem } from './problems';

/** The producer options of the wire model: maxInFlight, idempotence, metadataMaxAge. */

function scenario(producer: string, defaults = ''): string {
  return `title: t
duration: 1s
cluster:
  brokers: [1, 2, 3]
  topics: [{ name: orders, partitions: 2, replicationFactor: 3 }]
${defaults}producers:
  - { id: app, topic: orders, ${producer} }
`;
}

function problemLines(text: string): string[] {
  const r = parseScenario(text, 'x.yaml');
  return r.ok ? [] : r.problems.map((p) => formatProblem(p, 'x.yaml'));
}

describe('producer options', () => {
  it('compile into the engine: maxInFlight, idempotence and metadataMaxAge reach the producer', () => {
    const compiled = loadScenario(
      scenario(
        'acks: all, maxInFlight: 3, idempotence: false',
        'producerDefaults: { metadataMaxAge: 30s }\n',
      ),
    );
    if (!compiled.ok) throw new Error(compiled.problems.map((p) => formatProblem(p)).join('\n'));
    const world = createWorld(compiled.value.setup);
    const app = world.producers.app;
    expect([app.maxInFlight, app.idempotent, app.metadata.maxAgeMs]).toEqual([3, false, 30_000]);
  });

  it("defaults: five in flight, idempotent with acks=all, not with acks=1 (Kafka's quiet fallback)", () => {
    for (const [acks, idempotent] of [
      ['all', true],
      ['1', false],
    ] as const) {
      const compiled = loadScenario(scenario(`acks: ${acks}`));
      if (!compiled.ok) throw new Error('invalid');
      const app = createWorld(compiled.value.setup).producers.app;
      expect([app.maxInFlight, app.idempotent]).toEqual([5, idempotent]);
    }
  });

  it('refuses explicit idempotence with acks other than all, or with more than 5 in flight, in Kafka’s words', () => {
    expect(problemLines(scenario('acks: 1, idempotence: true'))).toEqual([
      expect.stringContaining(
        'Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence.',
      ),
    ]);
    expect(problemLines(scenario('maxInFlight: 6, idempotence: true'))).toEqual([
      expect.stringContaining(
        'Must set max.in.flight.requests.per.connection to at most 5 to use the idempotent producer.',
      ),
    ]);
    // Not asked for: more than 5 in flight quietly turns idempotence off.
    expect(problemLines(scenario('maxInFlight: 6'))).toEqual([]);
  });

  it('refuses a maxInFlight below 1 and a metadataMaxAge of 0', () => {
    expect(problemLines(scenario('maxInFlight: 0'))).toHaveLength(1);
    expect(
      problemLines(scenario('acks: all', 'producerDefaults: { metadataMaxAge: 0ms }\n')),
    ).toHaveLength(1);
  });
});

describe('consumer metadata', () => {
  it('consumerDefaults.metadataMaxAge reaches every consumer; errors refresh sooner', () => {
    const compiled = loadScenario(
      `${scenario('acks: all', 'consumerDefaults: { metadataMaxAge: 20s }\n')}consumers:\n  - { id: reader, topics: [orders] }\n`,
    );
    if (!compiled.ok) throw new Error(compiled.problems.map((p) => formatProblem(p)).join('\n'));
    const world = createWorld(compiled.value.setup);
    expect(world.consumers.reader.metadata.maxAgeMs).toBe(20_000);
  });

  it('refuses a zero metadataMaxAge', () => {
    expect(
      problemLines(scenario('acks: all', 'consumerDefaults: { metadataMaxAge: 0ms }\n')),
    ).toHaveLength(1);
  });
});
