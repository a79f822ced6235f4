/**
 * Runs the rules oracle (conformance/src/main/java/kafkascope/conformance/rules/RulesMain.java):
 * one JVM answers every case of a suite run. The jar is the harness's own
 * (`ensureHarness` builds it). Two oracles come from jars outside its classpath, fetched into
 * the local Maven repository on first use and loaded by RulesMain in class loaders of their
 * own: the classic AdminUtils placement from kafka-server-common 4.0.0 (Kafka 4.1 removed it;
 * no 4.3.1 jar has it), and GroupCoordinatorService from kafka-group-coordinator 4.3.1 (not a
 * dependency of the harness, which needs only this one method of it).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, ensureHarness } from '../harness';

const PROJECT = path.join(ROOT, 'conformance');
const MAIN = 'kafkascope.conformance.rules.RulesMain';
/** The last Kafka release whose server-common has org.apache.kafka.admin.AdminUtils. */
export const ADMIN_UTILS_VERSION = '4.0.0';
/** The Kafka version the harness pins (conformance/pom.xml). */
export const KAFKA_VERSION = '4.3.1';

export interface RulesOutput<R> {
  readonly kafkaVersion: string;
  readonly adminUtilsJar?: string;
  readonly results: readonly R[];
}

/** Builds the harness if needed; throws with the reason if it cannot. */
export function ensureRulesHarness(mavenRepo: string | null): void {
  if (!ensureHarness(mavenRepo)) throw new Error('the Maven build of conformance/ failed');
}

/** A jar in the local Maven repository, downloaded with Maven (no dependencies) if it is not there yet. */
export function mavenJar(artifact: string, version: string, mavenRepo: string | null): string {
  const repo = mavenRepo ?? path.join(homedir(), '.m2', 'repository');
  const jar = path.join(repo, 'org/apache/kafka', artifact, version, `${artifact}-${version}.jar`);
  if (existsSync(jar)) return jar;
  const args = [
    '-q',
    '-B',
    '-f',
    path.join(PROJECT, 'pom.xml'),
    'dependency:get',
    `-Dartifact=org.apache.kafka:${artifact}:${version}`,
    '-Dtransitive=false',
  ];
  if (mavenRepo !== null) args.unshift(`-Dmaven.repo.local=${mavenRepo}`);
  const r = spawnSync('mvn', args, { stdio: 'inherit' });
  if (r.status !== 0 || !existsSync(jar)) throw new Error(`could not fetch ${jar}`);
  return jar;
}

/** kafka-server-common 4.0.0, the last jar with org.apache.kafka.admin.AdminUtils. */
export function adminUtilsJar(mavenRepo: string | null): string {
  return mavenJar('kafka-server-common', ADMIN_UTILS_VERSION, mavenRepo);
}

/**
 * The jars of Kafka 4.3.1's group coordinator (GroupCoordinatorService.partitionFor), kept off
 * the harness's classpath: RulesMain loads them in a class loader of their own.
 */
export function groupCoordinatorJars(mavenRepo: string | null): string[] {
  return ['kafka-group-coordinator', 'kafka-group-coordinator-api', 'kafka-coordinator-common'].map(
    (a) => mavenJar(a, KAFKA_VERSION, mavenRepo),
  );
}

/** Runs `mainClass` (default: the rules oracle) with `input` as its JSON input file; returns its JSON output. */
export function runJavaMain<T>(input: unknown, mainClass = MAIN): T {
  const dir = mkdtempSync(path.join(tmpdir(), 'kafkascope-rules-'));
  try {
    const inFile = path.join(dir, 'in.json');
    const outFile = path.join(dir, 'out.json');
    writeFileSync(inFile, JSON.stringify(input));
    const classpath = readFileSync(path.join(PROJECT, 'target', 'classpath.txt'), 'utf8').trim();
    const cp = `${path.join(PROJECT, 'target', 'conformance.jar')}${path.delimiter}${classpath}`;
    const r = spawnSync('java', ['-cp', cp, mainClass, inFile, outFile], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (r.status !== 0) throw new Error(`${mainClass} exited with ${r.status ?? r.signal}`);
    return JSON.parse(readFileSync(outFile, 'utf8')) as T;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
