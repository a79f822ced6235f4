import type { LogRecord } from './model';

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
  | { kind: 'collect'; batches: FetchedBatch[] };

export type ProcessorKind = Processor['kind'];

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

/** Hands a polled batch to the consumer's processor (after its position moved past the batch). */
export function processFetched(processor: Processor, batch: FetchedBatch): void {
  switch (processor.kind) {
    case 'none':
      return;
    case 'collect':
      processor.batches.push(batch);
      return;
  }
}
