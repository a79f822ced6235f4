/**
 * Runs the rules oracle (conformance/src/main/java/kafkascope/conformance/rules/RulesMain.java):
 * one JVM answers every case of a suite run. The jar is the harness's own
 * (`ensureHarness` builds it); the classic AdminUtils placement comes from kafka-server-common
 * 4.0.0, fetched into the local Maven repository on first use, because Kafka 4.1 removed it and
 * no 4.3.1 jar has it (see RulesMain).
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

export interface RulesOutput<R> {
  readonly kafkaVersion: string;
  readonly adminUtilsJar?: string;
  readonly results: readonly R[];
}

/** Builds the harness if needed; throws with the reason if it cannot. */
export function ensureRulesHarness(mavenRepo: string | null): void {
  if (!ensureHarness(mavenRepo)) throw new Error('the Maven build of conformance/ failed');
}

/** The path of kafka-server-common-4.0.0.jar, downloaded with Maven if it is not there yet. */
export function adminUtilsJar(mavenRepo: string | null): string {
  const repo = mavenRepo ?? path.join(homedir(), '.m2', 'repository');
  const jar = path.join(
    repo,
    'org/apache/kafka/kafka-server-common',
    ADMIN_UTILS_VERSION,
    `kafka-server-common-${ADMIN_UTILS_VERSION}.jar`,
  );
  if (existsSync(jar)) return jar;
  const args = [
    '-q',
    '-B',
    '-f',
    path.join(PROJECT, 'pom.xml'),
    'dependency:get',
    `-Dartifact=org.apache.kafka:kafka-server-common:${ADMIN_UTILS_VERSION}`,
    '-Dtransitive=false',
  ];
  if (mavenRepo !== null) args.unshift(`-Dmaven.repo.local=${mavenRepo}`);
  const r = spawnSync('mvn', args, { stdio: 'inherit' });
  if (r.status !== 0 || !existsSync(jar)) throw new Error(`could not fetch ${jar}`);
  return jar;
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
