import { readFileSync } from 'node:fs';
import { UsageError, type CliIo } from './io.ts';
import type { ScenarioLayer } from './scenarioLayer.ts';
import {
  BENCH_USAGE,
  FUZZ_USAGE,
  KSQL_USAGE,
  MAIN_SYNOPSIS,
  MAIN_USAGE,
  RUN_USAGE,
} from './usage.ts';

export { memoryIo, processIo, type CliIo } from './io.ts';

/** What tests may replace. */
export interface MainDeps {
  /** The scenario layer (parse, compile, run); by default the real one, loaded on demand. */
  scenario?: ScenarioLayer;
}

/**
 * The `kafkascope` command. Returns the exit code instead of exiting, so tests run it
 * in-process: 0 all expectations held, 1 an expectation failed (or a bench workload did not
 * finish), 2 bad input (scenario problems, flags, unreadable files), 3 an internal error.
 * Commands are imported on demand so that `--help` starts fast.
 */
export async function main(
  argv: readonly string[],
  io: CliIo,
  deps: MainDeps = {},
): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
        io.stderr.write(MAIN_USAGE);
        return 2;
      case '-h':
      case '--help':
      case 'help':
        return help(rest, io);
      case '-v':
      case '--version':
        io.stdout.write(`kafkascope ${packageVersion()}\n`);
        return 0;
      case 'run': {
        if (wantsHelp(rest)) return printed(io, RUN_USAGE);
        const { runCommand } = await import('./runCommand.ts');
        return await runCommand(rest, io, deps.scenario);
      }
      case 'bench': {
        if (wantsHelp(rest)) return printed(io, BENCH_USAGE);
        const { benchCommand } = await import('./bench.ts');
        return await benchCommand(rest, io);
      }
      case 'fuzz': {
        if (wantsHelp(rest)) return printed(io, FUZZ_USAGE);
        const { fuzzCommand } = await import('./fuzz.ts');
        return await fuzzCommand(rest, io);
      }
      case 'ksql': {
        if (wantsHelp(rest)) return printed(io, KSQL_USAGE);
        const { ksqlCommand } = await import('./ksqlCommand.ts');
        return ksqlCommand(rest, io);
      }
      default:
        throw new UsageError(
          command.startsWith('-') ? `unknown flag ${command}` : `unknown command "${command}"`,
          MAIN_SYNOPSIS,
        );
    }
  } catch (error) {
    return reportError(error, io);
  }
}

function help(rest: readonly string[], io: CliIo): number {
  const topics: Record<string, string> = {
    run: RUN_USAGE,
    bench: BENCH_USAGE,
    fuzz: FUZZ_USAGE,
    ksql: KSQL_USAGE,
  };
  const topic = rest[0];
  if (topic !== undefined && topics[topic] === undefined)
    throw new UsageError(`no help for "${topic}"`, MAIN_SYNOPSIS);
  return printed(io, topic === undefined ? MAIN_USAGE : topics[topic]);
}

/** `--help` anywhere before a `--` asks for the command's help, whatever else is on the line. */
function wantsHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

function printed(io: CliIo, text: string): number {
  io.stdout.write(text);
  return 0;
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version?: string;
  };
  return pkg.version ?? 'unknown';
}

function reportError(error: unknown, io: CliIo): number {
  if (error instanceof UsageError) {
    io.stderr.write(`kafkascope: ${error.message}\n`);
    if (error.usage !== null) io.stderr.write(`\n${error.usage}`);
    return 2;
  }
  // Not the user's fault: keep the stack, it is what a bug report needs.
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.stderr.write(
    `kafkascope: internal error (please report it with the command line): ${detail}\n`,
  );
  return 3;
}
