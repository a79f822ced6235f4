/**
 * Builds (once) and runs the Java harness: `mvn -q -f conformance/pom.xml package` writes
 * conformance/target/conformance.jar and the dependency classpath; one `java` process then runs
 * every case (a JVM per case would cost more than the cases).
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ConformanceCase, OutputRecord } from './cases';

export const ROOT = path.resolve(import.meta.dirname, '../..');
const PROJECT = path.join(ROOT, 'conformance');
const JAR = path.join(PROJECT, 'target', 'conformance.jar');
const CLASSPATH = path.join(PROJECT, 'target', 'classpath.txt');

export interface HarnessResult {
  readonly id: string;
  readonly outputs?: readonly OutputRecord[];
  readonly droppedRecords: number | null;
  readonly error: string | null;
  /** 'build': Kafka refused the topology (a generator bug); 'process': Kafka threw on the inputs. */
  readonly errorPhase?: 'build' | 'process';
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * Builds a Maven project of the harness (`mvn -q package`) unless its jar is newer than its pom
 * and every source. Returns false on failure. Shared by the client/streams harness here and the
 * course's cluster module.
 */
export function ensureMavenProject(
  project: string,
  jar: string,
  classpath: string,
  mavenRepo: string | null,
  label: string,
): boolean {
  const built = existsSync(jar) && existsSync(classpath) ? statSync(jar).mtimeMs : 0;
  const sources = Math.max(
    statSync(path.join(project, 'pom.xml')).mtimeMs,
    newestSource(path.join(project, 'src')),
  );
  if (built > sources && mavenRepo === null) return true;
  const args = ['-q', '-f', path.join(project, 'pom.xml'), 'package'];
  if (mavenRepo !== null) args.unshift(`-Dmaven.repo.local=${mavenRepo}`);
  console.log(`building ${label}: mvn ${args.join(' ')}`);
  return spawnSync('mvn', args, { stdio: 'inherit' }).status === 0;
}

/** Builds the jar unless it is newer than the pom and every source. Returns false on failure. */
export function ensureHarness(mavenRepo: string | null): boolean {
  return ensureMavenProject(PROJECT, JAR, CLASSPATH, mavenRepo, 'the harness');
}

export function runHarness(
  cases: readonly ConformanceCase[],
  threads: number | null,
): { kafkaVersion: string; results: Map<string, HarnessResult> } {
  const dir = mkdtempSync(path.join(tmpdir(), 'kafkascope-conformance-'));
  try {
    const input = path.join(dir, 'cases.json');
    const output = path.join(dir, 'results.json');
    writeFileSync(input, JSON.stringify({ cases }));
    const cp = `${JAR}${path.delimiter}${readFileSync(CLASSPATH, 'utf8').trim()}`;
    const args = ['-cp', cp, 'kafkascope.conformance.Main', input, '--out', output];
    if (threads !== null) args.push('--threads', String(threads));
    const r = spawnSync('java', args, { stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) throw new Error(`the Java harness exited with ${r.status ?? r.signal}`);
    const doc = JSON.parse(readFileSync(output, 'utf8')) as {
      kafkaVersion: string;
      results: HarnessResult[];
    };
    return { kafkaVersion: doc.kafkaVersion, results: new Map(doc.results.map((x) => [x.id, x])) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
