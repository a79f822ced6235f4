import { UsageError } from './io.ts';

/**
 * A small command-line parser: `--name value`, `--name=value`, boolean `--flag`, short
 * aliases (`-h`), `--` to end the flags. Written by hand (not node:util's parseArgs) for
 * messages that say what to do, and so a value such as `--seed -1` is read as a value.
 */
export interface FlagSpec {
  /** Long name without dashes. */
  name: string;
  /** Takes a value (`--seed 7`); otherwise a boolean switch. */
  value?: boolean;
  short?: string;
}

export interface ParsedArgs {
  flags: Record<string, string | true>;
  positionals: string[];
}

export function parseFlags(
  argv: readonly string[],
  specs: readonly FlagSpec[],
  usage: string,
): ParsedArgs {
  const flags: Record<string, string | true> = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const { spec, inlineValue } = findSpec(arg, specs, usage);
    if (spec.name in flags) throw new UsageError(`--${spec.name} given more than once`, usage);
    if (!spec.value) {
      if (inlineValue !== undefined) throw new UsageError(`--${spec.name} takes no value`, usage);
      flags[spec.name] = true;
      continue;
    }
    const value = inlineValue ?? argv[++i];
    if (value === undefined || value === '')
      throw new UsageError(`--${spec.name} needs a value`, usage);
    flags[spec.name] = value;
  }
  return { flags, positionals };
}

function findSpec(
  arg: string,
  specs: readonly FlagSpec[],
  usage: string,
): { spec: FlagSpec; inlineValue: string | undefined } {
  if (arg.startsWith('--')) {
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    const spec = specs.find((s) => s.name === name);
    if (spec === undefined) throw new UsageError(`unknown flag --${name}`, usage);
    return { spec, inlineValue: eq === -1 ? undefined : arg.slice(eq + 1) };
  }
  const spec = specs.find((s) => s.short !== undefined && `-${s.short}` === arg);
  if (spec === undefined) throw new UsageError(`unknown flag ${arg}`, usage);
  return { spec, inlineValue: undefined };
}

/** A whole number within [min, max]; digits only (no 1e3, no 0x), an optional minus sign and `_` or `,` separators. */
export function parseIntegerFlag(
  name: string,
  text: string,
  min: number,
  max: number,
  usage: string,
): number {
  const cleaned = text.replace(/[_,]/g, '');
  if (!/^-?\d+$/.test(cleaned))
    throw new UsageError(`--${name} must be a whole number, not "${text}"`, usage);
  const n = Number(cleaned);
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be between ${min} and ${max}, not ${text}`, usage);
  }
  return n;
}
