import { generateFuzzCase, runFuzzCase, type FuzzResult } from '../engine/tools.ts';
import { parseFlags } from './args.ts';
import { UsageError, type CliIo } from './io.ts';
import { FUZZ_SYNOPSIS } from './usage.ts';

/**
 * `kafkascope fuzz`: the fault fuzzer over a sweep of seeds. Each seed draws a cluster, a
 * workload and a schedule of broker kills, shutdowns and restarts; invariants are checked
 * after every engine step. Prints every failing seed with the faults and the events that led
 * to it, so `kafkascope fuzz --from S --seeds 1` reproduces it.
 */
export function fuzzCommand(argv: readonly string[], io: CliIo): number {
  const { flags, positionals } = parseFlags(
    argv,
    [{ name: 'seeds', value: true }, { name: 'from', value: true }, { name: 'json' }],
    FUZZ_SYNOPSIS,
  );
  if (positionals.length > 0)
    throw new UsageError(`unexpected argument "${positionals[0]}"`, FUZZ_SYNOPSIS);
  const count = wholeNumber(flags.seeds, 'seeds', 200, 1);
  const from = wholeNumber(flags.from, 'from', 0, 0);
  const json = flags.json === true;
  const failures: FuzzResult[] = [];
  let safe = 0;
  let lossyUnsafe = 0;
  let steps = 0;
  for (let seed = from; seed < from + count; seed++) {
    const result = runFuzzCase(generateFuzzCase(seed));
    steps += result.steps;
    if (result.safe) safe++;
    else if (result.lostRecords > 0) lossyUnsafe++;
    if (!result.ok) {
      failures.push(result);
      if (!json) io.stderr.write(describeFailure(result));
    }
    if (!json && (seed - from + 1) % 25 === 0)
      io.stderr.write(`fuzz: ${seed - from + 1}/${count} seeds, ${failures.length} failing\n`);
  }
  const summary = {
    seeds: count,
    from,
    safe,
    unsafe: count - safe,
    unsafeWithLoss: lossyUnsafe,
    steps,
    failing: failures.map((f) => f.seed),
  };
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
  }
  return failures.length === 0 ? 0 : 1;
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
