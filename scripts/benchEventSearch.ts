/**
 * The event list's search on the seek bench's 10-minute run (e2e/fixtures/bench-seek.yaml):
 * heap held by the event log and by the search index (JS heap plus array buffers: the log's
 * columns and the index's typed arrays live there), time to build the index, and time for
 * a full search and for a frame's worth of new events while playing.
 *
 *   node --expose-gc --import tsx scripts/benchEventSearch.ts
 */
import { readFileSync } from 'node:fs';
import { loadScenario } from '../src/scenario';
import { SEEK_BENCH_FILE } from '../src/cli/seekBench';
import type { WritableEventLog } from '../src/runtime';
import { createSimulationDriver } from '../src/runtime';
import { EventSearchIndex } from '../src/ui/eventSearch';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');
const heapMiB = (): number => {
  gc();
  gc();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return (heapUsed + arrayBuffers) / 2 ** 20;
};
const time = <T>(f: () => T): [T, number] => {
  const start = performance.now();
  const value = f();
  return [value, performance.now() - start];
};

const loaded = loadScenario(readFileSync(SEEK_BENCH_FILE, 'utf8'), SEEK_BENCH_FILE);
if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
const scenario = loaded.value;

const baseline = heapMiB();
const driver = createSimulationDriver();
driver.start(scenario, scenario.seed);
while (driver.indexAhead(() => false));
driver.seek(scenario.durationMs);
const frame = driver.frame();
const events = frame.snapshot.eventCount;
const withLog = heapMiB() - baseline;
const log = frame.eventLog;
// What the log holds: the heap freed when it lets go of its events (the ring of the latest
// 200 and the checkpoints keep their own references, so this is the log's own cost).
const beforeDrop = heapMiB();
(log as WritableEventLog).truncate(0);
const logBytes = (beforeDrop - heapMiB()) * 2 ** 20;
// Rebuild the log for the index measurements.
const driver2 = createSimulationDriver();
driver2.start(scenario, scenario.seed);
while (driver2.indexAhead(() => false));
driver2.seek(scenario.durationMs);
const log2 = driver2.frame().eventLog;

/** Heap held by a full index of the log: measured while it lives, then after it is dropped. */
function buildIndex(): { ms: number; heapBytes: number; countedBytes: number } {
  const index = new EventSearchIndex(log2);
  const [, ms] = time(() => index.extend(events));
  const withIndex = heapMiB();
  const countedBytes = index.bytes;
  return { ms, countedBytes, heapBytes: withIndex };
}
const beforeIndex = heapMiB();
const built = buildIndex();
const afterIndex = heapMiB();
const buildMs = built.ms;
const indexHeap = (built.heapBytes - afterIndex) * 2 ** 20;
const countedBytes = built.countedBytes;
void beforeIndex;
const index = new EventSearchIndex(log2);
index.extend(events);
// A full search (each repeated; the median), as when the user types.
const searches = ['broker 2', 'orders-3', 'offset 104', 'zoe'].map((text) => {
  const runs = Array.from({ length: 7 }, (_, i) => {
    const [result, ms] = time(() => index.search({ text, category: 'all' }, events - i, 60));
    return { total: result.total, ms };
  });
  const ms = runs.map((r) => r.ms).sort((x, y) => x - y)[3];
  return { text, matches: runs[0].total, medianMs: Math.round(ms * 10) / 10 };
});
// Playing: 100 frames of 6 new events each (1× on this workload), a search standing.
const playing = new EventSearchIndex(log2);
const FRAMES = 100;
let shownTo = events - 6 * FRAMES;
playing.extend(shownTo);
playing.search({ text: 'orders-3', category: 'all' }, shownTo, 60);
const [, framesMs] = time(() => {
  for (let f = 0; f < FRAMES; f++) {
    shownTo += 6;
    playing.extend(shownTo);
    playing.search({ text: 'orders-3', category: 'all' }, shownTo, 60);
  }
});
const frameMs = framesMs / FRAMES;

console.log(
  JSON.stringify(
    {
      virtualMs: scenario.durationMs,
      events,
      runHeapMiB: Math.round(withLog * 10) / 10,
      logBytesPerEvent: Math.round(logBytes / events),
      logMiB: Math.round((logBytes / 2 ** 20) * 10) / 10,
      indexBuildMs: Math.round(buildMs),
      indexBytesPerEvent: Math.round(indexHeap / events),
      indexCountedBytesPerEvent: Math.round(countedBytes / events),
      indexMiB: Math.round((indexHeap / 2 ** 20) * 10) / 10,
      searches,
      newFrameSearchMs: Math.round(frameMs * 100) / 100,
    },
    null,
    2,
  ),
);
