import { explainKeyPartition, type LogRecord } from '../engine';

const hex = (bytes: readonly number[]): string =>
  bytes.map((b) => b.toString(16).padStart(2, '0')).join(' ');

/** murmur2 of the key, the sign bit cleared, modulo the partition count: three list items. */
export function KeyHashSteps({
  x,
  hashed,
}: {
  x: ReturnType<typeof explainKeyPartition>;
  /** What is hashed, as the list says it: "bytes", or `UTF-8 bytes of "zoe"`. */
  hashed: string;
}) {
  return (
    <>
      <li>
        murmur2({hashed}) = {x.murmur2}
      </li>
      <li>
        {x.murmur2} &amp; 0x7fffffff = {x.positive}
      </li>
      <li>
        {x.positive} % {x.numPartitions} partitions = <strong>{x.partition}</strong>
      </li>
    </>
  );
}

/** Why a record is in its partition: the key's hash worked through, or which partitioner chose. */
export function WhyPartition({
  record,
  partition,
  numPartitions,
}: {
  record: LogRecord;
  partition: number;
  numPartitions: number;
}) {
  switch (record.partitionReason) {
    case 'key-hash': {
      const x = explainKeyPartition(record.key ?? '', numPartitions);
      return (
        <div className="why" data-why="key-hash" data-partition={x.partition}>
          <p>The key is hashed, as Kafka's producer does (BuiltInPartitioner.partitionForKey):</p>
          <ol className="mono">
            <li>
              UTF-8 bytes of "{record.key}": {hex(x.keyBytes)}
            </li>
            <KeyHashSteps x={x} hashed="bytes" />
          </ol>
          {x.partition !== partition && (
            <p className="lost">
              The computation gives {x.partition}, not {partition}: the topic's partition count
              changed since.
            </p>
          )}
          <p>Same key, same partition: this key's records stay in order here.</p>
        </div>
      );
    }
    case 'round-robin':
      return (
        <p className="why" data-why="round-robin">
          No key (or keys ignored): the round-robin partitioner gave the next available partition in
          turn.
        </p>
      );
    case 'sticky':
      return (
        <p className="why" data-why="sticky">
          No key: the sticky partitioner keeps filling one partition until a batch's worth (about
          batch.size bytes) went there, then picks another available one at random (KIP-794 /
          KIP-480).
        </p>
      );
    case 'explicit':
      return (
        <p className="why" data-why="explicit">
          The producer named partition {partition} explicitly: no partitioner ran.
        </p>
      );
  }
}

/**
 * The same reason in one line, for announcing where a produced record went. The rule itself
 * is the engine's (`explainKeyPartition`); this only words its steps.
 */
export function whyPartitionInShort(
  record: LogRecord,
  partition: number,
  numPartitions: number,
): string {
  switch (record.partitionReason) {
    case 'key-hash': {
      const x = explainKeyPartition(record.key ?? '', numPartitions);
      return `murmur2("${record.key}") & 0x7fffffff = ${x.positive}, and ${x.positive} % ${x.numPartitions} partitions = ${x.partition}`;
    }
    case 'round-robin':
      return 'no key: the round-robin partitioner gave the next available partition in turn';
    case 'sticky':
      return 'no key: the sticky partitioner fills one partition until a batch is full, then picks another';
    case 'explicit':
      return `partition ${partition} was named explicitly: no partitioner ran`;
  }
}
