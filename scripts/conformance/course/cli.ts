/**
 * `npx tsx scripts/conformance/course/cli.ts [--only 04,11,controller-quorum] [--maven-repo DIR]
 * [--show N]`: the course suite on its own (`--only` takes lesson numbers and scenario names). Prints each claim as the cluster checks it, then every failed
 * claim in full and `course: N passed, N failed`; exits 1 on any failure.
 */
import path from 'node:path';
import { formatSuiteLine } from '../suite';
import {
  courseResult,
  ensureCourseHarness,
  formatClaimFailure,
  runCourseHarness,
  runCourseSuite,
} from './suite';

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  let only: string[] = [];
  let mavenRepo: string | null = null;
  let show = 20;
  let verbose = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--only') only = value().split(',');
    else if (a === '--maven-repo') mavenRepo = path.resolve(value());
    else if (a === '--show') show = Number(value());
    else if (a === '--verbose') verbose = true;
    else throw new Error(`unknown option ${a}`);
  }
  if (only.length === 0 && !verbose) {
    const r = await runCourseSuite({ seed: 0, mavenRepo, threads: null, show });
    for (const n of r.notes) console.log(n);
    for (const f of r.failures) console.log(`FAILED ${f}`);
    console.log(formatSuiteLine(r));
    return r.failed > 0 ? 1 : 0;
  }
  const t0 = performance.now();
  if (!ensureCourseHarness(mavenRepo)) {
    console.error('the Maven build of conformance/cluster failed');
    return 2;
  }
  const report = runCourseHarness(only);
  for (const c of report.claims) {
    if (verbose || !c.passed)
      console.log(`${c.passed ? 'passed' : 'FAILED'} ${formatClaimFailure(c)}`);
  }
  const r = courseResult(report, show, performance.now() - t0);
  for (const n of r.notes) console.log(n);
  console.log(formatSuiteLine(r));
  return r.failed > 0 ? 1 : 0;
}

void main().then((code) => {
  process.exitCode = code;
});
