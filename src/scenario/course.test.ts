import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../cli/io';
import { main } from '../cli/main';
import { murmur2, utf8Bytes } from '../engine';
import { loadScenario } from './compile';
import { COURSE } from './course';
import { formatProblem } from './problems';
import { runScenario } from './run';
import type { CompiledScenario } from './types';

/** The built-in course: every lesson is a scenario file that loads, narrates, and holds. */
const DIR = new URL('../../public/scenarios/', import.meta.url);
const fileOf = (id: string) => new URL(`${id}.yaml`, DIR);

function load(id: string): { text: string; compiled: CompiledScenario } {
  const file = `${id}.yaml`;
  const text = readFileSync(fileOf(id), 'utf8');
  const loaded = loadScenario(text, file);
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => formatProblem(p, file)).join('\n'));
  return { text, compiled: loaded.value };
}

/** The times of a lesson's narration, in order. */
function narrationTimes(compiled: CompiledScenario): number[] {
  return compiled.commands
    .filter((c) => c.command.type === 'narrate')
    .map((c) => c.atMs)
    .sort((a, b) => a - b);
}

describe('COURSE', () => {
  it('has twelve lessons numbered 1 to 12 in order, with unique ids naming their number', () => {
    expect(COURSE.map((l) => l.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(new Set(COURSE.map((l) => l.id)).size).toBe(COURSE.length);
    for (const lesson of COURSE) {
      expect(lesson.id).toMatch(/^lesson-\d\d-[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(lesson.id.slice(7, 9)).toBe(String(lesson.number).padStart(2, '0'));
      expect(lesson.title.length).toBeGreaterThan(0);
      expect(lesson.summary.length).toBeGreaterThan(0);
      expect(lesson.summary).not.toContain('\n');
    }
  });
});

describe.each(COURSE.map((l) => [l.id, l] as const))('%s', (id, lesson) => {
  it('exists, loads, and carries the title COURSE gives it', () => {
    expect(existsSync(fileOf(id))).toBe(true);
    const { text, compiled } = load(id);
    expect(text.startsWith('# yaml-language-server: $schema=../scenario.schema.json\n')).toBe(true);
    expect(compiled.title).toBe(lesson.title);
    expect(compiled.description ?? '').not.toBe('');
  });

  it('narrates from 0 ms, at a readable pace, and makes at least three checked claims', () => {
    const { compiled } = load(id);
    const times = narrationTimes(compiled);
    expect(times[0]).toBe(0);
    expect(times.length).toBeGreaterThanOrEqual(3);
    // Captions need time to be read: 4 s or more apart as a rule, never under 3 s.
    for (let i = 1; i < times.length; i++)
      expect(times[i] - times[i - 1], `narration at ${times[i]} ms`).toBeGreaterThanOrEqual(3000);
    expect(compiled.expectations.length).toBeGreaterThanOrEqual(3);
    // Every caption after the first is followed by an expectation before the next caption
    // (or the end): each claim is checked.
    for (let i = 1; i < times.length; i++) {
      const until = times[i + 1] ?? compiled.durationMs;
      const checked = compiled.expectations.some((e) => e.atMs >= times[i] && e.atMs <= until);
      expect(checked, `a claim at ${times[i]} ms with no expectation after it`).toBe(true);
    }
  });

  it('is small enough for a projector and 30 to 90 s long, with a fixed picture', () => {
    const { compiled } = load(id);
    expect(compiled.durationMs).toBeGreaterThanOrEqual(30_000);
    expect(compiled.durationMs).toBeLessThanOrEqual(90_000);
    expect(compiled.setup.brokers.length).toBeLessThanOrEqual(6);
    const { world } = runScenario(compiled);
    for (const name of world.topicOrder) {
      const topic = world.topics[name];
      if (!topic.internal) expect(topic.partitions.length, name).toBeLessThanOrEqual(8);
    }
  });

  // Running clean (invariants after every step, no refused step, every expectation held) is
  // checked for every built-in file, lessons included, in scenarioFiles.test.ts.

  it('passes through the command line: kafkascope run exits 0', async () => {
    const io = memoryIo({ cwd: fileURLToPath(DIR) });
    const code = await main(['run', `${id}.yaml`, '--quiet'], io);
    expect(io.err()).toBe('');
    expect(code).toBe(0);
  });
});

describe('lesson 4 states murmur2 as Kafka computes it', () => {
  it('every murmur2("key") = n in its narration is the engine’s murmur2', () => {
    const { compiled } = load('lesson-04-keys');
    const text = compiled.commands
      .map((c) => (c.command.type === 'narrate' ? c.command.text : ''))
      .join('\n');
    const claims = [...text.matchAll(/murmur2\("([^"]+)"\) = (-?\d+)/g)];
    expect(claims.length).toBeGreaterThanOrEqual(4);
    for (const [, key, hash] of claims) expect(murmur2(utf8Bytes(key)), key).toBe(Number(hash));
    // and every "n % p = r" in it is arithmetic
    for (const [, n, p, r] of text.matchAll(/(\d+) % (\d+) = (\d+)/g))
      expect(Number(n) % Number(p), `${n} % ${p}`).toBe(Number(r));
  });
});
