import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario } from './compile';
import { formatExpectationResult, parseExpectation } from './expect';
import { parseScenario } from './parse';
import { formatProblem } from './problems';
import { runScenario } from './run';

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
      block('producers:'),
      block('consumers:'),
      block('steps:'),
    ].join('\n');
    const r = parseScenario(text, 'docs.yaml');
    if (!r.ok) throw new Error(r.problems.map((p) => formatProblem(p, 'docs.yaml')).join('\n'));
    expect(r.value.steps.length).toBeGreaterThan(5);
  });

  it('writes expectations the parser reads', () => {
    const list = block('- at: 29s');
    const sources = [...list.matchAll(/^ {4}- (.*)$/gm)].map((m) => m[1].replace(/^'(.*)'$/, '$1'));
    expect(sources.length).toBeGreaterThan(5);
    for (const source of sources)
      expect(parseExpectation(source), source).toMatchObject({ ok: true });
  });
});
