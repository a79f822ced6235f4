/**
 * What kafkascope models, and where it simplifies: one list, shown in the app (the inspector's
 * "What is modelled" notes) and named in the README's section of the same title (a test keeps
 * the two in step). Where a behaviour is shown, it is Kafka's; where it is simplified, it is
 * said here.
 */
export interface ModelNote {
  /** Producers, Replication, Consumer groups, Stream processing, Time. */
  readonly area: string;
  /** What is modelled, in one paragraph. */
  readonly modelled: string;
  /** Each simplification in one sentence; an empty list says there is none left in this area. */
  readonly simplifications: readonly string[];
}

export const MODEL_NOTES: readonly ModelNote[] = [
  {
    area: 'Producers',
    modelled:
      "Batching (linger.ms 5, batch.size 16384), the four partitioners (`default`: the uniform sticky partitioner with murmur2 for keys, switching as Kafka does while batches queue up unsent; `round-robin`; `legacy` ≤2.3; `sticky` 2.4–3.2), acks 0/1/all, retries with backoff until delivery.timeout.ms (an expired send counted as a timeout), idempotence with acks=all (sequence numbers: a leader refuses an out-of-order batch, so order holds across retries), one produce request per leader broker carrying several partitions' batches, up to max.in.flight.requests.per.connection (5) in flight, and the producer's own metadata, refreshed on NOT_LEADER_OR_FOLLOWER (with KIP-951's leader hint), network errors and metadata.max.age.ms.",
    simplifications: [
      "A producer reads a topic's metadata at once on first use (Kafka blocks send() on a MetadataRequest) and takes new partition counts at once.",
      "Batch sizes count the records' bytes without the 61-byte batch header, and a batch's write limit is batch.size (Kafka allows a larger single record's upper bound). The uniform sticky partitioner does not weigh partitions by queue size (KIP-794 adaptive partitioning); when it switches (at batch.size once the partition's last batch is full, or at 2 x batch.size) is Kafka's, checked against kafka-clients 4.3.1.",
    ],
  },
  {
    area: 'Replication',
    modelled:
      "Kafka's classic rack-unaware placement (AdminUtils, with KRaft's rules for partitions created while a broker is fenced), followers fetching from leaders, ISR shrink/expand by Kafka's caught-up rule, HW = min LEO over the ISR (frozen below min.insync.replicas, 3.7+), leader epochs and truncation on return, clean and unclean election, controlled shutdown, preferred-leader rebalancing, the KRaft controller quorum as nodes of their own (combined with brokers or isolated; its leader is the active controller, and without a majority of voters nothing is decided: no election, ISR change, fencing or new partition), a restarted broker rejoining fenced until it has replayed the metadata log and heartbeated, lost acknowledged records reported by producer and sequence, and logs that age: every replica rolls its own segments (segment.bytes, segment.ms from the first batch's timestamp) and deletes whole segments past retention.ms or retention.bytes every log.retention.check.interval.ms, only below its high watermark, moving its log start offset (a consumer below it is reset by auto.offset.reset; a follower learns its leader's from fetch answers, and one left below it starts again there), and compacted topics (cleanup.policy compact): each broker's log cleaner, every log.cleaner.backoff.ms, cleans the filthiest of its replicas (dirty share above min.cleanable.dirty.ratio, or due by max.compaction.lag.ms), keeping the latest record per key and tombstones until delete.retention.ms after a clean first kept them, never renumbering offsets (readers and followers move over the holes), and a compacted topic refuses records without a key (INVALID_RECORD).",
    simplifications: [
      'Replicas are placed by the classic rule (AdminUtils, Kafka ≤ 4.0, checked against it by the placement suite); a Kafka 4.x KRaft controller uses StripedReplicaPlacer, which shuffles brokers at random after each round, so a real cluster places the second round of partitions differently.',
      "The controller quorum's Raft is not modelled message by message: an election takes a fixed time (controllerFailover after the active controller dies, controllerElection once a majority is back) and the lowest live voter wins (in Raft, the first candidate whose randomized timeout fires); losing the majority stops decisions at once (Kafka's leader resigns after its check-quorum timeout, but could commit nothing meanwhile).",
      "Segments are bookkeeping over the records' sizes (no batch headers, indexes or files; given the bytes Kafka writes for each batch, a leader's rolls and deletions by retention are Kafka's, checked against Kafka 4.3.1 by the retention suite): a follower decides to roll record by record (Kafka: per fetched batch), one retention schedule from time 0 stands for every broker's own (Kafka's starts with each broker), segment.jitter.ms is 0, and a follower that learns a later log start drops the records below it at once (Kafka keeps them, unreadable, until its next check).",
      "A producer's records are held one object each, except a fast rate's (10,000 records/s or more, without a key list, on a topic that only deletes): the records one tick puts into one batch are one entry, a run, cut where a record-by-record log would be cut (a fetch's limits, a follower's roll, a truncation); it changes the memory a run needs, never what it does (the same events and trace hash).",
      "The log cleaner's rules are Kafka's (checked against Kafka 4.3.1 by the cleaner suite, with one record per batch as kafkascope writes them), but a clean takes no virtual time (Kafka's takes I/O time, throttled), all brokers' cleaners wake on one schedule from time 0 that starts when a compacted topic first closes a segment, batches Kafka keeps empty (header only) are not kept (the explicit log end offset and fetch answers carry readers past them), there are no transactions, and the offset map never fills.",
      'Eligible leader replicas (KIP-966, on in new Kafka 4.1+ clusters) are not modelled: when the last in-sync replica dies, kafkascope keeps it in the ISR, where Kafka 4.1+ empties the ISR and lists it among the eligible leader replicas (the course suite accepts either).',
    ],
  },
  {
    area: 'Consumer groups',
    modelled:
      "The classic protocol (JoinGroup with the initial rebalance delay, generations, the leader running the assignor, SyncGroup, heartbeats, session and poll timeouts, static members), range/roundrobin/sticky/cooperative-sticky computed as Kafka's client assignors do, eager and cooperative rebalancing, pause() and a consumer that stops polling, offset commits written to a real `__consumer_offsets` topic, lag, coordinator failover, and each consumer's own metadata: it fetches from the leader it knows, with that leader's epoch (KIP-320), and learns a new leader from NOT_LEADER_OR_FOLLOWER answers (with KIP-951's hint), FENCED_LEADER_EPOCH, a lost connection and metadata.max.age.ms, validating its position against the new leader's log. Partitions added to a topic reach consumers through the same metadata: the group's leader assigns the partitions its own metadata lists, and when a refresh lists more it rejoins, so the next generation reads them.",
    simplifications: [
      "A consumer reads its topics' metadata at once when it starts, and a group's leader reads a topic only other members subscribe to at once when it assigns (Kafka's consumer waits for a MetadataRequest's answer).",
      "A consumer without a group reads every partition of its topics and takes partitions added later at its next metadata refresh (Kafka's assign() takes a fixed list; an application re-assigns itself).",
      'OffsetFetch is folded into SyncGroup.',
      "An offset commit is acknowledged without waiting for the internal topic's replication.",
      'Consumers have no rack (client.rack), so the assignors never take the rack-aware path.',
    ],
  },
  {
    area: 'Stream processing',
    modelled:
      'ksqlDB statements compiled to Kafka Streams topologies and run as applications in the cluster: tasks, the stream assignor, repartition and changelog topics, windowed aggregation with grace, EMIT CHANGES and EMIT FINAL, the record cache and commits, restoration after a failure (details: docs/streams.md).',
    simplifications: [
      'Standby replicas (num.standby.replicas) are not modelled: a task restores its store from the changelog at a modelled linear pace.',
      'The record cache is on or off; its size and eviction are not modelled.',
    ],
  },
  {
    area: 'Time',
    modelled:
      "Kafka's real timeouts are the defaults (45 s session, 30 s ISR lag, 9 s broker fencing); scenarios shorten them and the speed control changes how fast time passes. The network has 10 ms latency plus up to 10 ms seeded jitter by default.",
    simplifications: [],
  },
];
