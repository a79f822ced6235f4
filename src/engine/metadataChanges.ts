import { followersOnMetadataChange } from './fetcher';
import { coordinatorsOnMetadataChange } from './groupCoordinator';
import { lostRecordsOnMetadataChange } from './lost';
import type { Partition } from './model';
import type { World } from './world';

/**
 * A change the controller made to the cluster metadata, as everyone who caches metadata
 * learns it (Kafka's metadata log, `BrokerMetadataPublisher`, a client's metadata refresh).
 */
export type MetadataChange =
  /** An election applied: `partition` already has its new leader (-1: offline), ISR and epoch. */
  | { type: 'leaderChanged'; partition: Partition; previousLeader: number }
  /** CreatePartitions: `topic` now has partitions `from` up to its current count. */
  | { type: 'partitionsAdded'; topic: string; from: number };

/** Something that reacts to metadata changes: one per kind of broker-side or client party. */
export type MetadataListener = (world: World, change: MetadataChange) => void;

/**
 * Who learns a change, in the order they react: broker-side parties only. Clients (producers,
 * consumers, streams apps) learn changes from their own metadata refreshes and the errors of
 * their requests (clientMetadata.ts), never from the controller at once. The order is fixed,
 * because it decides the order of their events and network draws, and so the trace.
 */
const LISTENERS: readonly MetadataListener[] = [
  lostRecordsOnMetadataChange,
  coordinatorsOnMetadataChange,
  followersOnMetadataChange,
];

/**
 * Tells every party of a metadata change, at once and in the same step: brokers take it as
 * from the metadata log, without its delay (a documented simplification). Clients, producers
 * and consumers, do nothing here: they learn it from their own metadata refreshes
 * (clientMetadata.ts) and from the errors of their requests.
 */
export function publishMetadataChange(world: World, change: MetadataChange): void {
  for (const listener of LISTENERS) listener(world, change);
}
