import { describe, expect, it } from 'vitest';
import { loadScenario, type CompiledScenario } from '../scenario';
import { createAppStore, type AppStore } from './appStore';
import { parseLaunchOptions } from './launchOptions';
import { NEXT_CAPTION_MAX_WALL_MS, QUIZ_STORAGE_KEY } from './playbackSlice';
import { CHALLENGES_STORAGE_KEY } from './storedJson';
import { createFakeHost, fakeScenarioModule, type FakeHost } from './testKit';

/** Questions (`ask` steps) in the player: pausing, answering, the reveal, the score. */

const TEXT = `title: Where does zoe go?
seed: 4
duration: 30s
network: { latency: 20ms, jitter: 0ms }
cluster:
  brokers: 3
  topics:
    - { name: orders, partitions: 3 }
producers:
  - { id: checkout, topic: orders }
steps:
  - at: 1s
    say: A producer with keys.
  - at: 5s
    say: Where will zoe's order go?
  - at: 5s
    ask:
      question: Which partition will zoe's order land on?
      choices: [0, 1, 2]
      answer: partitionOf(orders, zoe)
      reveal: 7s
  - at: 6s
    produce: { producer: checkout, key: zoe }
  - at: 10s
    say: Same key, same partition.
  - at: 12s
    ask:
      question: Where did the random key go?
      choices: [0, 1, 2]
      answer: sum(topics[orders].partitions[logEndOffset > 0].partition)
      reveal: 13s
  - at: 12500ms
    produce: { producer: checkout, keys: [alice, carol, dave], count: 1 }
`;

function compiled(text = TEXT): CompiledScenario {
  const r = loadScenario(text, 'q.yaml');
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
}

async function open(search = '?autoplay', scenario = compiled()) {
  const host = createFakeHost({ 'scenarios/default.yaml': 'lesson' });
  const store = createAppStore({
    host,
    scenarioModule: async () => fakeScenarioModule({ lesson: scenario }),
  });
  await store.getState().loadScenario(parseLaunchOptions(search));
  return { host, store };
}

/** Frames of 50 ms wall time while playing, at most `limit`. */
function playFrames(host: FakeHost, store: AppStore, limit = 2000): void {
  for (let n = 0; n < limit && store.getState().playing; n++) host.frame(50);
}

describe('a question in the player', () => {
  it('stops the run at its moment, with the caption of that moment', async () => {
    const { host, store } = await open();
    playFrames(host, store);
    const s = store.getState();
    expect(s.playing).toBe(false);
    expect(s.timeMs).toBe(5000);
    expect(s.narration?.text).toBe("Where will zoe's order go?");
    expect(s.question).toMatchObject({ index: 0, phase: 'asking', given: null });
  });

  it('plays to the reveal after an answer, then says it is right, and keeps the score', async () => {
    const { host, store } = await open();
    playFrames(host, store);
    store.getState().answerQuestion({ choice: 2 });
    expect(store.getState().question?.phase).toBe('revealing');
    expect(store.getState().playing).toBe(true);
    playFrames(host, store);
    const s = store.getState();
    expect(s.timeMs).toBe(7000);
    // murmur2("zoe") & 0x7fffffff % 3 = 2: the record sent at 6 s is in orders-2 by 7 s.
    expect(s.question).toMatchObject({ phase: 'revealed', right: true });
    expect(s.question?.answer).toMatchObject({ ok: true, value: 2, choice: 2 });
    expect(JSON.parse(host.stored.get(QUIZ_STORAGE_KEY) ?? '{}')).toEqual({
      'builtin:default': { 'steps[2].ask': true },
    });
    expect(s.quizScores['builtin:default']).toEqual({ 'steps[2].ask': true });
  });

  it('says a wrong answer is wrong, and only the first try counts', async () => {
    const { host, store } = await open();
    playFrames(host, store);
    store.getState().answerQuestion({ choice: 0 });
    playFrames(host, store);
    expect(store.getState().question).toMatchObject({ phase: 'revealed', right: false });
    // Again from the start, answered right this time: the score keeps the first try.
    store.getState().seek(0);
    expect(store.getState().question).toBeNull();
    store.getState().play();
    playFrames(host, store);
    store.getState().answerQuestion({ choice: 2 });
    playFrames(host, store);
    expect(store.getState().question?.right).toBe(true);
    expect(store.getState().quizScores['builtin:default']).toEqual({
      'steps[2].ask': false,
    });
  });

  it('a typed answer is compared by value', async () => {
    const typed = TEXT.replace(
      '      choices: [0, 1, 2]\n      answer: partitionOf',
      '      input: number\n      answer: partitionOf',
    );
    const { host, store } = await open('?autoplay', compiled(typed));
    playFrames(host, store);
    store.getState().answerQuestion({ typed: ' 2 ' });
    playFrames(host, store);
    expect(store.getState().question).toMatchObject({ phase: 'revealed', right: true });
  });

  it("a presenter's next press reveals, the next goes on to the next caption", async () => {
    const { host, store } = await open('?presenter');
    // Opened paused at the first caption (1 s); next: plays towards 5 s and stops at the question.
    store.getState().nextCaption();
    playFrames(host, store);
    expect(store.getState().question?.phase).toBe('asking');
    expect(store.getState().timeMs).toBe(5000);
    const before = host.clock.nowMs();
    store.getState().nextCaption();
    playFrames(host, store);
    expect(store.getState().question).toMatchObject({
      phase: 'revealed',
      given: null,
      right: null,
    });
    expect(host.clock.nowMs() - before).toBeLessThanOrEqual(NEXT_CAPTION_MAX_WALL_MS + 100);
    // No answer given: no score.
    expect(host.stored.has(QUIZ_STORAGE_KEY)).toBe(false);
    store.getState().nextCaption();
    expect(store.getState().question).toBeNull();
    playFrames(host, store);
    expect(store.getState().timeMs).toBe(10_000);
  });

  it('Play reveals an open question, then goes on; a seek past one does not ask it', async () => {
    const { host, store } = await open();
    playFrames(host, store);
    store.getState().play();
    playFrames(host, store);
    expect(store.getState().question?.phase).toBe('revealed');
    store.getState().play();
    expect(store.getState().question).toBeNull();
    playFrames(host, store);
    expect(store.getState().timeMs).toBe(12_000);
    expect(store.getState().question?.index).toBe(1);
    store.getState().seek(12_500);
    expect(store.getState().question).toBeNull();
    store.getState().play();
    playFrames(host, store);
    expect(store.getState().question).toBeNull();
    expect(store.getState().timeMs).toBe(30_000);
  });

  it('computes the answer again when the seed changes', async () => {
    const answers = new Set<unknown>();
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const { host, store } = await open(`?autoplay&seed=${seed}`);
      playFrames(host, store);
      store.getState().closeQuestion(true);
      playFrames(host, store);
      expect(store.getState().question?.index).toBe(1);
      store.getState().revealAnswer();
      playFrames(host, store);
      const answer = store.getState().question?.answer;
      expect(answer?.ok).toBe(true);
      if (answer?.ok === true) answers.add(answer.value);
    }
    // The random key, drawn from the seed, lands on different partitions.
    expect(answers.size).toBeGreaterThan(1);
  });
});

describe('a challenge in the player', () => {
  const CHALLENGE = `title: Split alice
seed: 2
duration: 60s
cluster:
  brokers: 3
  topics:
    - { name: orders, partitions: 3 }
producers:
  - { id: checkout, topic: orders, rate: 4, keys: [alice, bob], keyOrder: cycle }
challenge:
  goal: Make alice's orders land in two different partitions.
  solvedWhen: 'count(partitionsOf(orders, alice)) >= 2'
`;

  it('is solved by an action that reaches the goal, kept, and unsolved before that moment', async () => {
    const { host, store } = await open('?autoplay', compiled(CHALLENGE));
    // The watcher's code loads with the first challenge.
    await import('./challenge');
    await new Promise((resolve) => setTimeout(resolve, 0));
    for (let n = 0; n < 60; n++) host.frame(50);
    expect(store.getState().challengeSolvedAtMs).toBeNull();
    store.getState().act({ type: 'addPartitions', topic: 'orders', count: 1 });
    for (let n = 0; n < 60 && store.getState().challengeSolvedAtMs === null; n++) host.frame(50);
    const solvedAt = store.getState().challengeSolvedAtMs;
    expect(solvedAt).not.toBeNull();
    expect(JSON.parse(host.stored.get(CHALLENGES_STORAGE_KEY) ?? '{}')).toEqual({
      'builtin:default': { atMs: solvedAt, seed: 2 },
    });
    // Back before the action: not solved on screen, still solved in the browser.
    store.getState().seek(1000);
    expect(store.getState().challengeSolvedAtMs).toBeNull();
    expect(store.getState().solvedChallenges['builtin:default']).toBeDefined();
  });

  it('is not solved without an action, even where the goal would hold', async () => {
    const easy = CHALLENGE.replace(
      "'count(partitionsOf(orders, alice)) >= 2'",
      'records(orders) > 0',
    );
    const { host, store } = await open('?autoplay', compiled(easy));
    await import('./challenge');
    await new Promise((resolve) => setTimeout(resolve, 0));
    for (let n = 0; n < 100; n++) host.frame(50);
    expect(store.getState().timeMs).toBeGreaterThan(2000);
    expect(store.getState().challengeSolvedAtMs).toBeNull();
  });
});
