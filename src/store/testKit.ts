import {
  readingTimeMs,
  type Caption,
  type CompiledScenario,
  type ScenarioProblem,
} from '../scenario';
import type { Host } from './host';
import type { ScenarioModule } from './slices';

/**
 * Test doubles for the store: a host whose clock and animation frames move only when a test
 * says so, and a hand-written compiled scenario shaped like the default lesson.
 */
export interface FakeHost extends Host {
  /** What the fake storage holds (a test may edit it, e.g. to simulate a crash mid-save). */
  stored: Map<string, string>;
  /** Advances the wall clock, then runs the frame callbacks that were waiting. */
  frame(elapsedMs: number): void;
  /**
   * Runs the idle callbacks that were waiting, each with `timeLeftMs` of idle time (default
   * unlimited: a quiet page; 0: a page whose frames leave no idle time).
   */
  idleTime(timeLeftMs?: number): void;
  pendingIdle(): number;
  /** The longest wait for idle time each request allowed, in the order asked. */
  idleWaits(): readonly number[];
  pendingFrames(): number;
  files: Map<string, string>;
}

export function createFakeHost(files: Record<string, string> = {}): FakeHost {
  let nowMs = 1000;
  let nextId = 1;
  const waiting = new Map<number, () => void>();
  const fileMap = new Map(Object.entries(files));
  const stored = new Map<string, string>();
  const idleWaiting = new Map<number, (timeLeftMs: () => number) => void>();
  const idleWaits: number[] = [];
  return {
    page: { baseUrl: () => 'https://kafkascope.test/app/' },
    stored,
    storage: {
      get: (key) => stored.get(key) ?? null,
      set(key, value) {
        stored.set(key, value);
        return true;
      },
      remove: (key) => void stored.delete(key),
    },
    idle: {
      requestIdle(callback, timeoutMs) {
        idleWaits.push(timeoutMs);
        const id = nextId++;
        idleWaiting.set(id, callback);
        return id;
      },
      cancelIdle: (id) => void idleWaiting.delete(id),
    },
    idleTime(timeLeftMs = Infinity) {
      const callbacks = [...idleWaiting.values()];
      idleWaiting.clear();
      for (const callback of callbacks) callback(() => timeLeftMs);
    },
    pendingIdle: () => idleWaiting.size,
    idleWaits: () => idleWaits,
    files: fileMap,
    clock: { nowMs: () => nowMs },
    frames: {
      requestFrame(callback) {
        const id = nextId++;
        waiting.set(id, callback);
        return id;
      },
      cancelFrame(id) {
        waiting.delete(id);
      },
    },
    fetcher: {
      async fetchText(url) {
        const text = fileMap.get(url);
        if (text === undefined)
          throw new Error(`Could not fetch ${url}: the server answered 404 Not Found`);
        return text;
      },
    },
    frame(elapsedMs) {
      nowMs += elapsedMs;
      const callbacks = [...waiting.values()];
      waiting.clear();
      for (const callback of callbacks) callback();
    },
    pendingFrames: () => waiting.size,
  };
}

/** The captions the compiler derives from a scenario's `say` steps (reading time included). */
export function captionsOf(commands: CompiledScenario['commands']): Caption[] {
  return [...commands]
    .sort((a, b) => a.atMs - b.atMs)
    .flatMap(({ atMs, command }) =>
      command.type === 'narrate'
        ? [{ atMs, text: command.text, readingMs: readingTimeMs(command.text), focus: [] }]
        : [],
    );
}

/** "Keys pick partitions", written out by hand as the scenario compiler would produce it. */
export function lessonFixture(overrides: Partial<CompiledScenario> = {}): CompiledScenario {
  const fixture: CompiledScenario = {
    title: 'Keys pick partitions',
    description: null,
    seed: 42,
    durationMs: 30_000,
    setup: {
      seed: 42,
      brokers: [1, 2, 3],
      topics: [{ name: 'orders', partitions: 6, replicationFactor: 3 }],
      producers: [{ id: 'checkout', topic: 'orders', acks: 'all' }],
      consumers: [
        { id: 'sally', topics: ['orders'] },
        { id: 'fred', topics: ['orders'] },
      ],
      config: { network: { latencyMs: 40, jitterMs: 20 } },
    },
    commands: [
      {
        atMs: 0,
        stepIndex: 0,
        command: { type: 'narrate', text: 'A producer sends keyed records.' },
      },
      {
        atMs: 1000,
        stepIndex: 1,
        command: {
          type: 'setProducerRate',
          producer: 'checkout',
          rate: 4,
          keys: ['alice', 'bob', 'carol', 'dave'],
        },
      },
      {
        atMs: 3000,
        stepIndex: 2,
        command: { type: 'produce', producer: 'checkout', key: null, count: 2 },
      },
      {
        atMs: 5000,
        stepIndex: 3,
        command: { type: 'narrate', text: 'The same key always lands in the same partition.' },
      },
    ],
    questions: [],
    challenge: null,
    expectations: [],
    captions: [],
    ...overrides,
  };
  return overrides.captions !== undefined
    ? fixture
    : { ...fixture, captions: captionsOf(fixture.commands) };
}

/** A scenario module that "parses" by looking the text up in a table of compiled scenarios. */
export function fakeScenarioModule(
  table: Record<string, CompiledScenario | ScenarioProblem[]>,
): ScenarioModule {
  return {
    loadScenario(text) {
      const entry = table[text];
      if (entry === undefined)
        return {
          ok: false,
          problems: [{ path: '', message: 'unknown fixture', line: 1, column: 1 }],
        };
      return Array.isArray(entry) ? { ok: false, problems: entry } : { ok: true, value: entry };
    },
    formatProblem(p, fileName) {
      const where = p.line !== undefined ? `:${p.line}:${p.column ?? 1}` : '';
      return `${fileName ?? '<scenario>'}${where}: ${p.path}: ${p.message}`;
    },
    // The fixture's text is a table key, not YAML: export as the text plus the log as JSON.
    exportSessionAsScenario(text, log, options) {
      return { ok: true, text: `${text}\n# seed ${options?.seed}\n# ${JSON.stringify(log)}` };
    },
  };
}

/** Two groups on a three-partition topic, shaped like the two-groups lesson, with short timeouts. */
export function groupsFixture(overrides: Partial<CompiledScenario> = {}): CompiledScenario {
  const member = (id: string, group: string) => ({
    id,
    group,
    topics: ['orders'],
    from: 'earliest' as const,
    sessionTimeoutMs: 6000,
    heartbeatIntervalMs: 1000,
  });
  return {
    title: 'Two groups',
    description: null,
    seed: 3,
    durationMs: 60_000,
    setup: {
      seed: 3,
      brokers: [1, 2, 3],
      topics: [{ name: 'orders', partitions: 3, replicationFactor: 3 }],
      producers: [{ id: 'shop', topic: 'orders', acks: 'all' }],
      consumers: [
        member('bill-1', 'billing'),
        member('bill-2', 'billing'),
        member('stats', 'analytics'),
      ],
      config: { groups: { offsetsTopicPartitions: 6 } },
    },
    commands: [
      {
        atMs: 0,
        stepIndex: -1,
        command: {
          type: 'setProducerRate',
          producer: 'shop',
          rate: 4,
          keys: ['alice', 'bob', 'carol', 'dave'],
          keyOrder: 'cycle',
        },
      },
    ],
    questions: [],
    challenge: null,
    expectations: [],
    captions: [],
    ...overrides,
  };
}
