/**
 * The CLI's edge to the host: where output goes and what the environment says. `main` gets
 * one of these instead of touching `process`, so tests run it in-process and read its output.
 */
export interface OutStream {
  write(text: string): void;
  /** True for a terminal: only then is colour used. */
  readonly isTTY?: boolean;
}

export interface CliIo {
  stdout: OutStream;
  stderr: OutStream;
  env: Readonly<Record<string, string | undefined>>;
  /** Relative paths (scenario files, trace files) resolve against this directory. */
  cwd: string;
}

/** The real process's streams. On Linux, writes to files and pipes are synchronous, so output is never lost on exit. */
export function processIo(): CliIo {
  return {
    stdout: {
      write: (text) => void process.stdout.write(text),
      isTTY: process.stdout.isTTY === true,
    },
    stderr: {
      write: (text) => void process.stderr.write(text),
      isTTY: process.stderr.isTTY === true,
    },
    env: process.env,
    cwd: invocationDirectory(),
  };
}

/**
 * Where the user typed the command. `npm run sim -- run x.yaml` runs in the package root,
 * so relative paths are resolved against npm's INIT_CWD, but only when one of our own
 * scripts started us (an INIT_CWD inherited from some other npm process would be stale).
 */
function invocationDirectory(): string {
  const { INIT_CWD, npm_package_name, npm_lifecycle_event } = process.env;
  const fromOurScript = npm_package_name === 'kafkascope' && npm_lifecycle_event !== undefined;
  return fromOurScript && INIT_CWD !== undefined && INIT_CWD !== '' ? INIT_CWD : process.cwd();
}

/** Output captured in memory (tests). */
export function memoryIo(
  options: { env?: Record<string, string | undefined>; cwd?: string; isTTY?: boolean } = {},
): CliIo & {
  out: () => string;
  err: () => string;
} {
  let out = '';
  let err = '';
  return {
    stdout: { write: (text) => void (out += text), isTTY: options.isTTY ?? false },
    stderr: { write: (text) => void (err += text), isTTY: options.isTTY ?? false },
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    out: () => out,
    err: () => err,
  };
}

/** A user's mistake (bad flag, unreadable file): reported as a message with exit code 2, never a stack trace. */
export class UsageError extends Error {
  /** Usage text printed after the message, when the mistake was in the command line. */
  readonly usage: string | null;

  constructor(message: string, usage: string | null = null) {
    super(message);
    this.name = 'UsageError';
    this.usage = usage;
  }
}
