/**
 * `npm run conformance`: real Apache Kafka judges kafkascope, one suite per family of rules.
 *
 *   npm run conformance [-- --suite a,b] [--seed S] [--threads T] [--show N] [--maven-repo DIR]
 *       Runs every suite (or those named) in turn and prints, per suite, `N passed, N failed`,
 *       then a summary; exits 1 if any suite failed or could not run. Generated cases come from
 *       a fresh seed unless --seed is given; the seed is printed so a failure can be replayed.
 *   npm run conformance -- --suite streams --cases N
 *       The streams suite with N generated cases (default 300) plus the hand-written ones.
 *   npm run conformance -- --write-vectors [FILE] [--cases 500] [--seed 1]
 *       Writes conformance/vectors/streams-ttd.json (src/engine/streams/conformance.test.ts reads
 *       it; no Java needed there). The other suites write theirs through their own cli.ts.
 *   npm run conformance -- --vectors conformance/vectors/streams-ttd.json
 *       Checks kafkascope's stream processing against a vector file, without Java.
 *   npm run conformance -- --self-check
 *       Runs the streams cases that carry a reference (ksqlDB's QTT expectations, the model doc's
 *       claims) through the harness only and shows where they agree.
 *   --maven-repo DIR   build with -Dmaven.repo.local=DIR (to measure a cold Maven cache).
 */
import { randomInt } from 'node:crypto';
import path from 'node:path';
import {
  STREAMS_VECTORS,
  runStreamsSuite,
  runStreamsVectors,
  streamsSelfCheck,
  writeStreamsVectors,
  type StreamsOptions,
} from './streams';
import { formatSuiteLine, type SuiteOptions, type SuiteResult } from './suite';

interface Options {
  suites: string[] | null;
  cases: number | null;
  seed: number | null;
  threads: number | null;
  writeVectors: string | null;
  vectors: string | null;
  selfCheck: boolean;
  mavenRepo: string | null;
  show: number;
}

/**
 * Every suite, in the order they run: the quick client-side rules first, the real cluster last.
 * Each is loaded only when it runs, so a suite's imports cost nothing to the others.
 */
const SUITES: Record<string, (o: Options & SuiteOptions) => Promise<SuiteResult>> = {
  assignors: async (o) => (await import('./assignors/assignors')).runAssignorSuite(o),
  partitioners: async (o) => (await import('./rules/partitioners')).runPartitionersSuite(o),
  coordinator: async (o) => (await import('./rules/coordinator')).runCoordinatorSuite(o),
  placement: async (o) => (await import('./rules/placement')).runPlacementSuite(o),
  cleaner: async (o) => (await import('./rules/cleaner')).runCleanerSuite(o),
  retention: async (o) => (await import('./rules/retention')).runRetentionSuite(o),
  streams: (o) => runStreamsSuite(o as StreamsOptions),
  course: async (o) => (await import('./course/suite')).runCourseSuite(o),
};

function parseArgs(argv: readonly string[]): Options {
  const o: Options = {
    suites: null,
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
    const count = (): number => {
      const v = value();
      const n = Number(v);
      if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${a} needs a whole number, not ${v}`);
      return n;
    };
    switch (a) {
      case '--suite':
      case '--suites':
        o.suites = value()
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '');
        break;
      case '--cases':
        o.cases = count();
        break;
      case '--seed':
        o.seed = count();
        break;
      case '--threads':
        o.threads = count();
        break;
      case '--write-vectors':
        o.writeVectors =
          argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')
            ? path.resolve(value())
            : STREAMS_VECTORS;
        break;
      case '--vectors':
        o.vectors = path.resolve(value());
        break;
      case '--self-check':
        o.selfCheck = true;
        break;
      case '--maven-repo':
        o.mavenRepo = path.resolve(value());
        break;
      case '--show':
        o.show = count();
        break;
      default:
        throw new Error(`unknown option ${a} (see scripts/conformance/run.ts for the usage)`);
    }
  }
  for (const s of o.suites ?? []) {
    if (!(s in SUITES)) {
      throw new Error(`unknown suite ${s}: the suites are ${Object.keys(SUITES).join(', ')}`);
    }
  }
  return o;
}

function printResult(r: SuiteResult, show: number): void {
  for (const n of r.notes) console.log(`  ${n}`);
  for (const f of r.failures.slice(0, show)) console.log(`\n${f}`);
  if (r.failures.length > show) {
    console.log(`\n… and ${r.failures.length - show} more (--show N prints more).`);
  }
  console.log(`${formatSuiteLine(r)}\n`);
}

async function main(): Promise<number> {
  const o = parseArgs(process.argv.slice(2));
  const seedGiven = o.seed !== null;
  const options = { ...o, seed: o.seed ?? randomInt(1, 2 ** 31 - 1) };
  if (o.selfCheck) return streamsSelfCheck(options);
  if (o.writeVectors !== null) return writeStreamsVectors(options, seedGiven, o.writeVectors);
  if (o.vectors !== null) {
    const r = await runStreamsVectors(o.vectors);
    printResult(r, o.show);
    return r.failed > 0 ? 1 : 0;
  }
  const names = o.suites ?? Object.keys(SUITES);
  console.log(
    `conformance: ${names.join(', ')}; seed ${options.seed} (replay: npm run conformance -- --seed ${options.seed}${o.suites ? ` --suite ${names.join(',')}` : ''})\n`,
  );
  const results: SuiteResult[] = [];
  for (const name of names) {
    console.log(`== ${name}`);
    let r: SuiteResult;
    const t0 = performance.now();
    try {
      r = await SUITES[name](options);
    } catch (e) {
      // A suite that cannot run is a failure, shown with its reason; the others still run.
      r = {
        name,
        passed: 0,
        failed: 1,
        skipped: 0,
        failures: [`✗ the ${name} suite could not run: ${(e as Error).stack ?? String(e)}`],
        notes: [],
        elapsedMs: performance.now() - t0,
      };
    }
    printResult(r, o.show);
    results.push(r);
  }
  console.log('== summary');
  for (const r of results) console.log(formatSuiteLine(r));
  const total = results.reduce((s, r) => s + r.elapsedMs, 0);
  console.log(`total ${(total / 1000).toFixed(1)} s`);
  return results.some((r) => r.failed > 0) ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error((e as Error).message);
    process.exitCode = 2;
  },
);
