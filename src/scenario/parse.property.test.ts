/**
 * Property tests (fast-check): the parser never throws and always answers with either a
 * scenario or structured problems, whatever it is given. Every property runs with a fixed
 * seed, named in the test title; a failure prints the seed and the shrunk input.
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify } from 'yaml';
import { createWorld } from '../engine';
import { compileScenario } from './compile';
import { parseExpectation } from './expect';
import { parseScenario } from './parse';
import type { ParseResult, Scenario } from './types';

const DIR = new URL('../../public/scenarios/', import.meta.url);
const LESSONS = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => readFileSync(new URL(f, DIR), 'utf8'));

/** The answer is well formed: a scenario that compiles, or problems with paths, messages and sane positions. */
function checkAnswer(r: ParseResult<Scenario>, text: string): void {
  if (r.ok) {
    const compiled = compileScenario(r.value);
    expect(() => createWorld(compiled.setup)).not.toThrow();
    return;
  }
  expect(r.problems.length).toBeGreaterThan(0);
  const lines = typeof text === 'string' ? text.split('\n').length : 1;
  for (const p of r.problems) {
    expect(p.message).not.toMatch(/^internal error/);
    expect(typeof p.path).toBe('string');
    expect(typeof p.message).toBe('string');
    expect(p.message.length).toBeGreaterThan(0);
    if (p.line !== undefined) {
      expect(Number.isInteger(p.line) && p.line >= 1 && p.line <= lines + 1).toBe(true);
      expect(Number.isInteger(p.column) && (p.column ?? 0) >= 1).toBe(true);
    }
  }
}

function parsesSafely(text: string): void {
  let r: ParseResult<Scenario> | undefined;
  expect(() => {
    r = parseScenario(text, 'fuzz.yaml');
  }).not.toThrow();
  checkAnswer(r as ParseResult<Scenario>, text);
}

/** Pieces of YAML and of scenarios, so random text often gets past the first character. */
const YAML_BITS = [
  '{',
  '}',
  '[',
  ']',
  ': ',
  ', ',
  '- ',
  '? ',
  '\n',
  '\n  ',
  '\n    ',
  '#',
  '"',
  "'",
  '|',
  '>',
  '&a ',
  '*a',
  '!!str ',
  '<<: ',
  'title',
  'duration',
  'cluster',
  'brokers',
  'topics',
  'name',
  'partitions',
  'producers',
  'consumers',
  'steps',
  'at',
  'produce',
  'say',
  'expect',
  'rate',
  'seek',
  'configure',
  'orders',
  'checkout',
  '3',
  '1s',
  '-1',
  'null',
  'true',
  '1e309',
  'producers[checkout].acked == ',
  'partitionOf(orders, a)',
  '\t',
  '\u0000',
  '\uFEFF',
  '%YAML 1.2\n---\n',
  '...\n',
];

/** A value at a random place inside a parsed scenario. */
type Mutation = {
  path: number[];
  kind: 'delete' | 'replace' | 'rename' | 'duplicate';
  value: unknown;
  typo: number;
};

function mutate(doc: unknown, m: Mutation): unknown {
  const root = structuredClone(doc) as unknown;
  let node = root;
  for (let depth = 0; depth < m.path.length; depth++) {
    if (typeof node !== 'object' || node === null) break;
    const keys = Object.keys(node);
    if (keys.length === 0) break;
    const key = keys[m.path[depth] % keys.length];
    const child = (node as Record<string, unknown>)[key];
    const last = depth === m.path.length - 1 || typeof child !== 'object' || child === null;
    if (!last) {
      node = child;
      continue;
    }
    const target = node as Record<string, unknown>;
    if (m.kind === 'delete') {
      if (Array.isArray(target)) target.splice(Number(key), 1);
      else delete target[key];
    } else if (m.kind === 'replace') {
      target[key] = m.value;
    } else if (m.kind === 'rename' && !Array.isArray(target)) {
      const i = m.typo % Math.max(1, key.length);
      target[`${key.slice(0, i)}${key.slice(i + 1)}`] = child;
      delete target[key];
    } else if (Array.isArray(target)) {
      target.push(structuredClone(child));
    }
    break;
  }
  return root;
}

const arbMutation: fc.Arbitrary<Mutation> = fc.record({
  path: fc.array(fc.nat(40), { minLength: 1, maxLength: 6 }),
  kind: fc.constantFrom('delete', 'replace', 'rename', 'duplicate'),
  value: fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom(0, -1, 1.5, 1e9, '1s', '', 'orders', 'checkout', null, true, [], {}),
  ),
  typo: fc.nat(20),
});

describe('parseScenario never throws (property tests, fixed seeds)', () => {
  it('on arbitrary strings (seed 101)', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), parsesSafely), {
      seed: 101,
      numRuns: 300,
    });
  });

  it('on arbitrary binary-ish strings (seed 102)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), parsesSafely), {
      seed: 102,
      numRuns: 300,
    });
  });

  it('on soups of YAML and scenario tokens (seed 103)', () => {
    const soup = fc
      .array(fc.constantFrom(...YAML_BITS), { maxLength: 60 })
      .map((bits) => bits.join(''));
    fc.assert(fc.property(soup, parsesSafely), { seed: 103, numRuns: 500 });
  });

  it('on arbitrary JSON-ish values written as YAML and as JSON (seed 104)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        parsesSafely(stringify(value));
        parsesSafely(JSON.stringify(value) ?? 'null');
      }),
      { seed: 104, numRuns: 300 },
    );
  });

  it('on objects with scenario-like fields (seed 105)', () => {
    const field = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.constantFrom('1s', 3, 'orders', [1, 2, 3], [{ at: 0, say: 'x' }]),
    );
    const scenarioish = fc.record(
      {
        title: field,
        duration: field,
        seed: field,
        cluster: fc.record(
          {
            brokers: field,
            topics: fc.array(fc.record({ name: field, partitions: field }, { requiredKeys: [] }), {
              maxLength: 3,
            }),
          },
          { requiredKeys: [] },
        ),
        producers: fc.array(
          fc.record({ id: field, topic: field, acks: field, rate: field }, { requiredKeys: [] }),
          { maxLength: 3 },
        ),
        consumers: fc.array(
          fc.record({ id: field, topic: field, topics: field, from: field }, { requiredKeys: [] }),
          { maxLength: 3 },
        ),
        steps: fc.array(
          fc.dictionary(
            fc.constantFrom('at', 'produce', 'say', 'expect', 'rate', 'seek', 'configure', 'sya'),
            field,
          ),
          { maxLength: 5 },
        ),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(scenarioish, (value) => parsesSafely(stringify(value))),
      { seed: 105, numRuns: 300 },
    );
  });

  it('on mutations of the built-in scenarios (seed 106)', () => {
    const docs = LESSONS.map((text) => parseYaml(text) as unknown);
    fc.assert(
      fc.property(
        fc.nat(docs.length - 1),
        fc.array(arbMutation, { minLength: 1, maxLength: 4 }),
        (which, mutations) => {
          const doc = mutations.reduce((d, m) => mutate(d, m), docs[which]);
          parsesSafely(stringify(doc));
        },
      ),
      { seed: 106, numRuns: 300 },
    );
  });

  it('on text edits of the built-in scenarios (seed 107)', () => {
    fc.assert(
      fc.property(
        fc.nat(LESSONS.length - 1),
        fc.array(
          fc.record({ at: fc.nat(5000), cut: fc.nat(20), insert: fc.string({ maxLength: 8 }) }),
          { minLength: 1, maxLength: 5 },
        ),
        (which, edits) => {
          let text = LESSONS[which];
          for (const e of edits) {
            const at = e.at % (text.length + 1);
            text = text.slice(0, at) + e.insert + text.slice(at + e.cut);
          }
          parsesSafely(text);
        },
      ),
      { seed: 107, numRuns: 200 },
    );
  });

  it('parseExpectation never throws on arbitrary text (seed 108)', () => {
    const bits = fc.constantFrom(
      'producers',
      '[',
      ']',
      '.',
      'acked',
      '==',
      '!=',
      '<',
      'in',
      'contains',
      '(',
      ')',
      ',',
      '"x',
      "'",
      '*',
      '#-1',
      'a/0',
      '42',
      '-',
      ' ',
      'count',
      'partitionOf',
      'null',
    );
    const text = fc.oneof(
      fc.string({ maxLength: 80 }),
      fc.array(bits, { maxLength: 30 }).map((b) => b.join('')),
    );
    fc.assert(
      fc.property(text, (source) => {
        const r = parseExpectation(source);
        if (!r.ok) {
          expect(r.message.length).toBeGreaterThan(0);
          expect(r.offset).toBeGreaterThanOrEqual(0);
          expect(r.offset).toBeLessThanOrEqual(source.length);
        }
      }),
      { seed: 108, numRuns: 1000 },
    );
  });
});
