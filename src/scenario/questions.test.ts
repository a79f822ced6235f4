import { describe, expect, it } from 'vitest';
import { loadScenario } from './compile';
import { parseAnswer } from './expect';
import { precompileScenario, revivePrecompiled } from './precompiled';
import { formatProblem } from './problems';
import { questionBetween, typedAnswerIsRight } from './questions';
import { runScenario } from './run';

/** `ask` steps: questions whose answers the run computes. */

const HEAD = `title: questions
seed: 4
duration: 20s
cluster:
  brokers: 3
  topics:
    - { name: orders, partitions: 3, replicationFactor: 3 }
producers:
  - { id: checkout, topic: orders, acks: all }
consumers:
  - { id: c1, group: billing, topic: orders }
  - { id: c2, group: billing, topic: orders }
steps:
`;

function load(steps: string) {
  return loadScenario(HEAD + steps, 'q.yaml');
}

function problemsOf(steps: string): string[] {
  const r = load(steps);
  return r.ok ? [] : r.problems.map((p) => formatProblem(p, 'q.yaml'));
}

function answersOf(steps: string, seed?: number) {
  const r = load(steps);
  if (!r.ok) throw new Error(r.problems.map((p) => formatProblem(p)).join('\n'));
  const compiled = seed === undefined ? r.value : { ...r.value, setup: { ...r.value.setup, seed } };
  return runScenario(compiled).answers.map((a) => a.answer);
}

describe('parseAnswer', () => {
  it('reads an expression or a comparison', () => {
    const value = parseAnswer('partitionOf(orders, zoe)');
    expect(value.ok && value.value.op).toBeNull();
    const comparison = parseAnswer('producers[p].failed > 0');
    expect(comparison.ok && comparison.value.op).toBe('>');
  });

  it('refuses an answer written in, and says why', () => {
    const r = parseAnswer('2');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/never wrong/);
    const trailing = parseAnswer('leaderOf(orders, 0) 3');
    expect(!trailing.ok && trailing.message).toMatch(/expected an operator/);
  });
});

describe('ask steps', () => {
  it('compute the right choice from the run, at the reveal moment', () => {
    const answers = answersOf(`  - at: 1s
    ask:
      question: Which partition does zoe land on?
      choices: [0, 1, 2]
      answer: partitionOf(orders, zoe)
      reveal: 3s
  - at: 2s
    produce: { producer: checkout, key: zoe }
  - at: 5s
    ask:
      question: Who owns orders-2?
      choices: [c1, c2, { label: nobody, value: null }]
      answer: ownerOf(billing, orders, 2)
      reveal: 8s
  - at: 9s
    ask: { question: All acknowledged?, answer: 'producers[checkout].acked == 1' }
  - at: 10s
    ask: { question: How many records?, input: number, answer: 'records(orders)' }
`);
    // murmur2("zoe") & 0x7fffffff % 3 is 2 (the engine's partitioner, checked against Kafka's).
    expect(answers[0]).toMatchObject({ ok: true, value: 2, choice: 2 });
    expect(answers[1]).toMatchObject({ ok: true });
    // The range assignor gives c1 orders-0 and orders-1, c2 orders-2: members sort by id.
    expect(answers[1]).toMatchObject({ value: 'c2', choice: 1 });
    expect(answers[2]).toMatchObject({ ok: true, value: true, choice: 0, text: 'true' });
    expect(answers[3]).toMatchObject({ ok: true, value: 1, choice: null });
  });

  it('say when no choice has the answer, or it cannot be computed', () => {
    const answers = answersOf(`  - at: 1s
    ask: { question: Leader?, choices: [7, 8], answer: 'leaderOf(orders, 0)' }
  - at: 2s
    ask: { question: Who?, input: text, answer: "ownerOf(billing, orders, 0)" }
  - at: 3s
    ask: { question: Which?, input: number, answer: 'partitionOf(orders, nobody)' }
`);
    expect(answers[0]).toMatchObject({ ok: true, choice: -1 });
    // At 2s the group has not finished its first rebalance (3 s initial delay): nobody owns it.
    expect(answers[1]).toMatchObject({ ok: true, value: null });
    expect(answers[2]).toMatchObject({ ok: false });
    expect(!answers[2].ok && answers[2].error).toMatch(/nobody/);
  });

  it('follow the seed: a random key changes, and the answer with it', () => {
    const steps = `  - at: 1s
    ask:
      question: Where did the record go?
      choices: [0, 1, 2]
      # the one partition with a record (a sum of one)
      answer: sum(topics[orders].partitions[logEndOffset > 0].partition)
      reveal: 2s
  - at: 1s
    produce: { producer: checkout, keys: [alice, carol, dave], count: 1 }
`;
    const bySeed = new Map<number, unknown>();
    for (let seed = 1; seed <= 12; seed++) {
      const [answer] = answersOf(steps, seed);
      expect(answer.ok).toBe(true);
      if (answer.ok) bySeed.set(seed, answer.value);
    }
    expect(new Set(bySeed.values()).size).toBeGreaterThan(1);
  });

  it('are checked when the file is loaded', () => {
    expect(
      problemsOf(`  - at: 0s
    ask: { question: Too early?, answer: 'leaderOf(orders, 0)' }
  - at: 2s
    ask: { question: '', answer: 'leaderOf(orders, 0)' }
  - at: 2s
    ask: { question: Q, choices: [1, 1], input: number, answer: 'leaderOf(ordrs, 0)' }
  - at: 3s
    ask: { question: Reveal?, choices: [1, 2], answer: 'leaderOf(orders, 0)', reveal: 1s }
  - at: 4s
    ask: { question: Written in?, choices: [1, 2], answer: '2' }
  - at: 5s
    ask: { question: After the end?, choices: [1, 2], answer: 'leaderOf(orders, 0)', reveal: 30s }
`),
    ).toEqual([
      expect.stringMatching(/steps\[0\]\.ask: a question needs a moment after the start/),
      expect.stringMatching(/steps\[0\]\.ask: give choices \(a list\) or input/),
      expect.stringMatching(/steps\[1\]\.ask\.question: ask something/),
      expect.stringMatching(
        /steps\[2\]\.ask\.choices\[1\]: choice 2 has the same value as choice 1/,
      ),
      expect.stringMatching(/steps\[2\]\.ask\.input: give either choices or input/),
      expect.stringMatching(
        /steps\[2\]\.ask\.answer: no topic "ordrs" \(did you mean "orders"\?\)/,
      ),
      expect.stringMatching(/steps\[3\]\.ask\.reveal: the reveal comes at or after the question/),
      expect.stringMatching(/steps\[4\]\.ask\.answer: the answer is a value written in/),
      expect.stringMatching(/steps\[5\]\.ask\.reveal: the reveal is after the end/),
    ]);
  });

  it('survive precompiling, and do not change the trace', () => {
    const steps = `  - at: 1s
    ask: { question: Leader?, choices: [1, 2, 3], answer: 'leaderOf(orders, 0)' }
`;
    const text = HEAD + steps;
    const r = loadScenario(text);
    const without = loadScenario(HEAD + '  - at: 1s\n    say: hello\n');
    if (!r.ok || !without.ok) throw new Error('does not load');
    const revived = revivePrecompiled(
      JSON.parse(JSON.stringify(precompileScenario(r.value, text))),
    );
    expect(revived.questions.map((q) => ({ ...q, answerOn: null }))).toEqual(
      r.value.questions.map((q) => ({ ...q, answerOn: null })),
    );
    expect(runScenario(revived).answers[0].answer).toMatchObject({ ok: true, choice: 0 });
    expect(r.value.commands).toEqual(
      without.value.commands.filter((c) => c.command.type !== 'narrate'),
    );
  });
});

describe('typedAnswerIsRight', () => {
  it('compares numbers by value and text exactly, once trimmed', () => {
    expect(typedAnswerIsRight(' 2.0 ', 2)).toBe(true);
    expect(typedAnswerIsRight('3', 2)).toBe(false);
    expect(typedAnswerIsRight('', 0)).toBe(false);
    expect(typedAnswerIsRight('zoe ', 'zoe')).toBe(true);
    expect(typedAnswerIsRight('Zoe', 'zoe')).toBe(false);
    expect(typedAnswerIsRight('yes', true)).toBe(true);
    expect(typedAnswerIsRight('no', true)).toBe(false);
    expect(typedAnswerIsRight('No', false)).toBe(true);
    expect(typedAnswerIsRight('none', null)).toBe(true);
    expect(typedAnswerIsRight('[1, 3]', [1, 3], '[1, 3]')).toBe(true);
    expect(typedAnswerIsRight('[1]', [1, 3], '[1, 3]')).toBe(false);
  });
});

describe('questionBetween', () => {
  const qs = [1000, 5000, 5000, 9000].map((atMs) => ({ atMs }));
  it('finds the first question after from and by to', () => {
    expect(questionBetween(qs, 0, 999)).toBe(-1);
    expect(questionBetween(qs, 0, 1000)).toBe(0);
    expect(questionBetween(qs, 1000, 6000, 0)).toBe(1);
    expect(questionBetween(qs, 9000, 20000, 3)).toBe(-1);
  });

  it('asks the questions at one moment in turn, and one it stands at', () => {
    expect(questionBetween(qs, 5000, 8000, 1)).toBe(2);
    expect(questionBetween(qs, 5000, 8000, 2)).toBe(-1);
    expect(questionBetween(qs, 5000, 8000)).toBe(1);
  });
});
