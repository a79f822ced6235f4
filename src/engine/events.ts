import type { Acks } from './model';
import type { PartitionerName } from './partitioner';

/**
 * What happened, in past tense. The trace of a run is the ordered list of these; its hash
 * (`traceHash`) identifies the run. Fields are plain JSON so a trace can be written as JSONL.
 */
export type TraceEvent =
  | { type: 'clusterCreated'; atMs: number; seed: number; brokers: number[]; topics: string[] }
  | { type: 'narrated'; atMs: number; text: string }
  | { type: 'commandRejected'; atMs: number; command: string; reason: string }
  | {
      type: 'producerConfigured';
      atMs: number;
      producer: string;
      partitioner: PartitionerName;
      acks: Acks;
    }
  | { type: 'producerRateChanged'; atMs: number; producer: string; rate: number }
  | {
      type: 'recordsSent';
      atMs: number;
      producer: string;
      topic: string;
      partition: number;
      broker: number;
      firstSequence: number;
      count: number;
      arrivesAtMs: number;
    }
  | {
      type: 'recordsAppended';
      atMs: number;
      topic: string;
      partition: number;
      broker: number;
      producer: string;
      baseOffset: number;
      count: number;
      leaderEpoch: number;
    }
  | {
      type: 'produceAcked';
      atMs: number;
      producer: string;
      topic: string;
      partition: number;
      baseOffset: number;
      count: number;
    }
  | {
      type: 'produceErrored';
      atMs: number;
      producer: string;
      topic: string;
      partition: number;
      count: number;
      error: string;
      willRetry: boolean;
    }
  | {
      type: 'replicaFetched';
      atMs: number;
      topic: string;
      partition: number;
      broker: number;
      fromOffset: number;
      count: number;
    }
  | {
      type: 'highWatermarkAdvanced';
      atMs: number;
      topic: string;
      partition: number;
      highWatermark: number;
    }
  | {
      type: 'consumerFetched';
      atMs: number;
      consumer: string;
      topic: string;
      partition: number;
      fromOffset: number;
      count: number;
    }
  | {
      type: 'consumerSeeked';
      atMs: number;
      consumer: string;
      topic: string;
      partition: number;
      offset: number;
    };

export type TraceEventType = TraceEvent['type'];
