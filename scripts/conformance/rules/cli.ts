/**
 * The rules suites on their own (`npm run conformance` runs them with the others):
 *
 *   npx tsx scripts/conformance/rules/cli.ts [--suite partitioners|coordinator|placement|cleaner|retention]
 *       [--cases N] [--seed S] [--show N] [--maven-repo DIR] [--write-vectors]
 *
 * Without --suite all of them run. --write-vectors rewrites conformance/vectors/<suite>.json from
 * the fixed vector seed instead of a live run (the vitest test rules.test.ts reads them).
 */
import { randomInt } from 'node:crypto';
import { formatSuiteLine, type SuiteOptions } from '../suite';
import { runRulesSuite, writeVectors, type RulesSuite } from './common';
import { coordinatorSuite } from './coordinator';
import { partitionersSuite } from './partitioners';
import { placementSuite } from './placement';
import { cleanerSuite } from './cleaner';
import { retentionSuite } from './retention';

const SUITES: Record<string, RulesSuite<never, never>> = {
  partitioners: partitionersSuite as unknown as RulesSuite<never, never>,
  coordinator: coordinatorSuite as unknown as RulesSuite<never, never>,
  placement: placementSuite as unknown as RulesSuite<never, never>,
  cleaner: cleanerSuite as unknown as RulesSuite<never, never>,
  retention: retentionSuite as unknown as RulesSuite<never, never>,
};

async function main(argv: readonly string[]): Promise<number> {
  let names = Object.keys(SUITES);
  let cases: number | undefined;
  let seed = randomInt(1, 2 ** 31 - 1);
  let show = 10;
  let mavenRepo: string | null = null;
  let write = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--suite') names = value().split(',');
    else if (a === '--cases') cases = Number(value());
    else if (a === '--seed') seed = Number(value());
    else if (a === '--show') show = Number(value());
    else if (a === '--maven-repo') mavenRepo = value();
    else if (a === '--write-vectors') write = true;
    else throw new Error(`unknown argument ${a}`);
  }
  for (const n of names) if (!(n in SUITES)) throw new Error(`unknown suite ${n}`);
  if (write) {
    for (const n of names) console.log(`wrote ${writeVectors(SUITES[n], mavenRepo, cases)}`);
    return 0;
  }
  const options: SuiteOptions = { seed, mavenRepo, threads: null, show };
  let bad = false;
  for (const n of names) {
    const r = await runRulesSuite(SUITES[n], options, cases);
    console.log(formatSuiteLine(r));
    for (const note of r.notes) console.log(`  ${note}`);
    for (const f of r.failures) console.log(`  FAIL ${f}`);
    if (r.failed > 0 || r.passed === 0) bad = true;
  }
  return bad ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(2);
  },
);
