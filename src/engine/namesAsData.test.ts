import { describe, expect, it } from 'vitest';
import { generateFuzzCase, type FuzzCase } from './fuzz';
import { nameProblem } from './names';
import { runChecked } from './testing';

/**
 * Names are data (issue 11): a producer, consumer, group, member, instance id or topic may be
 * called `__proto__`, `constructor` or `toString`, names every JavaScript object already has.
 *
 * The check is metamorphic. Each fuzz case runs twice: once with its names replaced by such
 * names, once with their "twins", names of the same length and the same Java `hashCode` that
 * sort the same way (the last two characters moved by +1 and −31). Kafka's behaviour depends
 * on a name only through equality, order and, for a group, `hashCode` (its coordinator), so
 * the two runs must be the same run, event for event, once the twins are read back as the
 * names they stand for. A name that leaked into Object.prototype (a lookup that found an
 * inherited property, an assignment that set a prototype) would make them differ or fail an
 * invariant, which both runs check after every step.
 */

/** A name of the same length and Java hashCode as `name`, differing in its last two characters. */
export function hashTwin(name: string): string {
  const n = name.length;
  return (
    name.slice(0, n - 2) +
    String.fromCharCode(name.charCodeAt(n - 2) + 1) +
    String.fromCharCode(name.charCodeAt(n - 1) - 31)
  );
}

function javaHashCode(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

/** The fuzzer's names, each given a name Object.prototype already has. */
const ADVERSARIAL: Readonly<Record<string, string>> = {
  // Topics follow Kafka's topic rule ("__" is kept for internal topics).
  t0: 'constructor',
  t1: 'toString',
  t2: 'valueOf',
  // Clients and groups may be any text.
  p0: '__proto__',
  p1: 'hasOwnProperty',
  p2: 'isPrototypeOf',
  c0: 'propertyIsEnumerable',
  c1: '__defineGetter__',
  g: '__proto__',
  m0: 'constructor',
  m1: 'toString',
  m2: 'valueOf',
  m3: '__lookupSetter__',
  // group.instance.id follows the topic rule too.
  'm0-host': 'constructor',
  'm1-host': 'toString',
  'm2-host': 'valueOf',
  'm3-host': 'toLocaleString',
  late: 'toLocaleString',
  'late-group': 'hasOwnProperty',
};

/** Replaces every string in `value` that `names` maps (the fuzz case's ids are whole strings). */
function renamed<T>(value: T, names: Readonly<Record<string, string>>): T {
  return JSON.parse(JSON.stringify(value), (_key, v: unknown) =>
    typeof v === 'string' && Object.hasOwn(names, v) ? names[v] : v,
  ) as T;
}

function withNames(fuzzCase: FuzzCase, twins: boolean): FuzzCase {
  const names = Object.fromEntries(
    Object.entries(ADVERSARIAL).map(([from, to]) => [from, twins ? hashTwin(to) : to]),
  );
  return renamed(fuzzCase, names);
}

function run(fuzzCase: FuzzCase): string {
  const { events } = runChecked(fuzzCase.setup, fuzzCase.commands, fuzzCase.untilMs);
  return JSON.stringify(events);
}

describe('names every JavaScript object has are ordinary names', () => {
  it('twins keep length, order and Java hashCode', () => {
    for (const name of new Set(Object.values(ADVERSARIAL))) {
      const twin = hashTwin(name);
      expect(twin).toHaveLength(name.length);
      expect(javaHashCode(twin)).toBe(javaHashCode(name));
      expect(twin > name).toBe(true);
    }
    // The names sort among themselves as their twins do.
    const names = [...new Set(Object.values(ADVERSARIAL))].sort();
    expect(names.map(hashTwin)).toEqual([...names.map(hashTwin)].sort());
  });

  it('the name rule accepts them for every kind that allows their characters', () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      expect(nameProblem('group', name)).toBeNull();
      expect(nameProblem('producer', name)).toBeNull();
      expect(nameProblem('consumer', name)).toBeNull();
      expect(nameProblem('instanceId', name)).toBeNull();
    }
    expect(nameProblem('topic', 'constructor')).toBeNull();
  });

  // Fuzz seeds with groups, static members, growth and faults; each run checks every invariant.
  for (const seed of [1000, 1003, 1007, 1012, 1019, 1024, 1031, 1038]) {
    it(`seed ${seed}: the run with such names is the run with their twins`, () => {
      const base = generateFuzzCase(seed);
      const adversarial = run(withNames(base, false));
      let twinRun = run(withNames(base, true));
      for (const name of new Set(Object.values(ADVERSARIAL)))
        twinRun = twinRun.split(JSON.stringify(hashTwin(name)).slice(1, -1)).join(name);
      expect(adversarial.length).toBeGreaterThan(1000);
      expect(adversarial).toBe(twinRun);
    }, 60_000);
  }
});
