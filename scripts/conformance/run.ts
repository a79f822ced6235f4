/**
 * `npm run conformance`: real Kafka Streams judges kafkascope's stream processing.
 *
 *   npm run conformance [-- --cases N] [--seed S] [--threads T]
 *       Generates N seeded cases (default 300; a fresh seed each run unless --seed, printed so a
 *       failure can be replayed) plus the hand-written ones, runs them in Kafka Streams 4.3.1's
 *       TopologyTestDriver (the Java harness in conformance/, built once with Maven) and in
 *       kafkascope (compileStatements + runTopologyTestDriver), and compares. Prints each
 *       disagreement and `N passed, N failed`; exits 1 on any failure.
 *   npm run conformance -- --write-vectors [--cases 500] [--seed 1]
 *       Writes conformance/vectors/streams-ttd.json: the hand-written and N generated cases with
 *       Kafka's outputs, for src/engine/streams/conformance.test.ts (no Java needed there).
 *   npm run conformance -- --vectors conformance/vectors/streams-ttd.json
 *       Checks kafkascope against a vector file, without Java.
 *   npm run conformance -- --self-check
 *       Runs the cases that carry a reference (ksqlDB's QTT expectations, the model doc's
 *       claims) through the harness only and shows where they agree.
 *   --maven-repo DIR   build with -Dmaven.repo.local=DIR (to measure a cold Maven cache).
 */
import { randomInt } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ConformanceCase, Expected, VectorCase, VectorFile } from './cases';
import { firstDifference, formatFailure, formatOutputs, sameRecord } from './compare';
import { generateCases } from './generate';
import { handwrittenCases } from './handwritten';
import { ROOT, ensureHarness, runHarness, type HarnessResult } from './harness';
import { loadEntryPoints, runKafkascope } from './kafkascope';

const VECTORS = path.join(ROOT, 'conformance', 'vectors', 'streams-ttd.json');
/** The vector file's fixed seed, so regenerating it changes only what Kafka or the generator changed. */
const VECTOR_SEED = 1;

interface Options {
  cases: number | null;
  seed: number | null;
  threads: number | null;
  writeVectors: string | null;
  vectors: string | null;
  selfCheck: boolean;
  mavenRepo: string | null;
  show: number;
}

function parseArgs(argv: readonly string[]): Options {
  const o: Options = {
    cases: null,
    seed: null,
    threads: null,
    writeVectors: null,
    vectors: null,
    selfCheck: false,
    mavenRepo: null,
    show: 10,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    switch (a) {
      case '--cases':
        o.cases = Number(value());
        break;
      case '--seed':
        o.seed = Number(value());
        break;
      case '--threads':
        o.threads = Number(value());
        break;
      case '--write-vectors':
        o.writeVectors =
          argv[i + 1] !== undefined && !argv[i + 1].startsWith('--') ? value() : VECTORS;
        break;
      case '--vectors':
        o.vectors = value();
        break;
      case '--self-check':
        o.selfCheck = true;
        break;
      case '--maven-repo':
        o.mavenRepo = path.resolve(value());
        break;
      case '--show':
        o.show = Number(value());
        break;
      default:
        throw new Error(`unknown option ${a}`);
    }
  }
  return o;
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

function harnessOrExit(
  cases: readonly ConformanceCase[],
  o: Options,
): { kafkaVersion: string; results: Map<string, HarnessResult> } {
  if (!ensureHarness(o.mavenRepo)) {
    console.error('the Maven build of conformance/ failed');
    process.exit(2);
  }
  const t0 = performance.now();
  const h = runHarness(cases, o.threads);
  console.log(
    `Kafka Streams ${h.kafkaVersion} ran ${cases.length} cases in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  return h;
}

/** Compares kafkascope with the expectations; prints failures and the closing count line. */
function judge(cases: readonly { c: ConformanceCase; expected: Outcome }[], show: number): number {
  const fns = loadEntryPoints();
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const reports: string[] = [];
  for (const { c, expected } of cases) {
    if (c.compare === false) {
      skipped++;
      continue;
    }
    if (failedInKafka(expected)) {
      if (expected.phase === 'process') {
        // Kafka itself threw while processing: nothing for kafkascope to match. Shown, not failed.
        skipped++;
        reports.push(
          `– ${c.id}: Kafka threw while processing (skipped): ${expected.error}\n${c.statements}`,
        );
      } else {
        // Kafka refused the topology: a generator bug, never a pass.
        failed++;
        reports.push(
          `✗ ${c.id}: the harness could not build it: ${expected.error}\n${c.statements}`,
        );
      }
      continue;
    }
    if (typeof fns === 'string') {
      failed++;
      continue;
    }
    const actual = runKafkascope(c, fns);
    const d = firstDifference(expected, actual);
    if (d === null) passed++;
    else {
      failed++;
      reports.push(formatFailure(c, expected, actual, d));
    }
  }
  if (typeof fns === 'string') console.log(`kafkascope: ${fns}`);
  for (const r of reports.slice(0, show)) console.log(`\n${r}`);
  if (reports.length > show) {
    console.log(`\n… and ${reports.length - show} more (--show N prints more).`);
  }
  console.log(`\n${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
  return failed;
}

function selfCheck(o: Options): number {
  const cases = handwrittenCases().filter((c) => c.reference !== undefined);
  const h = harnessOrExit(cases, o);
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

function writeVectors(o: Options, file: string): number {
  const seed = o.seed ?? VECTOR_SEED;
  const count = o.cases ?? 500;
  const cases = [...handwrittenCases(), ...generateCases(seed, count)];
  const h = harnessOrExit(cases, o);
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

function main(): number {
  const o = parseArgs(process.argv.slice(2));
  if (o.selfCheck) return selfCheck(o);
  if (o.writeVectors !== null) return writeVectors(o, o.writeVectors);
  if (o.vectors !== null) {
    const doc = JSON.parse(readFileSync(o.vectors, 'utf8')) as VectorFile;
    console.log(`${doc.cases.length} cases from ${o.vectors} (Kafka ${doc.kafkaVersion})`);
    return judge(
      doc.cases.map((c) => ({ c, expected: c.expected })),
      o.show,
    ) > 0
      ? 1
      : 0;
  }
  const seed = o.seed ?? randomInt(1, 2 ** 31 - 1);
  const count = o.cases ?? 300;
  console.log(
    `seed ${seed}, ${count} generated cases (replay: npm run conformance -- --seed ${seed} --cases ${count})`,
  );
  const cases = [...handwrittenCases(), ...generateCases(seed, count)];
  const h = harnessOrExit(cases, o);
  return judge(
    cases.map((c) => ({ c, expected: expectedOf(h.results.get(c.id)) })),
    o.show,
  ) > 0
    ? 1
    : 0;
}

process.exitCode = main();
