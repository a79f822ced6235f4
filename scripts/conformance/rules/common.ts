/**
 * What the rules suites (partitioners, coordinator, placement, cleaner, retention) share: a seeded case
 * generator, Kafka's answers from one JVM, a verdict per case, and the vector file that lets
 * `npm test` check the same cases without Java.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRng, nextInt, nextUint32, type RngState } from '../../../src/engine/index';
import { ROOT } from '../harness';
import type { SuiteOptions, SuiteResult } from '../suite';
import {
  adminUtilsJar,
  ensureRulesHarness,
  groupCoordinatorJars,
  runJavaMain,
  type RulesOutput,
} from './java';

export type RulesSuiteName = 'partitioners' | 'coordinator' | 'placement' | 'cleaner' | 'retention';

/** A case's verdict: agreed, disagreed (why), or checked for validity only (why). */
export type Verdict = { readonly ok: true } | { readonly fail: string } | { readonly skip: string };
export const OK: Verdict = { ok: true };

export interface RulesSuite<C, K> {
  readonly name: RulesSuiteName;
  /** Cases per run unless `--cases` says otherwise. */
  readonly defaultCases: number;
  /** Cases in the committed vector file. */
  readonly vectorCases: number;
  readonly needsAdminUtils: boolean;
  readonly needsGroupCoordinator: boolean;
  generate(seed: number, count: number): C[];
  /** kafkascope's answer against Kafka's (`kafka` is what RulesMain wrote for the case). */
  check(c: C, kafka: K): Verdict;
  /** Facts the summary states every run (which Kafka code judged, what is not checked). */
  readonly notes: readonly string[];
  /** Extra notes computed from the whole run (e.g. how often a known simplification shows). */
  summarize?(cases: readonly C[], kafka: readonly K[]): string[];
}

export interface VectorFile<C, K> {
  readonly suite: RulesSuiteName;
  readonly kafkaVersion: string;
  readonly adminUtilsJar?: string;
  readonly seed: number;
  readonly cases: readonly { readonly c: C; readonly k: K }[];
}

/** The vector files' fixed seed, so regenerating one changes only what Kafka or the generator changed. */
export const VECTOR_SEED = 1;

export function vectorPath(name: RulesSuiteName): string {
  return path.join(ROOT, 'conformance', 'vectors', `${name}.json`);
}

/** Kafka's answers for `cases`, from one JVM. */
export function askKafka<C, K>(
  suite: RulesSuite<C, K>,
  cases: readonly C[],
  mavenRepo: string | null,
): RulesOutput<K> {
  ensureRulesHarness(mavenRepo);
  const input = {
    suite: suite.name,
    adminUtilsJar: suite.needsAdminUtils ? adminUtilsJar(mavenRepo) : null,
    groupCoordinatorJars: suite.needsGroupCoordinator ? groupCoordinatorJars(mavenRepo) : null,
    cases,
  };
  const out = runJavaMain<RulesOutput<K & { harnessError?: string }>>(input);
  if (out.results.length !== cases.length) {
    throw new Error(`${suite.name}: ${out.results.length} answers for ${cases.length} cases`);
  }
  return out;
}

export interface Tally {
  passed: number;
  failed: number;
  skipped: number;
  failures: string[];
  skipReasons: Map<string, number>;
}

/** Checks every case; failures carry the case's index and JSON so they can be replayed. */
export function tally<C, K>(
  suite: RulesSuite<C, K>,
  cases: readonly C[],
  kafka: readonly K[],
): Tally {
  const t: Tally = { passed: 0, failed: 0, skipped: 0, failures: [], skipReasons: new Map() };
  cases.forEach((c, i) => {
    const k = kafka[i] as K & { harnessError?: string };
    const v: Verdict =
      k.harnessError !== undefined ? { fail: `harness: ${k.harnessError}` } : suite.check(c, k);
    if ('ok' in v) t.passed++;
    else if ('skip' in v) {
      t.skipped++;
      t.skipReasons.set(v.skip, (t.skipReasons.get(v.skip) ?? 0) + 1);
    } else {
      t.failed++;
      t.failures.push(
        `#${i} ${v.fail}\n    case: ${JSON.stringify(c)}\n    kafka: ${JSON.stringify(k)}`,
      );
    }
  });
  return t;
}

/** Runs a suite live against Kafka (the `Suite` contract of scripts/conformance/suite.ts). */
export async function runRulesSuite<C, K>(
  suite: RulesSuite<C, K>,
  options: SuiteOptions,
  count = suite.defaultCases,
): Promise<SuiteResult> {
  const started = performance.now();
  const cases = suite.generate(options.seed, count);
  let out: RulesOutput<K>;
  try {
    out = askKafka(suite, cases, options.mavenRepo);
  } catch (e) {
    return {
      name: suite.name,
      passed: 0,
      failed: 0,
      skipped: cases.length,
      failures: [],
      notes: [`not run: ${(e as Error).message}`],
      elapsedMs: performance.now() - started,
    };
  }
  const t = tally(suite, cases, out.results);
  const notes = [
    `seed ${options.seed}, ${cases.length} cases, Kafka ${out.kafkaVersion}` +
      (out.adminUtilsJar !== undefined ? ` (AdminUtils from ${out.adminUtilsJar})` : ''),
    ...suite.notes,
    ...[...t.skipReasons].map(([why, n]) => `${n} skipped: ${why}`),
    ...(suite.summarize?.(cases, out.results) ?? []),
  ];
  return {
    name: suite.name,
    passed: t.passed,
    failed: t.failed,
    skipped: t.skipped,
    failures: t.failures.slice(0, Math.max(0, options.show)),
    notes,
    elapsedMs: performance.now() - started,
  };
}

/** Writes the suite's vector file from `count` cases at the fixed seed; returns the file. */
export function writeVectors<C, K>(
  suite: RulesSuite<C, K>,
  mavenRepo: string | null,
  count = suite.vectorCases,
): string {
  const cases = suite.generate(VECTOR_SEED, count);
  const out = askKafka(suite, cases, mavenRepo);
  const file: VectorFile<C, K> = {
    suite: suite.name,
    kafkaVersion: out.kafkaVersion,
    ...(out.adminUtilsJar !== undefined ? { adminUtilsJar: out.adminUtilsJar } : {}),
    seed: VECTOR_SEED,
    cases: cases.map((c, i) => ({ c, k: out.results[i] })),
  };
  const target = vectorPath(suite.name);
  mkdirSync(path.dirname(target), { recursive: true });
  // One case per line: compact, and a regenerated file diffs case by case.
  const lines = file.cases.map((x) => JSON.stringify(x));
  const head = JSON.stringify({ ...file, cases: [] }).replace(/\[\]\}$/, '');
  writeFileSync(target, `${head}[\n${lines.join(',\n')}\n]}\n`);
  return target;
}

export function readVectors<C, K>(name: RulesSuiteName): VectorFile<C, K> {
  return JSON.parse(readFileSync(vectorPath(name), 'utf8')) as VectorFile<C, K>;
}

/** The first path where two JSON values differ, or null. */
export function firstDifference(a: unknown, b: unknown, at = ''): string | null {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null)
    return Object.is(a, b)
      ? null
      : `${at}: kafkascope ${JSON.stringify(a)}, Kafka ${JSON.stringify(b)}`;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    const d = firstDifference(
      (a as Record<string, unknown>)[k],
      (b as Record<string, unknown>)[k],
      `${at}.${k}`,
    );
    if (d !== null) return d;
  }
  return null;
}

// ---- seeded generation helpers ----

export interface Gen {
  readonly rng: RngState;
  int(lo: number, hi: number): number;
  pick<T>(xs: readonly T[]): T;
  chance(p: number): boolean;
  /** A signed 32-bit seed for a Java `Random`. */
  seed(): number;
}

export function gen(seed: number, salt: number): Gen {
  const rng = createRng((seed ^ Math.imul(salt, 0x9e3779b1)) >>> 0);
  return {
    rng,
    int: (lo, hi) => lo + nextInt(rng, hi - lo + 1),
    pick: (xs) => xs[nextInt(rng, xs.length)],
    chance: (p) => nextInt(rng, 1_000_000) < p * 1_000_000,
    seed: () => nextUint32(rng) | 0,
  };
}

/** A distinct sorted set of `n` ids from [0, maxId]. */
export function distinctIds(g: Gen, n: number, maxId: number): number[] {
  const ids = new Set<number>();
  while (ids.size < n) ids.add(g.int(0, maxId));
  return [...ids].sort((a, b) => a - b);
}

export function shuffled<T>(g: Gen, xs: readonly T[]): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = nextInt(g.rng, i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/** Random text: ASCII, Latin, CJK, emoji (surrogate pairs) and, if asked, lone surrogates. */
export function randomText(g: Gen, maxLength: number, loneSurrogates: boolean): string {
  const length = g.int(0, maxLength);
  let s = '';
  while (s.length < length) {
    const kind = g.int(0, loneSurrogates ? 9 : 8);
    if (kind <= 3) s += String.fromCharCode(g.int(0x20, 0x7e));
    else if (kind === 4)
      s += String.fromCharCode(g.int(0, 0x1f)); // control characters
    else if (kind === 5) s += String.fromCharCode(g.int(0xa0, 0x7ff));
    else if (kind === 6) s += String.fromCharCode(g.int(0x3000, 0x9fff));
    else if (kind === 7) s += String.fromCharCode(g.int(0xe000, 0xffff));
    else if (kind === 8) s += String.fromCodePoint(g.int(0x10000, 0x10ffff));
    else s += String.fromCharCode(g.int(0xd800, 0xdfff)); // a lone surrogate (usually)
  }
  return s;
}
