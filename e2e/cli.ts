import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The parts of `kafkascope run --json` these tests read. */
export interface CliReport {
  seed: number;
  timeMs: number;
  traceHash: string;
  eventCount: number;
  topics: {
    name: string;
    internal: boolean;
    partitions: {
      partition: number;
      leader: number;
      replicas: number[];
      highWatermark: number;
      logStartOffset: number;
      logEndOffset: number;
      records: { offset: number; key: string | null }[];
      recordsOmitted: number;
    }[];
  }[];
  consumers: { id: string; positions: { topic: string; partition: number; position: number }[] }[];
}

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
