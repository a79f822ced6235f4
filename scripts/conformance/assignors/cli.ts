/**
 * The assignors suite on its own:
 *   npx tsx scripts/conformance/assignors/cli.ts [--cases N] [--seed S] [--show N]
 *       N cases per assignor (default 500) against kafka-clients 4.3.1.
 *   npx tsx scripts/conformance/assignors/cli.ts --write-vectors
 *       Writes conformance/vectors/assignors.json (seed 1, 500 per assignor).
 */
import { randomInt } from 'node:crypto';
import { formatSuiteLine } from '../suite';
import { CASES_PER_ASSIGNOR, runAssignorSuite, writeAssignorVectors } from './assignors';

const argv = process.argv.slice(2);
const value = (flag: string): string | undefined => {
  const i = argv.indexOf(flag);
  return i < 0 ? undefined : argv[i + 1];
};
if (argv.includes('--write-vectors')) {
  console.log(`wrote ${writeAssignorVectors(null)}`);
} else {
  const seed = Number(value('--seed') ?? randomInt(1, 2 ** 31 - 1));
  const r = await runAssignorSuite(
    { seed, mavenRepo: null, threads: null, show: Number(value('--show') ?? 10) },
    Number(value('--cases') ?? CASES_PER_ASSIGNOR),
  );
  for (const n of r.notes) console.log(`  ${n}`);
  for (const f of r.failures) console.log(`\n${f}`);
  console.log(formatSuiteLine(r));
  process.exitCode = r.failed > 0 ? 1 : 0;
}
