import type { ConsumerState, LogRecord } from './model';
import { expandRuns } from './recordRuns';
import { processStreamsBatch } from './streams/cluster/runtime';
import type { World } from './world';

/**
 * What a consumer's application does with each batch it polls: the body of its poll loop, and
 * the hook a stream-processing task (records → state store → produce) will plug into as one
 * more kind. It is plain data in the consumer (its kind and any state), never a function, so
 * the world stays cloneable for checkpoints and replays exactly; behaviour is chosen by kind
 * here.
 */
export type Processor =
  /** Reads and moves on: what kafkascope's consumers do by default. */
  | { kind: 'none' }
  /**
   * Keeps every batch handed to it, in the order handed (for tests and inspection). The
   * records are shared with the logs, but a checkpoint copies them: not for long, busy runs.
   */
  | { kind: 'collect'; batches: FetchedBatch[] }
  /**
   * One Kafka Streams instance's consumer for one persistent query (streams/cluster): its
   * batches go to the tasks the instance runs. The tasks' state lives in the application
   * (`world.streams`), found by these names.
   */
  | StreamsProcessor;

export interface StreamsProcessor {
  kind: 'streams';
  app: string;
  /** Index of the persistent query in the application's program. */
  query: number;
  instance: string;
  /** Task ids it ran before the current rebalance (Streams sends them in its subscription). */
  previousTasks: string[];
}

/** Processors a consumer setup may ask for (a streams processor comes with its application). */
export type ProcessorKind = Exclude<Processor['kind'], 'streams'>;

/** A fresh processor of this kind, with empty state. */
export function createProcessor(kind: ProcessorKind = 'none'): Processor {
  switch (kind) {
    case 'none':
      return { kind: 'none' };
    case 'collect':
      return { kind: 'collect', batches: [] };
  }
}

/** Records one fetch handed to the application: consecutive offsets of one partition, in order. */
export interface FetchedBatch {
  readonly topic: string;
  readonly partition: number;
  readonly records: readonly LogRecord[];
}

/**
 * Hands a polled batch to the consumer's processor (after its position moved past the batch).
 * A processor that reads records gets them one by one: runs (recordRuns.ts) expanded.
 */
export function processFetched(world: World, consumer: ConsumerState, batch: FetchedBatch): void {
  const processor = consumer.processor;
  switch (processor.kind) {
    case 'none':
      return;
    case 'collect':
      processor.batches.push(withRunsExpanded(batch));
      return;
    case 'streams':
      processStreamsBatch(world, consumer, processor, withRunsExpanded(batch));
      return;
  }
}

function withRunsExpanded(batch: FetchedBatch): FetchedBatch {
  const records = expandRuns(batch.records);
  return records === batch.records ? batch : { ...batch, records };
}
