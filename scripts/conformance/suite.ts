/**
 * One conformance suite: a family of kafkascope rules judged by real Apache Kafka code.
 * `npm run conformance` (scripts/conformance/run.ts) runs every suite in turn and prints, per
 * suite, `N passed, N failed`; it exits 1 if any suite failed or could not run.
 */
export interface SuiteOptions {
  /** The seed for generated cases (a fresh one per run unless given; printed for replay). */
  readonly seed: number;
  /** `-Dmaven.repo.local` for the Maven builds (to measure a cold cache), or null. */
  readonly mavenRepo: string | null;
  /** How many Java threads a harness may use, or null for all cores. */
  readonly threads: number | null;
  /** Print at most this many disagreements in full. */
  readonly show: number;
}

export interface SuiteResult {
  /** Short name printed in the summary: assignors, partitioners, coordinator, placement, streams, course. */
  readonly name: string;
  readonly passed: number;
  readonly failed: number;
  /** Cases checked for validity only, or not run, each counted here with a reason in `notes`. */
  readonly skipped: number;
  /** One line per failure (the first `show` of them in full). */
  readonly failures: readonly string[];
  /** What the reader should know: the seed, the Kafka version, why cases were skipped. */
  readonly notes: readonly string[];
  readonly elapsedMs: number;
}

export type Suite = (options: SuiteOptions) => Promise<SuiteResult>;

/** `name: N passed, N failed[, N skipped] (12.3 s)`: the line `npm run conformance` prints per suite. */
export function formatSuiteLine(r: SuiteResult): string {
  const skipped = r.skipped > 0 ? `, ${r.skipped} skipped` : '';
  return `${r.name}: ${r.passed} passed, ${r.failed} failed${skipped} (${(r.elapsedMs / 1000).toFixed(1)} s)`;
}
