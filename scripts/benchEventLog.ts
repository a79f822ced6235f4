/**
 * The event log's memory and speed on the UI bench's 10-minute run (e2e/fixtures/bench-ui.yaml,
 * which outgrows the log's capacity): array-buffer bytes the log holds once the timeline
 * indexer has recorded the whole run, then the time to append 500,000 of its events to a new
 * log and to read them all back in order (medians of 3).
 *
 *   node --expose-gc --import tsx scripts/benchEventLog.ts
 */
import { readFileSync } from 'node:fs';
import { loadScenario } from '../src/scenario';
import type { TraceEvent } from '../src/engine';
import type { WritableEventLog } from '../src/runtime';
import { createEventLog, createSimulationDriver } from '../src/runtime';

const FILE = 'e2e/fixtures/bench-ui.yaml';
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');
const memory = (): { heap: number; buffers: number } => {
  gc();
  gc();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return { heap: heapUsed, buffers: arrayBuffers };
};
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

const loaded = loadScenario(readFileSync(FILE, 'utf8'), FILE);
if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
const scenario = loaded.value;

const before = memory();
const driver = createSimulationDriver();
driver.start(scenario, scenario.seed);
let start = performance.now();
while (driver.indexAhead(() => false));
const indexMs = performance.now() - start;
const log = driver.frame().eventLog as WritableEventLog;
const recorded = log.length;
const held = log.length - log.firstIndex;
const full = memory();
const events: TraceEvent[] = [];
for (let i = log.firstIndex; i < log.length && events.length < 500_000; i++)
  events.push(log.at(i)!);
const withCopy = memory();
log.truncate(0); // the log's own cost: what it frees
const dropped = memory();
const logBuffers = withCopy.buffers - dropped.buffers;
const logHeap = withCopy.heap - dropped.heap;
console.log(
  `bench-ui indexed in ${indexMs.toFixed(0)} ms: log ${recorded.toLocaleString('en-US')} events recorded, ${held.toLocaleString('en-US')} held`,
);
console.log(
  `  array buffers: ${mib(full.buffers - before.buffers)} with the run (${mib(full.buffers)} in all); the log's: ${mib(logBuffers)} = ${(logBuffers / held).toFixed(1)} bytes/event; its JS heap: ${mib(logHeap)} (${(logHeap / held).toFixed(1)} bytes/event)`,
);
void driver;

const appendMs: number[] = [];
const scanMs: number[] = [];
const backMs: number[] = [];
for (let round = 0; round < 3; round++) {
  gc();
  const fresh = createEventLog();
  start = performance.now();
  // In steps of a few events, as the run records them.
  for (let i = 0; i < events.length; i += 8) fresh.record(i, events.slice(i, i + 8));
  appendMs.push(performance.now() - start);
  gc();
  start = performance.now();
  let n = 0;
  for (let i = fresh.firstIndex; i < fresh.length; i++) n += fresh.at(i)!.atMs > -1 ? 1 : 0;
  scanMs.push(performance.now() - start);
  gc();
  start = performance.now();
  for (let i = fresh.length - 1; i >= fresh.firstIndex; i--) n += fresh.at(i)!.atMs > -1 ? 1 : 0;
  backMs.push(performance.now() - start);
  if (n !== 2 * events.length) throw new Error('lost events');
}
console.log(
  `${events.length.toLocaleString('en-US')} events: append ${median(appendMs).toFixed(0)} ms, scan forward ${median(scanMs).toFixed(0)} ms, backward ${median(backMs).toFixed(0)} ms (medians of 3: ${appendMs.map((x) => x.toFixed(0)).join('/')}, ${scanMs.map((x) => x.toFixed(0)).join('/')}, ${backMs.map((x) => x.toFixed(0)).join('/')})`,
);
