/**
 * The `streams` suite: real Kafka Streams 4.3.1 in `TopologyTestDriver` judges kafkascope's
 * stream processing (compileStatements + runTopologyTestDriver) on seeded cases plus the
 * hand-written ones. Also the streams-only modes of `npm run conformance`: writing and checking
 * the vector file, and the self-check of the harness against its references.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ConformanceCase, Expected, VectorCase, VectorFile } from './cases';
import { firstDifference, formatFailure, formatOutputs, sameRecord } from './compare';
import { generateCases } from './generate';
import { handwrittenCases } from './handwritten';
import { ROOT, ensureHarness, runHarness, type HarnessResult } from './harness';
import { loadEntryPoints, runKafkascope } from './kafkascope';
import type { SuiteOptions, SuiteResult } from './suite';

export const STREAMS_VECTORS = path.join(ROOT, 'conformance', 'vectors', 'streams-ttd.json');
/** The vector file's fixed seed, so regenerating it changes only what Kafka or the generator changed. */
const VECTOR_SEED = 1;
/** Generated cases per run unless `--cases` says otherwise. */
export const DEFAULT_STREAMS_CASES = 300;

export interface StreamsOptions extends SuiteOptions {
  /** Generated cases (null: the default for the mode). */
  readonly cases: number | null;
}

/** Kafka's result for a case, or why there is none. */
type Outcome = Expected | { readonly error: string; readonly phase: 'build' | 'process' };

function expectedOf(r: HarnessResult | undefined): Outcome {
  if (r === undefined) return { error: 'the harness returned no result', phase: 'build' };
  if (r.error !== null || r.outputs === undefined || r.droppedRecords === null) {
    return { error: r.error ?? 'no outputs', phase: r.errorPhase ?? 'build' };
  }
  return { outputs: r.outputs, droppedRecords: r.droppedRecords };
}

const failedInKafka = (o: Outcome): o is Exclude<Outcome, Expected> => 'error' in o;

class HarnessBuildError extends Error {}

function harnessRun(
  cases: readonly ConformanceCase[],
  o: SuiteOptions,
): { kafkaVersion: string; results: Map<string, HarnessResult> } {
  if (!ensureHarness(o.mavenRepo))
    throw new HarnessBuildError('the Maven build of conformance/ failed');
  const t0 = performance.now();
  const h = runHarness(cases, o.threads);
  console.log(
    `Kafka Streams ${h.kafkaVersion} ran ${cases.length} cases in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  return h;
}

interface Verdicts {
  passed: number;
  failed: number;
  skipped: number;
  /** Failures, and cases Kafka itself threw on (shown, not failed). */
  reports: string[];
  notes: string[];
}

/** Compares kafkascope with the expectations. */
function judge(cases: readonly { c: ConformanceCase; expected: Outcome }[]): Verdicts {
  const fns = loadEntryPoints();
  const v: Verdicts = { passed: 0, failed: 0, skipped: 0, reports: [], notes: [] };
  for (const { c, expected } of cases) {
    if (c.compare === false) {
      v.skipped++;
      continue;
    }
    if (failedInKafka(expected)) {
      if (expected.phase === 'process') {
        // Kafka itself threw while processing: nothing for kafkascope to match. Shown, not failed.
        v.skipped++;
        v.notes.push(`${c.id}: Kafka threw while processing (skipped): ${expected.error}`);
      } else {
        // Kafka refused the topology: a generator bug, never a pass.
        v.failed++;
        v.reports.push(
          `✗ ${c.id}: the harness could not build it: ${expected.error}\n${c.statements}`,
        );
      }
      continue;
    }
    if (typeof fns === 'string') {
      v.failed++;
      continue;
    }
    const actual = runKafkascope(c, fns);
    const d = firstDifference(expected, actual);
    if (d === null) v.passed++;
    else {
      v.failed++;
      v.reports.push(formatFailure(c, expected, actual, d));
    }
  }
  if (typeof fns === 'string') v.notes.push(`kafkascope: ${fns}`);
  return v;
}

function resultOf(v: Verdicts, notes: string[], t0: number): SuiteResult {
  return {
    name: 'streams',
    passed: v.passed,
    failed: v.failed,
    skipped: v.skipped,
    failures: v.reports,
    notes: [...notes, ...v.notes],
    elapsedMs: performance.now() - t0,
  };
}

/** The suite `npm run conformance` runs: fresh seeded cases plus the hand-written ones, live. */
export async function runStreamsSuite(o: StreamsOptions): Promise<SuiteResult> {
  const t0 = performance.now();
  const count = o.cases ?? DEFAULT_STREAMS_CASES;
  const notes = [
    `seed ${o.seed}, ${count} generated cases (replay: npm run conformance -- --suite streams --seed ${o.seed} --cases ${count})`,
  ];
  const cases = [...handwrittenCases(), ...generateCases(o.seed, count)];
  try {
    const h = harnessRun(cases, o);
    notes.push(`Kafka Streams ${h.kafkaVersion}, TopologyTestDriver`);
    return resultOf(
      judge(cases.map((c) => ({ c, expected: expectedOf(h.results.get(c.id)) }))),
      notes,
      t0,
    );
  } catch (e) {
    if (!(e instanceof HarnessBuildError)) throw e;
    return {
      ...resultOf({ passed: 0, failed: 1, skipped: 0, reports: [e.message], notes: [] }, notes, t0),
    };
  }
}

/** kafkascope against a vector file, without Java. */
export async function runStreamsVectors(file: string): Promise<SuiteResult> {
  const t0 = performance.now();
  const doc = JSON.parse(readFileSync(file, 'utf8')) as VectorFile;
  return resultOf(
    judge(doc.cases.map((c) => ({ c, expected: c.expected }))),
    [`${doc.cases.length} cases from ${path.relative(ROOT, file)} (Kafka ${doc.kafkaVersion})`],
    t0,
  );
}

/** Runs the cases that carry a reference through the harness only and shows where they agree. */
export function streamsSelfCheck(o: SuiteOptions): number {
  const cases = handwrittenCases().filter((c) => c.reference !== undefined);
  const h = harnessRun(cases, o);
  let agree = 0;
  let disagree = 0;
  for (const c of cases) {
    const ref = c.reference!;
    const e = expectedOf(h.results.get(c.id));
    if (failedInKafka(e)) {
      disagree++;
      console.log(`\n✗ ${c.id}: harness error ${e.error}`);
      continue;
    }
    const same =
      e.outputs.length === ref.outputs.length &&
      e.outputs.every((r, i) => sameRecord(ref.outputs[i], r)) &&
      (ref.droppedRecords === undefined || ref.droppedRecords === e.droppedRecords);
    if (same) agree++;
    else disagree++;
    console.log(`\n${same ? '✓' : '✗'} ${c.id}: ${c.description}`);
    console.log(
      `  reference (${ref.source})${ref.droppedRecords === undefined ? '' : `, dropped ${ref.droppedRecords}`}:`,
    );
    console.log(formatOutputs(ref.outputs));
    console.log(`  Kafka ${h.kafkaVersion}, dropped ${e.droppedRecords}:`);
    console.log(formatOutputs(e.outputs));
  }
  console.log(`\nreferences: ${agree} agree with Kafka, ${disagree} do not`);
  return 0;
}

/** Writes the vector file: the hand-written and N generated cases (fixed seed) with Kafka's outputs. */
export function writeStreamsVectors(o: StreamsOptions, seedGiven: boolean, file: string): number {
  const seed = seedGiven ? o.seed : VECTOR_SEED;
  const count = o.cases ?? 500;
  const cases = [...handwrittenCases(), ...generateCases(seed, count)];
  const h = harnessRun(cases, o);
  const out: VectorCase[] = [];
  const refused: string[] = [];
  for (const c of cases) {
    const e = expectedOf(h.results.get(c.id));
    if (failedInKafka(e)) refused.push(`${c.id} (${e.phase}): ${e.error}`);
    else out.push({ ...c, expected: e });
  }
  if (refused.length > 0) {
    console.error(`the harness could not run ${refused.length} cases:\n${refused.join('\n')}`);
    return 1;
  }
  const doc: VectorFile = {
    format: 'kafkascope-streams-ttd/1',
    kafkaVersion: h.kafkaVersion,
    generated: { seed, cases: count },
    cases: out,
  };
  mkdirSync(path.dirname(file), { recursive: true });
  // One case per line: reviewable diffs without a 10 MB pretty-print.
  writeFileSync(
    file,
    `{"format":${JSON.stringify(doc.format)},"kafkaVersion":${JSON.stringify(doc.kafkaVersion)},"generated":${JSON.stringify(doc.generated)},"cases":[\n${out.map((c) => JSON.stringify(c)).join(',\n')}\n]}\n`,
  );
  console.log(
    `wrote ${out.length} cases (${cases.length - count} hand-written, ${count} generated from seed ${seed}) to ${path.relative(ROOT, file)}`,
  );
  return 0;
}
