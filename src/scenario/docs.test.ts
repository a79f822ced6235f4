import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario } from './compile';
import { consumerDefaultsSchema, consumerSchema } from './consumers';
import { EXPECTATION_FUNCTIONS, formatExpectationResult, parseExpectation } from './expect';
import { parseScenario } from './parse';
import { formatProblem } from './problems';
import { runScenario } from './run';
import { clusterSchema, producerDefaultsSchema, producerSchema, topicSchema } from './schema';
import { STEP_KIND_NAMES } from './steps';

/** docs/scenarios.md's examples are checked, so the docs cannot drift from the format. */
const DOC = readFileSync(new URL('../../docs/scenarios.md', import.meta.url), 'utf8');
const YAML_BLOCKS = [...DOC.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);
const block = (start: string) => {
  const found = YAML_BLOCKS.find((b) => b.startsWith(start));
  if (found === undefined) throw new Error(`no yaml block starting with ${start}`);
  return found;
};

describe('docs/scenarios.md', () => {
  it('opens with a scenario that loads and whose expectations hold', () => {
    const loaded = loadScenario(YAML_BLOCKS[0], 'docs.yaml');
    if (!loaded.ok)
      throw new Error(loaded.problems.map((p) => formatProblem(p, 'docs.yaml')).join('\n'));
    const failed = runScenario(loaded.value).results.filter((r) => !r.result.ok);
    expect(failed.map((r) => formatExpectationResult(r.result))).toEqual([]);
  });

  it('shows cluster, producer, consumer and step examples that make a valid scenario together', () => {
    const text = [
      'title: docs',
      'duration: 30s',
      block('cluster:'),
      block('producerDefaults:'),
      block('consumerDefaults:'),
      block('producers:'),
      block('consumers:'),
      block('streams:'),
      block('steps:'),
    ].join('\n');
    const r = parseScenario(text, 'docs.yaml');
    if (!r.ok) throw new Error(r.problems.map((p) => formatProblem(p, 'docs.yaml')).join('\n'));
    expect(r.value.steps.length).toBeGreaterThan(5);
    const loaded = loadScenario(text, 'docs.yaml');
    if (!loaded.ok) throw new Error('does not compile');
    const rejected: string[] = [];
    runScenario(loaded.value, {
      onEvents: (events) => {
        for (const e of events)
          if (e.type === 'commandRejected') rejected.push(`${e.command}: ${e.reason}`);
      },
    });
    expect(rejected).toEqual([]);
  });

  it('names every step kind in the steps table, with an example', () => {
    const steps = block('steps:');
    for (const kind of STEP_KIND_NAMES) {
      expect(DOC, kind).toContain(`| \`${kind}\``);
      expect(steps, kind).toMatch(new RegExp(`^ {4}${kind}:`, 'm'));
    }
  });

  it('shows every field of clusters, topics, producers and consumers in an example', () => {
    const schemas = {
      'cluster:': clusterSchema,
      'producerDefaults:': producerDefaultsSchema,
      'consumerDefaults:': consumerDefaultsSchema,
      'producers:': producerSchema,
      'consumers:': consumerSchema,
    };
    for (const [start, schema] of Object.entries(schemas)) {
      const example = block(start);
      for (const field of Object.keys(schema.shape))
        expect(example, `${start} ${field}`).toMatch(new RegExp(`\\b${field}:`));
    }
    for (const field of Object.keys(topicSchema.shape))
      expect(block('cluster:'), field).toMatch(new RegExp(`\\b${field}:`));
  });

  it('lists every expectation function', () => {
    const rows = DOC.split('\n').filter((line) => line.startsWith('| `'));
    for (const name of Object.keys(EXPECTATION_FUNCTIONS))
      expect(
        rows.some((row) => row.includes(`\`${name}(`)),
        name,
      ).toBe(true);
  });

  it('writes expectations the parser reads', () => {
    const list = block('- at: 29s');
    const sources = [...list.matchAll(/^ {4}- (.*)$/gm)].map((m) => m[1].replace(/^'(.*)'$/, '$1'));
    expect(sources.length).toBeGreaterThan(5);
    for (const source of sources)
      expect(parseExpectation(source), source).toMatchObject({ ok: true });
  });
});
