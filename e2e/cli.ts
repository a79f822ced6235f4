import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StateReport } from '../src/engine';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** `kafkascope run --json` prints the engine's state report. */
export type CliReport = StateReport;

/** Runs the CLI headless on a scenario file to a virtual time and returns its JSON state report. */
export function runCli(file: string, until: string, extra: string[] = []): CliReport {
  const result = spawnSync(
    process.execPath,
    ['bin/kafkascope.js', 'run', file, '--until', until, '--json', ...extra],
    {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  // Exit 1 means an expectation failed: the report is still printed and still true.
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`kafkascope run ${file} exited ${result.status}:\n${result.stderr}`);
  }
  return JSON.parse(result.stdout) as CliReport;
}
