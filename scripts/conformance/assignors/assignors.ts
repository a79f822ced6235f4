/**
 * The `assignors` suite: kafka-clients 4.3.1's RangeAssignor, RoundRobinAssignor, StickyAssignor
 * and CooperativeStickyAssignor (conformance/src/main/java/kafkascope/conformance/assignors/
 * AssignorMain.java, run as a group leader runs them) judge kafkascope's `assign`.
 *
 * A case is a sequence of rebalances on seeded random inputs: members joining, leaving and
 * changing subscriptions, static members, subscriptions that differ and name missing topics,
 * Unicode ids, and prior ownership with stale generations and conflicting claims. Kafka runs the
 * whole sequence (its own answers become the next round's owned partitions; a cooperative member
 * that lost partitions rejoins) and writes every round's inputs, so kafkascope answers exactly
 * the questions Kafka answered, round by round.
 *
 * Equal answers pass. Where Kafka's answer rests on Java HashMap iteration order (the harness
 * reruns the case with a prefix on every name: same String order, other hash order), a differing
 * kafkascope answer is checked for validity and balance instead and counted as skipped.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  assign,
  type AssignorName,
  type Assignment,
  type MemberSubscription,
} from '../../../src/engine/index';
import { ROOT } from '../harness';
import { gen, type Gen } from '../rules/common';
import { ensureRulesHarness, runJavaMain } from '../rules/java';
import type { SuiteOptions, SuiteResult } from '../suite';
import { KAFKA_TEST_CASES } from './kafkaTests';

const MAIN = 'kafkascope.conformance.assignors.AssignorMain';
export const ASSIGNORS: readonly Exclude<AssignorName, 'stream'>[] = [
  'range',
  'roundrobin',
  'sticky',
  'cooperative-sticky',
];
/** Cases per assignor in a live run, and in the committed vector file. */
export const CASES_PER_ASSIGNOR = 500;
export const VECTOR_SEED = 1;
export const VECTORS = path.join(ROOT, 'conformance', 'vectors', 'assignors.json');
export const KAFKA_TEST_VECTORS = path.join(
  ROOT,
  'conformance',
  'vectors',
  'assignors-kafka-tests.json',
);

type TP = [topic: string, partition: number];

export interface StepMember {
  id: string;
  instance: string | null;
  topics: string[];
}

export interface AssignorCase {
  assignor: Exclude<AssignorName, 'stream'>;
  partitions: Record<string, number>;
  /** Ownership before the first step (stale generations, conflicting claims). */
  prior?: Record<string, { owned: TP[]; generation: number }>;
  /** The group's generation before the first step. */
  generation: number;
  /** The members of each rebalance, in JoinGroup order. */
  steps: StepMember[][];
}

export interface KafkaRound {
  members: (StepMember & { owned: TP[]; generation: number })[];
  assignment: Record<string, TP[]>;
}

export interface KafkaAnswer {
  rounds?: KafkaRound[];
  kafkaTimedOut?: boolean;
  /** Kafka's own assignor threw (its exception and where): no answer to compare with. */
  kafkaThrew?: string;
  hashOrderDependent?: boolean;
  harnessError?: string;
}

// ---- generation ----

/** Member ids as Kafka's consumers would have them, plus the awkward ones. */
const ID_POOL = [
  'consumer-1-2f1c',
  'consumer-10-aa',
  'consumer-2-9b',
  'c1',
  'c10',
  'c2',
  'b',
  'a',
  'm\u00e9',
  '\u4e2d\u6587',
  '\u{1F600}-emoji',
  'x',
  'Z',
  'k-\u00fc',
  'consumer-3',
  'zz',
];
const TOPIC_POOL = ['orders', 'payments', 't', 'T2', 't10', '\u00e9v\u00e9nements', 'x\u{1F680}'];

function pickSome<T>(g: Gen, xs: readonly T[], min: number): T[] {
  const out = xs.filter(() => g.chance(0.5));
  while (out.length < min) {
    const x = g.pick(xs);
    if (!out.includes(x)) out.push(x);
  }
  return out;
}

function generateCase(g: Gen, assignor: AssignorCase['assignor']): AssignorCase {
  const topics = pickSome(g, TOPIC_POOL, 1).slice(0, g.int(1, 4));
  const partitions: Record<string, number> = {};
  // A topic has at least one partition (without any it does not exist: `missing-topic`).
  for (const t of topics) partitions[t] = g.int(0, 40) > 30 ? g.int(1, 4) : g.int(1, 24);
  // Subscriptions: all equal (Kafka's constrained path) or differing (its general path); now
  // and then a topic that does not exist.
  const equal = g.chance(0.5);
  const common = pickSome(g, topics, 1);
  const subscription = (): string[] => {
    const s = equal ? [...common] : pickSome(g, topics, 1);
    if (g.chance(0.08)) s.push('missing-topic');
    return s;
  };
  const idPool = [...ID_POOL].sort(() => (g.chance(0.5) ? 1 : -1));
  let free = idPool.slice();
  const newMember = (): StepMember | null => {
    const id = free.shift();
    if (id === undefined) return null;
    return { id, instance: g.chance(0.25) ? `host-${id}` : null, topics: subscription() };
  };
  let members: StepMember[] = [];
  for (let i = g.int(1, 8); i > 0; i--) {
    const m = newMember();
    if (m !== null) members.push(m);
  }
  const steps: StepMember[][] = [members];
  for (let s = g.int(0, 3); s > 0; s--) {
    members = members.map((m) => ({ ...m, topics: [...m.topics] }));
    if (members.length > 1 && g.chance(0.5)) members.splice(g.int(0, members.length - 1), 1);
    if (g.chance(0.6))
      for (let i = g.int(1, 3); i > 0; i--) {
        const m = newMember();
        if (m !== null) members.push(m);
      }
    if (!equal && g.chance(0.3)) g.pick(members).topics = subscription();
    if (members.length > 12) members = members.slice(0, 12);
    steps.push(members);
  }
  free = [];
  const c: AssignorCase = { assignor, partitions, generation: 0, steps };
  if (g.chance(0.3)) {
    // Prior ownership: some members claim partitions, in generations that may be stale, and
    // two members may claim the same partition.
    const prior: NonNullable<AssignorCase['prior']> = {};
    const all: TP[] = topics.flatMap((t) =>
      Array.from({ length: partitions[t] }, (_, p): TP => [t, p]),
    );
    for (const m of steps[0]) {
      if (all.length === 0 || !g.chance(0.7)) continue;
      prior[m.id] = { owned: pickSome(g, all, 0).slice(0, g.int(0, 8)), generation: g.int(1, 4) };
    }
    c.prior = prior;
    c.generation = 5;
  }
  return c;
}

export function generateAssignorCases(seed: number, perAssignor: number): AssignorCase[] {
  const cases: AssignorCase[] = [];
  ASSIGNORS.forEach((name, i) => {
    const g = gen(seed, 0xa551 + i);
    for (let k = 0; k < perAssignor; k++) cases.push(generateCase(g, name));
  });
  return cases;
}

// ---- Kafka ----

export function askKafka(
  cases: readonly AssignorCase[],
  mavenRepo: string | null,
): { kafkaVersion: string; results: KafkaAnswer[] } {
  ensureRulesHarness(mavenRepo);
  const out = runJavaMain<{ kafkaVersion: string; results: KafkaAnswer[] }>({ cases }, MAIN);
  if (out.results.length !== cases.length)
    throw new Error(`assignors: ${out.results.length} answers for ${cases.length} cases`);
  return out;
}

// ---- the rounds, rebuilt ----

/**
 * The inputs of every round of a case, given Kafka's answers: what AssignorMain does (a member
 * brings what it got last and that generation; a cooperative member that lost partitions makes
 * the group rebalance again, up to four rounds a step). The vector file keeps only Kafka's
 * answers; the live run checks that these inputs are the ones Kafka was asked.
 */
export function roundInputs(
  c: AssignorCase,
  answers: readonly Record<string, TP[]>[],
): KafkaRound[] {
  const last = new Map<string, TP[]>();
  const lastGeneration = new Map<string, number>();
  for (const [id, p] of Object.entries(c.prior ?? {})) {
    last.set(id, p.owned);
    lastGeneration.set(id, p.generation);
  }
  let generation = c.generation;
  const rounds: KafkaRound[] = [];
  for (const step of c.steps) {
    let again = true;
    for (let round = 0; again && round < 4; round++) {
      generation++;
      const assignment = answers[rounds.length];
      if (assignment === undefined) return rounds;
      const members = step.map((m) => ({
        ...m,
        owned: last.get(m.id) ?? [],
        generation: lastGeneration.get(m.id) ?? -1,
      }));
      rounds.push({ members, assignment });
      again = false;
      for (const m of members) {
        const now = assignment[m.id] ?? [];
        const kept = new Set(now.map(key));
        if (c.assignor === 'cooperative-sticky' && m.owned.some((tp) => !kept.has(key(tp))))
          again = true;
        last.set(m.id, now);
        lastGeneration.set(m.id, generation);
      }
    }
  }
  return rounds;
}

// ---- judging ----

export type Verdict = { ok: true } | { fail: string } | { skip: string };

const key = ([t, p]: TP) => `${t}-${p}`;

function kafkascopeAnswer(
  name: AssignorCase['assignor'],
  round: KafkaRound,
  partitions: Record<string, number>,
): Assignment {
  const members: MemberSubscription[] = round.members.map((m) => ({
    memberId: m.id,
    instanceId: m.instance,
    topics: m.topics,
    owned: m.owned.map(([topic, partition]) => ({ topic, partition })),
    generation: m.generation,
  }));
  return assign(name, members, partitions);
}

function formatAssignment(a: Record<string, string[]>): string {
  return Object.keys(a)
    .sort()
    .map((id) => `${id}=[${a[id].join(' ')}]`)
    .join(' ');
}

/**
 * Kafka's guarantees, for a round whose exact answer rests on HashMap order: every partition
 * of a subscribed, existing topic goes to exactly one subscriber (cooperative: not yet to a new
 * owner while its old one still holds it), and the result is balanced: with equal subscriptions
 * the counts differ by at most one, otherwise no member could take a partition from one with
 * two more.
 */
export function validityProblem(
  c: AssignorCase,
  round: KafkaRound,
  mine: Record<string, string[]>,
): string | null {
  const owners = new Map<string, string>();
  for (const [id, ps] of Object.entries(mine))
    for (const p of ps) {
      if (owners.has(p)) return `${p} given to ${owners.get(p)} and ${id}`;
      owners.set(p, id);
    }
  const subscribers = (topic: string) =>
    round.members.filter((m) => m.topics.includes(topic)).map((m) => m.id);
  const cooperative = c.assignor === 'cooperative-sticky';
  for (const [topic, n] of Object.entries(c.partitions)) {
    const subs = subscribers(topic);
    for (let p = 0; p < n; p++) {
      const owner = owners.get(`${topic}-${p}`);
      if (owner !== undefined && !subs.includes(owner))
        return `${topic}-${p} given to ${owner}, not a subscriber`;
      if (owner === undefined && subs.length > 0) {
        const heldElsewhere =
          cooperative &&
          round.members.some((m) => m.owned.some((tp) => key(tp) === `${topic}-${p}`));
        if (!heldElsewhere) return `${topic}-${p} assigned to nobody`;
      }
    }
  }
  const count = (id: string) => mine[id]?.length ?? 0;
  for (const a of round.members)
    for (const b of round.members) {
      if (count(a.id) < count(b.id) + 2) continue;
      const movable = (mine[a.id] ?? []).some((p) =>
        b.topics.includes(p.slice(0, p.lastIndexOf('-'))),
      );
      if (movable && !cooperative)
        return `unbalanced: ${a.id} has ${count(a.id)}, ${b.id} ${count(b.id)}`;
    }
  return null;
}

export function judge(c: AssignorCase, k: KafkaAnswer): Verdict {
  if (k.kafkaTimedOut === true) return { skip: "Kafka's assignor did not finish within 10 s" };
  if (k.kafkaThrew !== undefined) return judgeWithoutKafka(c, k.kafkaThrew);
  if (k.harnessError !== undefined || k.rounds === undefined)
    return { fail: `harness: ${k.harnessError ?? 'no rounds'}` };
  const rebuilt = roundInputs(
    c,
    k.rounds.map((r) => r.assignment),
  );
  if (JSON.stringify(rebuilt) !== JSON.stringify(k.rounds))
    return { fail: 'the rounds rebuilt from the case differ from the ones Kafka was asked' };
  return judgeRounds(c, rebuilt, k.hashOrderDependent === true);
}

/**
 * A case Kafka's own assignor throws on (seen with the eager sticky assignor and stale,
 * conflicting prior ownership): there is nothing to compare with, so kafkascope's first
 * round (whose inputs need no answer of Kafka's) is checked for validity and balance, and
 * the case counts as skipped with Kafka's exception as the reason.
 */
export function judgeWithoutKafka(c: AssignorCase, kafkaThrew: string): Verdict {
  const [first] = roundInputs(c, [{}]);
  let mine: Record<string, string[]>;
  try {
    mine = Object.fromEntries(
      Object.entries(kafkascopeAnswer(c.assignor, first, c.partitions)).map(([id, ps]) => [
        id,
        ps.map((tp) => `${tp.topic}-${tp.partition}`),
      ]),
    );
  } catch (e) {
    return {
      fail: `round 0: kafkascope threw ${(e as Error).message} (Kafka threw too: ${kafkaThrew})`,
    };
  }
  const problem = validityProblem(c, first, mine);
  if (problem !== null)
    return { fail: `round 0, invalid: ${problem} (Kafka's assignor threw: ${kafkaThrew})` };
  return {
    skip: `Kafka's assignor threw (${kafkaThrew}): kafkascope's first round checked for validity`,
  };
}

/** kafkascope against Kafka's answers, round by round. */
export function judgeRounds(
  c: AssignorCase,
  rounds: readonly KafkaRound[],
  hashOrderDependent: boolean,
): Verdict {
  for (let i = 0; i < rounds.length; i++) {
    const round = rounds[i];
    let mine: Record<string, string[]>;
    try {
      const a = kafkascopeAnswer(c.assignor, round, c.partitions);
      mine = Object.fromEntries(
        Object.entries(a).map(([id, ps]) => [id, ps.map((tp) => `${tp.topic}-${tp.partition}`)]),
      );
    } catch (e) {
      return { fail: `round ${i}: kafkascope threw ${(e as Error).message}` };
    }
    const kafka = Object.fromEntries(
      Object.entries(round.assignment).map(([id, ps]) => [id, ps.map(key)]),
    );
    const a = formatAssignment(kafka);
    const b = formatAssignment(mine);
    if (a === b) continue;
    if (hashOrderDependent) {
      const problem = validityProblem(c, round, mine);
      if (problem === null)
        return { skip: "Kafka's answer rests on HashMap order: checked for validity and balance" };
      return {
        fail: `round ${i} (hash-order dependent), invalid: ${problem}\n    kafka: ${a}\n    mine:  ${b}`,
      };
    }
    return { fail: `round ${i}:\n    kafka: ${a}\n    mine:  ${b}` };
  }
  return { ok: true };
}

// ---- the suite ----

export interface Tally {
  byAssignor: Record<
    string,
    { passed: number; failed: number; skipped: number; hashDependent: number }
  >;
  failures: string[];
}

export function tally(
  cases: readonly AssignorCase[],
  answers: readonly KafkaAnswer[],
  /** A name per case where it has one (Kafka's own test it comes from). */
  names: readonly (string | undefined)[] = [],
): Tally {
  const t: Tally = { byAssignor: {}, failures: [] };
  cases.forEach((c, i) => {
    const row = (t.byAssignor[c.assignor] ??= {
      passed: 0,
      failed: 0,
      skipped: 0,
      hashDependent: 0,
    });
    if (answers[i].hashOrderDependent === true) row.hashDependent++;
    const v = judge(c, answers[i]);
    if ('ok' in v) row.passed++;
    else if ('skip' in v) row.skipped++;
    else {
      row.failed++;
      const label = names[i] ?? `case #${i}`;
      t.failures.push(`✗ ${c.assignor} ${label}: ${v.fail}\n    case: ${JSON.stringify(c)}`);
    }
  });
  return t;
}

export async function runAssignorSuite(
  options: SuiteOptions,
  perAssignor = CASES_PER_ASSIGNOR,
): Promise<SuiteResult> {
  const started = performance.now();
  // Kafka's own test cases first, then the seeded ones.
  const cases = [
    ...KAFKA_TEST_CASES.map((k) => k.c),
    ...generateAssignorCases(options.seed, perAssignor),
  ];
  const out = askKafka(cases, options.mavenRepo);
  const t = tally(
    cases,
    out.results,
    KAFKA_TEST_CASES.map((k) => `Kafka's ${k.name}`),
  );
  const rounds = out.results.reduce((s, r) => s + (r.rounds?.length ?? 0), 0);
  const threw = out.results.filter((r) => r.kafkaThrew !== undefined);
  const sum = (f: 'passed' | 'failed' | 'skipped') =>
    Object.values(t.byAssignor).reduce((s, r) => s + r[f], 0);
  return {
    name: 'assignors',
    passed: sum('passed'),
    failed: sum('failed'),
    skipped: sum('skipped'),
    failures: t.failures.slice(0, Math.max(0, options.show)),
    notes: [
      `seed ${options.seed}, ${cases.length} cases (${KAFKA_TEST_CASES.length} from Kafka's own assignor tests; ${rounds} rebalances), kafka-clients ${out.kafkaVersion}`,
      ...Object.entries(t.byAssignor).map(
        ([name, r]) =>
          `${name}: ${r.passed} passed, ${r.failed} failed, ${r.skipped} checked for validity only; ${r.hashDependent} rest on HashMap order`,
      ),
      ...(threw.length > 0
        ? [
            `Kafka's own assignor threw on ${threw.length} case(s) (counted as checked for validity only), e.g. ${threw[0].kafkaThrew}`,
          ]
        : []),
    ],
    elapsedMs: performance.now() - started,
  };
}

/** A vector: the case, Kafka's answer per round (partitions as "topic-p"), and whether it rests on HashMap order. */
export interface AssignorVector {
  c: AssignorCase;
  answers: Record<string, string[]>[];
  hashOrderDependent: boolean;
}

export interface AssignorVectors {
  suite: 'assignors';
  kafkaVersion: string;
  seed: number;
  cases: AssignorVector[];
}

const tpOf = (s: string): TP => {
  const at = s.lastIndexOf('-');
  return [s.slice(0, at), Number(s.slice(at + 1))];
};

/** Judges one vector without Java. */
export function judgeVector(v: AssignorVector): Verdict {
  const answers = v.answers.map((a) =>
    Object.fromEntries(Object.entries(a).map(([id, ps]) => [id, ps.map(tpOf)])),
  );
  return judgeRounds(v.c, roundInputs(v.c, answers), v.hashOrderDependent);
}

export function writeAssignorVectors(
  mavenRepo: string | null,
  perAssignor = CASES_PER_ASSIGNOR,
): string {
  const cases = generateAssignorCases(VECTOR_SEED, perAssignor);
  const out = askKafka(cases, mavenRepo);
  const head = JSON.stringify({
    suite: 'assignors',
    kafkaVersion: out.kafkaVersion,
    seed: VECTOR_SEED,
  });
  const lines = cases.map((c, i) => {
    const k = out.results[i];
    if (k.rounds === undefined) throw new Error(`case ${i}: ${k.harnessError ?? 'no answer'}`);
    const vector: AssignorVector = {
      c,
      answers: k.rounds.map((r) =>
        Object.fromEntries(Object.entries(r.assignment).map(([id, ps]) => [id, ps.map(key)])),
      ),
      hashOrderDependent: k.hashOrderDependent === true,
    };
    return JSON.stringify(vector);
  });
  mkdirSync(path.dirname(VECTORS), { recursive: true });
  writeFileSync(VECTORS, `${head.slice(0, -1)},"cases":[\n${lines.join(',\n')}\n]}\n`);
  writeKafkaTestVectors(mavenRepo);
  return VECTORS;
}

/** Kafka's own test cases with kafka-clients' answers (KAFKA_TEST_VECTORS). */
export function writeKafkaTestVectors(mavenRepo: string | null): void {
  const out = askKafka(
    KAFKA_TEST_CASES.map((k) => k.c),
    mavenRepo,
  );
  const lines = KAFKA_TEST_CASES.map((named, i) => {
    const k = out.results[i];
    if (k.rounds === undefined) throw new Error(`${named.name}: ${k.harnessError ?? 'no answer'}`);
    const vector: AssignorVector & { name: string } = {
      name: named.name,
      c: named.c,
      answers: k.rounds.map((r) =>
        Object.fromEntries(Object.entries(r.assignment).map(([id, ps]) => [id, ps.map(key)])),
      ),
      hashOrderDependent: k.hashOrderDependent === true,
    };
    return JSON.stringify(vector);
  });
  const head = JSON.stringify({ suite: 'assignors', kafkaVersion: out.kafkaVersion });
  writeFileSync(KAFKA_TEST_VECTORS, `${head.slice(0, -1)},"cases":[\n${lines.join(',\n')}\n]}\n`);
}

export function readKafkaTestVectors(): {
  kafkaVersion: string;
  cases: (AssignorVector & { name: string })[];
} {
  return JSON.parse(readFileSync(KAFKA_TEST_VECTORS, 'utf8')) as ReturnType<
    typeof readKafkaTestVectors
  >;
}

export function readAssignorVectors(): AssignorVectors {
  return JSON.parse(readFileSync(VECTORS, 'utf8')) as AssignorVectors;
}
