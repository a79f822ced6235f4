import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main, memoryIo } from '../cli/main';
import { compileStatements, murmur2, utf8Bytes } from '../engine';
import { loadScenario, reportOf } from './compile';
import { COURSE } from './course';
import { parseFocus, type Focus } from './focus';
import { formatProblem } from './problems';
import { runScenario } from './run';
import type { CompiledExpectation, CompiledScenario } from './types';
import type { StateReport } from '../engine';

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
  it('has seventeen lessons numbered 1 to 17 in order, with unique ids naming their number', () => {
    expect(COURSE.map((l) => l.number)).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
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

  it('asks two or three questions, each answered by one of its choices at its reveal', () => {
    const { compiled } = load(id);
    expect(compiled.questions.length).toBeGreaterThanOrEqual(2);
    expect(compiled.questions.length).toBeLessThanOrEqual(3);
    const { answers } = runScenario(compiled);
    expect(answers).toHaveLength(compiled.questions.length);
    for (const { question, answer } of answers) {
      expect(answer.ok, `${question.path}: ${question.answer}`).toBe(true);
      if (answer.ok && question.choices !== null)
        expect(answer.choice, `${question.path}: ${answer.text}`).toBeGreaterThanOrEqual(0);
      expect(question.revealMs).toBeLessThanOrEqual(compiled.durationMs);
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

describe('lesson 13 quotes ksqlDB’s refusal of the talk’s statement as the engine words it', () => {
  // The slide's statement (a 2017 typo in KSQL's README), over the lesson's source stream.
  const SOURCE =
    "CREATE STREAM authorization_attempts (card_number VARCHAR, amount INT) WITH (KAFKA_TOPIC='authorization_attempts', VALUE_FORMAT='JSON');";
  const SLIDE =
    'CREATE STREAM possible_fraud AS SELECT card_number, count(*) FROM authorization_attempts\n' +
    '  WINDOW TUMBLING (SIZE 5 MINUTE) GROUP BY card_number HAVING count(*) > 3;';

  it('the first caption holds the message compileStatements gives, and the lesson runs its fix', () => {
    const result = compileStatements(`${SOURCE}\n${SLIDE}`, {
      authorization_attempts: { partitions: 3 },
    });
    if (result.ok) throw new Error('the slide compiled');
    const { message, fix } = result.problems[0];
    const { compiled, text } = load('lesson-13-fraud-query');
    const first = compiled.captions[0].text.replace(/\s+/g, ' ');
    expect(first).toContain(`"${message}"`);
    expect(first).toContain('CREATE STREAM possible_fraud AS SELECT');
    // The lesson runs the corrected statement: CREATE TABLE, the slide's window and HAVING.
    expect(fix).toMatch(/^CREATE TABLE possible_fraud AS /);
    expect(text).toMatch(/CREATE TABLE possible_fraud AS\s+SELECT card_number, COUNT\(\*\)/);
    expect(text).toMatch(
      /WINDOW TUMBLING \(SIZE 5 MINUTES\)\s+GROUP BY card_number HAVING COUNT\(\*\) > 3;/,
    );
  });
});

describe('the course’s captions', () => {
  const lessons = COURSE.map((l) => ({ id: l.id, compiled: load(l.id).compiled }));
  /** When a caption gives way: the next caption, or the lesson's end. */
  const untilOf = (compiled: CompiledScenario, i: number) =>
    compiled.captions[i + 1]?.atMs ?? compiled.durationMs;

  it('can each be read at 1× before the next caption (or the end) replaces it', () => {
    const tooShort = lessons.flatMap(({ id, compiled }) =>
      compiled.captions.flatMap((c, i) => {
        const shownMs = untilOf(compiled, i) - c.atMs;
        return shownMs >= c.readingMs
          ? []
          : [`${id} at ${c.atMs} ms: shown ${shownMs} ms, needs ${c.readingMs} ms: ${c.text}`];
      }),
    );
    expect(tooShort).toEqual([]);
  });

  it('focus on every broker, partition, group and consumer they name', () => {
    const unfocused = lessons.flatMap(({ id, compiled }) => {
      const consumers = [...new Set((compiled.setup.consumers ?? []).map((c) => c.id))];
      for (const c of compiled.commands)
        if (c.command.type === 'addConsumer') consumers.push(c.command.consumer.id);
      const groups = [...new Set(groupsOf(compiled))];
      const topics = compiled.setup.topics.map((t) => t.name);
      return compiled.captions.flatMap((c) =>
        namedIn(c.text, consumers, groups, topics)
          .filter((name) => !c.focus.some((f) => covers(f, name)))
          .map((name) => `${id} at ${c.atMs} ms names ${name} without focus on it`),
      );
    });
    expect(unfocused).toEqual([]);
  });

  it('focus on elements that are on screen while the caption shows', () => {
    const problems: string[] = [];
    for (const { id, compiled } of lessons) {
      // Each caption's focus is resolved against the run at the end of its reading time.
      const probes: CompiledExpectation[] = compiled.captions.map((caption, i) => ({
        atMs: Math.min(caption.atMs + caption.readingMs, untilOf(compiled, i)),
        stepIndex: -1,
        source: `focus of the caption at ${caption.atMs} ms`,
        check: (s) => {
          for (const f of caption.focus) {
            const why = unresolved(f, reportOf(s));
            if (why !== null) problems.push(`${id} at ${caption.atMs} ms: ${f}: ${why}`);
          }
          return { ok: true, description: '', expected: '', actual: '' };
        },
      }));
      runScenario({ ...compiled, expectations: probes });
    }
    expect(problems).toEqual([]);
  });
});

function groupsOf(compiled: CompiledScenario): string[] {
  const groups = (compiled.setup.consumers ?? []).map((c) => c.group);
  for (const c of compiled.commands)
    if (c.command.type === 'addConsumer') groups.push(c.command.consumer.group);
  return groups.filter((g): g is string => typeof g === 'string');
}

/** The elements a caption's words name: "broker 2", "orders-1", consumer and group ids. */
function namedIn(
  text: string,
  consumers: readonly string[],
  groups: readonly string[],
  topics: readonly string[],
): string[] {
  const words = (id: string) => new RegExp(`(^|[^\\w-])${id.replace(/[.-]/g, '\\$&')}(?![\\w-])`);
  const named = [...text.matchAll(/\b[Bb]roker (\d+)/g)].map((m) => `broker:${m[1]}`);
  for (const t of topics)
    for (const m of text.matchAll(new RegExp(`\\b${t}-(\\d+)\\b`, 'g')))
      named.push(`log:${t}-${m[1]}`);
  for (const c of consumers) if (words(c).test(text)) named.push(`consumer:${c}`);
  for (const g of groups) if (words(g).test(text)) named.push(`group:${g}`);
  return [...new Set(named)];
}

/** Whether focus id `f` draws the eye to `name` (a partition's record or replica counts for its log). */
function covers(f: string, name: string): boolean {
  if (f === name) return true;
  const focus = parseFocus(f);
  if (focus === null) return false;
  if (name.startsWith('log:') && (focus.kind === 'record' || focus.kind === 'replica'))
    return name === `log:${focus.topic}-${focus.partition}`;
  if (name.startsWith('broker:') && focus.kind === 'replica')
    return name === `broker:${focus.broker}`;
  return false;
}

/** Why `id` names nothing in the report, or null. */
function unresolved(id: string, r: StateReport): string | null {
  const focus: Focus | null = parseFocus(id);
  if (focus === null) return 'not a focus id';
  switch (focus.kind) {
    case 'broker':
      return r.brokers.some((b) => b.id === focus.broker) ? null : 'no such broker';
    case 'producer':
      return r.producers.some((p) => p.id === focus.id) ? null : 'no such producer';
    case 'group':
      return r.groups.some((g) => g.id === focus.id) ? null : 'no such group yet';
    case 'consumer':
      return r.consumers.some((c) => c.id === focus.id) ? null : 'no such consumer yet';
    case 'log':
    case 'record':
    case 'replica': {
      const p = r.topics
        .find((t) => t.name === focus.topic)
        ?.partitions.find((q) => q.partition === focus.partition);
      if (p === undefined) return 'no such partition';
      if (focus.kind === 'replica' && !p.replicas.includes(focus.broker))
        return `broker ${focus.broker} holds no replica (replicas ${p.replicas.join(', ')})`;
      if (
        focus.kind === 'record' &&
        (focus.offset < p.logStartOffset || focus.offset >= p.logEndOffset)
      )
        return `no record at offset ${focus.offset} (log ${p.logStartOffset} to ${p.logEndOffset})`;
      return null;
    }
  }
}
