/**
 * Experiment behind docs/streams-conformance.md "cache on vs off": runs every generated vector
 * case again with the record cache flipped (0 ↔ 10,000,000) and reports, per window kind and
 * emit strategy, how many cases Kafka answers differently. Usage:
 *   npx tsx scripts/conformance/experiment-cache.ts
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { VectorFile } from './cases';
import { sameRecord } from './compare';
import { ROOT, ensureHarness, runHarness } from './harness';

const doc = JSON.parse(
  readFileSync(path.join(ROOT, 'conformance/vectors/streams-ttd.json'), 'utf8'),
) as VectorFile;
const cases = doc.cases.filter((c) => c.compare !== false);
const flipped = cases.map((c) => {
  const cache = c.cacheMaxBytes === 0 ? 10_000_000 : 0;
  return {
    ...c,
    id: `${c.id}-flipped`,
    cacheMaxBytes: cache,
    spec: { ...c.spec, cacheMaxBytes: cache },
  };
});
if (!ensureHarness(null)) process.exit(2);
const h = runHarness(flipped, null);
const tally = new Map<string, { same: number; differ: string[] }>();
for (const c of cases) {
  const r = h.results.get(`${c.id}-flipped`);
  if (r === undefined || r.outputs === undefined) {
    console.log(`${c.id} with the cache flipped: Kafka threw ${r?.error}`);
    continue;
  }
  const e = c.expected.outputs;
  const same =
    e.length === r.outputs.length &&
    e.every((x, i) => sameRecord(x, r.outputs![i])) &&
    c.expected.droppedRecords === r.droppedRecords;
  const key = `${c.spec.window.kind} EMIT ${c.spec.emit}`;
  const t = tally.get(key) ?? { same: 0, differ: [] };
  if (same) t.same++;
  else t.differ.push(c.id);
  tally.set(key, t);
}
for (const [k, t] of [...tally].sort()) {
  console.log(`${k}: ${t.same} same, ${t.differ.length} differ ${t.differ.slice(0, 8).join(' ')}`);
}
