/**
 * The course on a real cluster: conformance/cluster/ (a Maven module of its own, so the broker
 * jars stay off the streams/client harness) starts Apache Kafka in KRaft mode inside one JVM
 * (four brokers and a controller, by Kafka's own KafkaClusterTestKit) with the lessons' shortened
 * timeouts, and checks each lesson's claims with the Java clients. The controller-quorum
 * scenario's claims run afterwards on a cluster of their own (three isolated controller voters
 * and three brokers). Every claim is one case: passed or failed, with what Kafka did.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureMavenProject } from '../harness';
import type { SuiteOptions, SuiteResult } from '../suite';

const ROOT = path.resolve(import.meta.dirname, '../../..');
export const COURSE_PROJECT = path.join(ROOT, 'conformance', 'cluster');
const JAR = path.join(COURSE_PROJECT, 'target', 'course.jar');
const CLASSPATH = path.join(COURSE_PROJECT, 'target', 'classpath.txt');

/** The scenario whose claims run on the second, controller-quorum cluster. */
export const QUORUM_LESSON = 'controller-quorum';

/** One lesson claim as the Java program reports it. */
export interface ClaimResult {
  /** Lesson number and short name, e.g. `11-min-isr-refuses-writes`. */
  readonly id: string;
  /** The scenario file's name, e.g. `lesson-11-durability` or `controller-quorum`. */
  readonly lesson: string;
  readonly title: string;
  readonly passed: boolean;
  /** What Kafka did, with numbers: each expectation marked ✓ or ✗. */
  readonly detail: string;
  readonly elapsedMs: number;
}

export interface CourseReport {
  readonly kafkaVersion: string;
  readonly config: Readonly<Record<string, string>>;
  readonly features?: Readonly<Record<string, number>>;
  readonly clusterStartMs: number;
  readonly claimsMs: number;
  readonly clusterStopMs: number;
  readonly totalMs: number;
  readonly claims: readonly ClaimResult[];
  /** The controller-quorum cluster, when its claims ran. */
  readonly quorum?: QuorumClusterReport;
}

/** The second cluster: isolated controller voters and brokers, started for the quorum's claims. */
export interface QuorumClusterReport {
  readonly controllers: number;
  readonly brokers: number;
  readonly clusterStartMs: number;
  readonly claimsMs: number;
  readonly clusterStopMs: number;
}

/** Builds conformance/cluster unless its jar is newer than the pom and every source. */
export function ensureCourseHarness(mavenRepo: string | null): boolean {
  return ensureMavenProject(COURSE_PROJECT, JAR, CLASSPATH, mavenRepo, 'the course harness');
}

/**
 * Runs the Java program (it prints one line per claim as it goes) and reads its report.
 * `only`: lesson numbers ("04", "11") or scenario names ("controller-quorum") to run alone, for a
 * quicker look at one lesson.
 */
export function runCourseHarness(only: readonly string[] = []): CourseReport {
  const dir = mkdtempSync(path.join(tmpdir(), 'kafkascope-course-'));
  try {
    const out = path.join(dir, 'course.json');
    const cp = `${JAR}${path.delimiter}${readFileSync(CLASSPATH, 'utf8').trim()}`;
    const args = ['-cp', cp, 'kafkascope.course.Main', out];
    if (only.length > 0) args.push('--only', only.join(','));
    // The JVM's own temp directory holds the brokers' logs; the test kit deletes it on close.
    const r = spawnSync('java', args, { stdio: ['ignore', 'inherit', 'inherit'] });
    if (!existsSync(out)) throw new Error(`the course harness exited with ${r.status ?? r.signal}`);
    return JSON.parse(readFileSync(out, 'utf8')) as CourseReport;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One claim's failure line: `11-min-isr-refuses-writes (lesson-11-durability): ✓ …; ✗ …`. */
export function formatClaimFailure(c: ClaimResult): string {
  return `${c.id} (${c.lesson}): ${c.title}: ${c.detail}`;
}

/** The SuiteResult of a report: a claim is a case. */
export function courseResult(report: CourseReport, show: number, elapsedMs: number): SuiteResult {
  const failed = report.claims.filter((c) => !c.passed);
  const quorumClaims = report.claims.filter((c) => c.lesson === QUORUM_LESSON).length;
  // `--only controller-quorum` starts the quorum cluster alone.
  const mainRan = report.claims.length > quorumClaims || !report.quorum;
  const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
  const configs = Object.entries(report.config)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  const features = Object.entries(report.features ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  return {
    name: 'course',
    passed: report.claims.length - failed.length,
    failed: failed.length,
    skipped: 0,
    failures: failed.slice(0, Math.max(show, 0)).map(formatClaimFailure),
    notes: [
      `Apache Kafka ${report.kafkaVersion} in KRaft mode, ${mainRan ? '4 brokers and 1 controller' : 'the quorum cluster alone'} in one JVM (KafkaClusterTestKit)${mainRan ? `; features ${features}` : ''}`,
      `broker config: ${configs}`,
      ...(mainRan
        ? [
            `cluster up in ${s(report.clusterStartMs)}, ${report.claims.length - quorumClaims} claims in ${s(report.claimsMs)}, stopped in ${s(report.clusterStopMs)}`,
          ]
        : []),
      ...(report.quorum
        ? [
            `${quorumClaims} ${QUORUM_LESSON} claims on a second cluster, ${report.quorum.controllers} isolated controller voters and ${report.quorum.brokers} brokers: up in ${s(report.quorum.clusterStartMs)}, claims in ${s(report.quorum.claimsMs)}, stopped in ${s(report.quorum.clusterStopMs)}`,
          ]
        : []),
      ...(failed.length > show ? [`${failed.length - show} more failed claims not shown`] : []),
    ],
    elapsedMs,
  };
}

export async function runCourseSuite(options: SuiteOptions): Promise<SuiteResult> {
  const t0 = performance.now();
  const cannotRun = (why: string): SuiteResult => ({
    name: 'course',
    passed: 0,
    failed: 1,
    skipped: 0,
    failures: [`the course could not run: ${why}`],
    notes: [],
    elapsedMs: performance.now() - t0,
  });
  if (!ensureCourseHarness(options.mavenRepo)) {
    return cannotRun('the Maven build of conformance/cluster failed');
  }
  let report: CourseReport;
  try {
    report = runCourseHarness();
  } catch (e) {
    return cannotRun(e instanceof Error ? e.message : String(e));
  }
  if (report.claims.length === 0) return cannotRun('the harness checked no claim');
  return Promise.resolve(courseResult(report, options.show, performance.now() - t0));
}
