import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { generateFuzzCase, runFuzzCase, type FuzzResult } from '../engine/tools.ts';
import { parseFlags } from './args.ts';
import { UsageError, type CliIo } from './io.ts';
import type { FromWorker, ToWorker } from './fuzzWorker.ts';
import { FUZZ_SYNOPSIS } from './usage.ts';

/**
 * `kafkascope fuzz`: the fault fuzzer over a sweep of seeds. Each seed draws a cluster, a
 * workload and a schedule of broker kills, shutdowns and restarts; invariants are checked
 * after every engine step. Prints every failing seed with the faults and the events that led
 * to it, so `kafkascope fuzz --from S --seeds 1` reproduces it.
 */
export async function fuzzCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { flags, positionals } = parseFlags(
    argv,
    [
      { name: 'seeds', value: true },
      { name: 'from', value: true },
      { name: 'workers', value: true },
      { name: 'json' },
    ],
    FUZZ_SYNOPSIS,
  );
  if (positionals.length > 0)
    throw new UsageError(`unexpected argument "${positionals[0]}"`, FUZZ_SYNOPSIS);
  const count = wholeNumber(flags.seeds, 'seeds', 200, 1);
  const from = wholeNumber(flags.from, 'from', 0, 0);
  const workers = Math.min(count, wholeNumber(flags.workers, 'workers', availableParallelism(), 1));
  const json = flags.json === true;
  const startedMs = performance.now();
  const progress = (done: number, failing: number) => {
    if (!json && (done % 25 === 0 || done === count)) {
      const seconds = (performance.now() - startedMs) / 1000;
      io.stderr.write(
        `fuzz: ${done}/${count} seeds, ${failing} failing, ${(done / seconds).toFixed(1)} seeds/s\n`,
      );
    }
  };
  const seeds = Array.from({ length: count }, (_, i) => from + i);
  const results =
    workers <= 1 ? runInline(seeds, progress) : await runInWorkers(seeds, workers, progress);
  // Seed order, whatever the worker count: the output is the same for any --workers.
  const failures = results.filter((r) => !r.ok);
  if (!json) for (const f of failures) io.stderr.write(describeFailure(f));
  const safe = results.filter((r) => r.safe).length;
  const lossyUnsafe = results.filter((r) => !r.safe && r.lostRecords > 0).length;
  const steps = results.reduce((sum, r) => sum + r.steps, 0);
  const summary = {
    seeds: count,
    from,
    safe,
    unsafe: count - safe,
    unsafeWithLoss: lossyUnsafe,
    steps,
    failing: failures.map((f) => f.seed),
  };
  const seconds = (performance.now() - startedMs) / 1000;
  if (json) io.stdout.write(`${JSON.stringify({ ...summary, failures }, null, 2)}\n`);
  else {
    io.stdout.write(
      `fuzz: ${count} seeds from ${from} (${safe} safe configurations, ${count - safe} unsafe of which ${lossyUnsafe} lost acknowledged records), ${steps.toLocaleString('en-US')} steps checked\n`,
    );
    io.stdout.write(
      failures.length === 0
        ? 'fuzz: every invariant held\n'
        : `fuzz: FAILING seeds: ${summary.failing.join(', ')}\n`,
    );
    io.stderr.write(
      `fuzz: ${seconds.toFixed(1)} s on ${workers} worker${workers === 1 ? '' : 's'}, ${(count / seconds).toFixed(2)} seeds/s\n`,
    );
  }
  return failures.length === 0 ? 0 : 1;
}

type Progress = (done: number, failing: number) => void;

function runInline(seeds: readonly number[], progress: Progress): FuzzResult[] {
  const results: FuzzResult[] = [];
  let failing = 0;
  for (const seed of seeds) {
    const result = runFuzzCase(generateFuzzCase(seed));
    results.push(result);
    if (!result.ok) failing++;
    progress(results.length, failing);
  }
  return results;
}

/** Seeds handed to a worker at a time: small, so the last ones spread over every worker. */
const BATCH = 4;

/** Runs the seeds on `workers` threads (bin/fuzz-worker.js); results in seed order. */
function runInWorkers(
  seeds: readonly number[],
  workers: number,
  progress: Progress,
): Promise<FuzzResult[]> {
  const bySeed = new Map<number, FuzzResult>();
  let next = 0;
  let failing = 0;
  const script = new URL('../../bin/fuzz-worker.js', import.meta.url);
  const one = () =>
    new Promise<void>((resolve, reject) => {
      const worker = new Worker(script);
      const hand = () => {
        if (next >= seeds.length) {
          worker.postMessage({ type: 'done' } satisfies ToWorker);
          return;
        }
        const batch = seeds.slice(next, next + BATCH);
        next += batch.length;
        worker.postMessage({ type: 'seeds', seeds: batch } satisfies ToWorker);
      };
      worker.on('message', (message: FromWorker) => {
        if (message.type === 'results')
          for (const r of message.results) {
            bySeed.set(r.seed, r);
            if (!r.ok) failing++;
            progress(bySeed.size, failing);
          }
        hand();
      });
      worker.on('error', reject);
      worker.on('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`a fuzz worker exited with ${code}`)),
      );
    });
  return Promise.all(Array.from({ length: workers }, one)).then(() =>
    seeds.map((seed) => {
      const r = bySeed.get(seed);
      if (r === undefined) throw new Error(`no result for seed ${seed}`);
      return r;
    }),
  );
}

function describeFailure(result: FuzzResult): string {
  const lines = [
    `\nseed ${result.seed} (${result.safe ? 'safe' : 'unsafe'} configuration) FAILED: ${result.violation}`,
    `  faults: ${result.faults.map((f) => `${f.command.type}${'broker' in f.command ? ` ${f.command.broker}` : ''} @${f.atMs}ms`).join(', ')}`,
    '  last events:',
    ...result.recentEvents.map((e) => `    ${JSON.stringify(e)}`),
    `  reproduce: kafkascope fuzz --from ${result.seed} --seeds 1\n`,
  ];
  return `${lines.join('\n')}\n`;
}

function wholeNumber(
  value: string | true | undefined,
  name: string,
  fallback: number,
  min: number,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value === true || !Number.isInteger(n) || n < min)
    throw new UsageError(`--${name} takes a whole number of at least ${min}`, FUZZ_SYNOPSIS);
  return n;
}
