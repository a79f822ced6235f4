import { parentPort } from 'node:worker_threads';
import { generateFuzzCase, runFuzzCase } from '../engine/tools.ts';

/**
 * One fuzz worker (started through bin/fuzz-worker.js): asks for seeds, runs each, sends the
 * results back. The main thread hands out small batches so a slow seed does not leave the
 * other workers idle, and puts the results back in seed order.
 */
export type ToWorker = { type: 'seeds'; seeds: number[] } | { type: 'done' };
export type FromWorker =
  { type: 'ready' } | { type: 'results'; results: ReturnType<typeof runFuzzCase>[] };

const port = parentPort;
if (port !== null) {
  port.on('message', (message: ToWorker) => {
    if (message.type === 'done') {
      port.close();
      return;
    }
    const results = message.seeds.map((seed) => runFuzzCase(generateFuzzCase(seed)));
    port.postMessage({ type: 'results', results } satisfies FromWorker);
  });
  port.postMessage({ type: 'ready' } satisfies FromWorker);
}
