import { BYTES_PER_RECORD_HELD, MAX_RECORDS_HELD, formatBytes } from '../engine';
import { formatDuration } from './durations';
import type { PendingProblem } from './problems';
import type { ProblemPath } from './steps';
import type { Scenario, Step } from './types';

/** One source of records: a producer's rate over a stretch of time, or a produce step. */
export interface RecordSource {
  path: ProblemPath;
  producer: string;
  records: number;
  /** Records/s for a rate; null for a produce step. */
  rate: number | null;
}

/**
 * The records a scenario's producers write by its end: each producer's rate (its `rate`
 * field from the start, then its `rate` steps) over the time it runs, plus every produce
 * step's count. Streams applications' output, offset commits and retries come on top (the
 * run itself watches those: see MAX_RECORDS_HELD).
 */
export function recordSources(
  scenario: Pick<Scenario, 'duration' | 'producers'>,
  steps: readonly (Step | undefined)[],
): RecordSource[] {
  const end = scenario.duration;
  const sources: RecordSource[] = [];
  const rates = new Map<string, { atMs: number; rate: number; path: ProblemPath }[]>();
  (scenario.producers ?? []).forEach((p, i) => {
    if (p.rate !== undefined)
      rates.set(p.id, [{ atMs: 0, rate: p.rate, path: ['producers', i, 'rate'] }]);
  });
  steps.forEach((step, i) => {
    if (step === undefined) return;
    if ('rate' in step) {
      const list = rates.get(step.rate.producer) ?? [];
      list.push({ atMs: step.at, rate: step.rate.rate, path: ['steps', i, 'rate', 'rate'] });
      rates.set(step.rate.producer, list);
    } else if ('produce' in step) {
      sources.push({
        path: ['steps', i, 'produce'],
        producer: step.produce.producer,
        records: step.produce.count ?? 1,
        rate: null,
      });
    }
  });
  for (const [producer, list] of rates) {
    const changes = [...list].sort((a, b) => a.atMs - b.atMs);
    changes.forEach((c, k) => {
      const until = Math.min(end, changes[k + 1]?.atMs ?? end);
      if (until > c.atMs && c.rate > 0)
        sources.push({
          path: c.path,
          producer,
          records: (c.rate * (until - c.atMs)) / 1000,
          rate: c.rate,
        });
    });
  }
  return sources;
}

const count = (n: number): string => Math.round(n).toLocaleString('en-US');

/**
 * A scenario whose producers alone would write more records than a run may hold is refused
 * up front, with the estimate and the setting to change, at its largest source (every record
 * stays in its log: retention is not modelled yet). Null when it fits.
 */
export function memoryBudgetProblem(
  scenario: Pick<Scenario, 'duration' | 'producers'>,
  steps: readonly (Step | undefined)[],
  budget: number = MAX_RECORDS_HELD,
): PendingProblem | null {
  const sources = recordSources(scenario, steps);
  const total = sources.reduce((n, s) => n + s.records, 0);
  if (total <= budget || sources.length === 0) return null;
  const largest = sources.reduce((a, b) => (b.records > a.records ? b : a));
  const what =
    largest.rate === null
      ? `${largest.producer}'s produce step: ${count(largest.records)}`
      : `${largest.producer} at ${count(largest.rate)}/s`;
  const lasts =
    largest.rate === null
      ? ''
      : `; at ${count(largest.rate)}/s the budget lasts ${formatDuration(Math.floor((budget / largest.rate) * 1000))}`;
  return {
    path: largest.path,
    message:
      `this run would write about ${count(total)} records (${what}), about ` +
      `${formatBytes(total * BYTES_PER_RECORD_HELD)}, and keep them all (retention is not ` +
      `modelled yet): more than the memory budget of ${count(budget)} records (about ` +
      `${formatBytes(budget * BYTES_PER_RECORD_HELD)}). Lower the rate, the count or the ` +
      `duration${lasts}`,
  };
}
