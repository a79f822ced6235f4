import type { Snapshot, StateReport } from '../engine';
import { stateReport } from '../engine';
import { evaluateExpectation, parseExpectation } from './expect';
import type { CompiledExpectation } from './types';

/**
 * One expectation, compiled: its own module (no YAML parser, no schema), so a precompiled
 * built-in scenario (./precompiled.ts) can be brought back to life on the page's first load.
 */

/** Reports are built once per snapshot, however many expectations look at it. */
const reports = new WeakMap<Snapshot, StateReport>();

export function reportOf(s: Snapshot): StateReport {
  let report = reports.get(s);
  if (report === undefined) {
    report = stateReport(s);
    reports.set(s, report);
  }
  return report;
}

/** One expectation, ready to check against snapshots. Throws on a syntax error (validated input has none). */
export function compileExpectation(
  source: string,
  atMs: number,
  stepIndex: number,
  path = `steps[${stepIndex}].expect`,
): CompiledExpectation {
  const parsed = parseExpectation(source);
  if (!parsed.ok) throw new Error(`${path}: ${parsed.message}`);
  const expectation = parsed.value;
  return {
    atMs,
    stepIndex,
    path,
    source,
    check: (s) => evaluateExpectation(expectation, reportOf(s)),
  };
}
