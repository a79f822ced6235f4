/**
 * The Kafka Streams topology ksqlDB builds for each query shape, named as
 * `Topology#describe()` prints it in ksqlDB's query-validation tests
 * (`KSQL ksqldb-functional-tests/src/test/resources/historical_plans/<case>/8.0.x_*\/topology`):
 *
 * - aggregate: `having_-_table_having` (windowed, no repartition, HAVING),
 *   `group-by_-_zero_non-agg_columns_(windowed_stream)` (repartition), `count_-_count_star`;
 * - stream projection: `floating-point_-_filter_by_DOUBLE` (WHERE),
 *   `partition-by_-_partition_by_with_projection_select_some` (PARTITION BY);
 * - stream–table join: `joins_-_stream_table_left_join_-_JSON` (key-to-key),
 *   `joins_-_stream-table_val-to-key_-_keyless` (stream repartitioned).
 *
 * Generated names (`KSTREAM-AGGREGATE-0000000003`) carry Kafka Streams' builder counter; the
 * numbers below reproduce those plans (a WHERE before an aggregation:
 * `suppress_-_should_suppress_after_a_filter_WHERE_clause`; a table projection:
 * `table_-_update-delete`). Shapes not in a plan (WHERE after a join or on a table) follow the
 * same rules and are marked (derived).
 *
 * Internal topics appear here under their full names (`<applicationId>-<name>`), which is what
 * the runtime produces to; the historical plans print them without the prefix.
 */
import type { InternalTopic, SubTopology, TopologyNode } from '../plan';

/** A counter-numbered name: `KSTREAM-SOURCE-0000000000`. */
function numbered(prefix: string, n: number): string {
  return `${prefix}-${String(n).padStart(10, '0')}`;
}

function source(name: string, topic: string, next: string): TopologyNode {
  return { name, kind: 'source', topics: [topic], stores: [], successors: [next] };
}

function processor(
  name: string,
  successors: readonly string[],
  stores: readonly string[] = [],
): TopologyNode {
  return { name, kind: 'processor', topics: [], stores, successors };
}

function sink(name: string, topic: string): TopologyNode {
  return { name, kind: 'sink', topics: [topic], stores: [], successors: [] };
}

/** Builds a chain of processors, each forwarding to the next. */
function chain(names: readonly string[], last: string): TopologyNode[] {
  return names.map((name, i) => processor(name, [i + 1 < names.length ? names[i + 1] : last]));
}

/** The store of a GROUP BY aggregation and its changelog suffix. */
export const AGGREGATE_STORE = 'Aggregate-Aggregate-Materialize';
export const GROUP_BY_REPARTITION = 'Aggregate-GroupBy-repartition';
/** The store that materializes the table side of a stream–table join (ksqlDB's `KafkaTopic_Right`). */
export const JOIN_TABLE_STORE = 'KafkaTopic_Right-Reduce';
export const JOIN_REPARTITION = 'Join-repartition';
/** The store that materializes a single table source (QTT `table_-_update-delete`). */
export const TABLE_SOURCE_STORE = 'KsqlTopic-Reduce';

export interface AggregateShape {
  readonly applicationId: string;
  readonly sourceTopic: string;
  readonly sinkTopic: string;
  readonly repartition: boolean;
  readonly windowed: boolean;
  readonly where: boolean;
  readonly having: boolean;
}

/** `CREATE TABLE … AS SELECT … GROUP BY` (streams-model.md §1.2). */
export function aggregateTopology(shape: AggregateShape): SubTopology[] {
  const repartitionTopic = `${shape.applicationId}-${GROUP_BY_REPARTITION}`;
  let counter = 3; // 0: source, 1: PROCESSVALUES, 2: its PEEK (ksqlDB's processing-log peek)
  const first: TopologyNode[] = [];
  const peeks: TopologyNode[] = [processor(numbered('KSTREAM-PEEK', 2), [])];
  const afterValues = shape.where ? 'WhereFilter' : 'Aggregate-Prepare';
  first.push(
    source(numbered('KSTREAM-SOURCE', 0), shape.sourceTopic, numbered('KSTREAM-PROCESSVALUES', 1)),
  );
  first.push(
    processor(numbered('KSTREAM-PROCESSVALUES', 1), [afterValues, numbered('KSTREAM-PEEK', 2)]),
  );
  if (shape.where) {
    // QTT `suppress_-_should_suppress_after_a_filter_WHERE_clause`: WhereFilter has its own peek.
    const peek = numbered('KSTREAM-PEEK', counter++);
    first.push(processor('WhereFilter', ['Aggregate-Prepare', peek]));
    peeks.push(processor(peek, []));
  }
  const aggregateIndex = shape.repartition ? counter + 2 : counter;
  const aggregate = numbered('KSTREAM-AGGREGATE', aggregateIndex);
  const tail = [
    'Aggregate-Aggregate-ToOutputSchema',
    ...(shape.windowed ? ['Aggregate-Aggregate-WindowSelect'] : []),
    ...(shape.having
      ? [
          'Aggregate-HavingFilter-ApplyPredicate',
          'Aggregate-HavingFilter-Filter',
          'Aggregate-HavingFilter-PostProcess',
        ]
      : []),
    'Aggregate-Project',
  ];
  // Each named KTable operation takes a counter value, and the repartition step three more.
  const toStreamIndex = aggregateIndex + tail.length + 1 + (shape.repartition ? 3 : 0);
  const toStream = numbered('KTABLE-TOSTREAM', toStreamIndex);
  const sinkName = numbered('KSTREAM-SINK', toStreamIndex + 1);
  const aggregation: TopologyNode[] = [
    processor(aggregate, [tail[0]], [AGGREGATE_STORE]),
    ...chain(tail, toStream),
    processor(toStream, [sinkName]),
    sink(sinkName, shape.sinkTopic),
  ];
  if (!shape.repartition) {
    first.push(processor('Aggregate-Prepare', [aggregate]), ...aggregation);
    return [{ id: 0, nodes: [...first, ...peeks] }];
  }
  const filter = numbered('KSTREAM-FILTER', counter);
  first.push(
    processor('Aggregate-Prepare', [filter]),
    processor(filter, ['Aggregate-GroupBy']),
    processor('Aggregate-GroupBy', ['Aggregate-GroupBy-repartition-filter']),
    processor('Aggregate-GroupBy-repartition-filter', ['Aggregate-GroupBy-repartition-sink']),
    sink('Aggregate-GroupBy-repartition-sink', repartitionTopic),
  );
  return [
    { id: 0, nodes: [...first, ...peeks] },
    {
      id: 1,
      nodes: [
        source('Aggregate-GroupBy-repartition-source', repartitionTopic, aggregate),
        ...aggregation,
      ],
    },
  ];
}

export interface StreamShape {
  readonly sourceTopic: string;
  readonly sinkTopic: string;
  readonly where: boolean;
  readonly partitionBy: boolean;
}

/** `CREATE STREAM … AS SELECT` over one stream: WHERE, PARTITION BY, projection. */
export function streamTopology(shape: StreamShape): SubTopology[] {
  let counter = 3;
  const steps = [
    ...(shape.where ? ['WhereFilter'] : []),
    ...(shape.partitionBy ? ['PartitionBy-SelectKey'] : []),
    'Project',
  ];
  const peeks: TopologyNode[] = [processor(numbered('KSTREAM-PEEK', 2), [])];
  const nodes: TopologyNode[] = [
    source(numbered('KSTREAM-SOURCE', 0), shape.sourceTopic, numbered('KSTREAM-PROCESSVALUES', 1)),
    processor(numbered('KSTREAM-PROCESSVALUES', 1), [steps[0], numbered('KSTREAM-PEEK', 2)]),
  ];
  const stepPeeks = steps.slice(0, -1).map(() => numbered('KSTREAM-PEEK', counter++));
  const sinkName = numbered('KSTREAM-SINK', counter);
  steps.forEach((step, i) => {
    const next = i + 1 < steps.length ? steps[i + 1] : sinkName;
    nodes.push(processor(step, i < stepPeeks.length ? [stepPeeks[i], next] : [next]));
  });
  for (const peek of stepPeeks) peeks.push(processor(peek, []));
  nodes.push(sink(sinkName, shape.sinkTopic));
  return [{ id: 0, nodes: [...nodes, ...peeks] }];
}

export interface JoinShape {
  readonly applicationId: string;
  readonly streamTopic: string;
  readonly tableTopic: string;
  readonly sinkTopic: string;
  readonly repartition: boolean;
  readonly where: boolean;
}

/** `CREATE STREAM … AS SELECT … FROM s [LEFT] JOIN t ON …`. */
export function joinTopology(shape: JoinShape): SubTopology[] {
  const repartitionTopic = `${shape.applicationId}-${JOIN_REPARTITION}`;
  const tableNodes: TopologyNode[] = [
    source(numbered('KSTREAM-SOURCE', 1), shape.tableTopic, numbered('KTABLE-SOURCE', 2)),
    processor(numbered('KTABLE-SOURCE', 2), [numbered('KTABLE-TRANSFORMVALUES', 3)]),
    processor(
      numbered('KTABLE-TRANSFORMVALUES', 3),
      [numbered('KTABLE-TRANSFORMVALUES', 4)],
      [JOIN_TABLE_STORE],
    ),
    processor(numbered('KTABLE-TRANSFORMVALUES', 4), ['PrependAliasRight']),
    processor('PrependAliasRight', []),
  ];
  // Stream side: source 6, PROCESSVALUES 7, its peek 8; with the select-key step the peek is
  // 9 and the repartition's source, sink and filter take the numbers up to 13.
  const streamSource = numbered('KSTREAM-SOURCE', 6);
  const values = numbered('KSTREAM-PROCESSVALUES', 7);
  const streamPeek = numbered('KSTREAM-PEEK', shape.repartition ? 9 : 8);
  const joinPeekIndex = shape.repartition ? 14 : 10;
  const streamNodes: TopologyNode[] = [source(streamSource, shape.streamTopic, values)];
  const peeks: TopologyNode[] = [processor(streamPeek, [])];
  if (shape.repartition) {
    streamNodes.push(
      processor(values, ['LeftSourceKeyed-SelectKey']),
      processor('LeftSourceKeyed-SelectKey', ['PrependAliasLeft', streamPeek]),
      processor('PrependAliasLeft', ['Join-repartition-filter']),
      processor('Join-repartition-filter', ['Join-repartition-sink']),
      sink('Join-repartition-sink', repartitionTopic),
    );
  } else {
    streamNodes.push(
      processor(values, ['PrependAliasLeft', streamPeek]),
      processor('PrependAliasLeft', ['Join']),
    );
  }
  const joinPeek = numbered('KSTREAM-PEEK', joinPeekIndex);
  // (derived) a WHERE after the join has its own peek, as in a stream projection.
  const wherePeek = shape.where ? numbered('KSTREAM-PEEK', joinPeekIndex + 1) : null;
  const sinkName = numbered('KSTREAM-SINK', joinPeekIndex + (shape.where ? 2 : 1));
  const joinNodes: TopologyNode[] = [
    processor('Join', [joinPeek, shape.where ? 'WhereFilter' : 'Project'], [JOIN_TABLE_STORE]),
    ...(wherePeek !== null ? [processor('WhereFilter', [wherePeek, 'Project'])] : []),
    processor('Project', [sinkName]),
    sink(sinkName, shape.sinkTopic),
  ];
  const joinPeeks = [
    processor(joinPeek, []),
    ...(wherePeek !== null ? [processor(wherePeek, [])] : []),
  ];
  if (!shape.repartition) {
    return [
      { id: 0, nodes: [...tableNodes, ...streamNodes, ...joinNodes, ...peeks, ...joinPeeks] },
    ];
  }
  return [
    {
      id: 0,
      nodes: [
        source('Join-repartition-source', repartitionTopic, 'Join'),
        ...tableNodes,
        ...joinNodes,
        ...joinPeeks,
      ],
    },
    { id: 1, nodes: [...streamNodes, ...peeks] },
  ];
}

export interface TableShape {
  readonly sourceTopic: string;
  readonly sinkTopic: string;
  readonly where: boolean;
}

/**
 * `CREATE TABLE … AS SELECT` over a table without GROUP BY: QTT
 * `table_-_update-delete` (7.1.0). The WHERE nodes (a KTable filter, as HAVING's) are derived.
 */
export function tableTopology(shape: TableShape): SubTopology[] {
  const steps = [
    numbered('KTABLE-SOURCE', 2),
    numbered('KTABLE-TRANSFORMVALUES', 3),
    numbered('KTABLE-TRANSFORMVALUES', 4),
    ...(shape.where
      ? ['WhereFilter-ApplyPredicate', 'WhereFilter-Filter', 'WhereFilter-PostProcess']
      : []),
    'Project',
  ];
  const toStreamIndex = 6 + (shape.where ? 3 : 0);
  const toStream = numbered('KTABLE-TOSTREAM', toStreamIndex);
  const sinkName = numbered('KSTREAM-SINK', toStreamIndex + 1);
  const nodes = chain(steps, toStream).map((n) =>
    n.name === steps[1] ? { ...n, stores: [TABLE_SOURCE_STORE] } : n,
  );
  return [
    {
      id: 0,
      nodes: [
        source(numbered('KSTREAM-SOURCE', 1), shape.sourceTopic, steps[0]),
        ...nodes,
        processor(toStream, [sinkName]),
        sink(sinkName, shape.sinkTopic),
      ],
    },
  ];
}

/** A changelog of a store: `<applicationId>-<store>-changelog` (AK `ProcessorStateManager#storeChangelogTopic`). */
export function changelog(
  applicationId: string,
  store: string,
  windowed: boolean,
  partitions: number | null,
): InternalTopic {
  return {
    name: `${applicationId}-${store}-changelog`,
    role: 'changelog',
    cleanupPolicy: windowed ? 'compact,delete' : 'compact',
    partitions,
  };
}

/** A repartition topic: `delete`, infinite retention (AK `RepartitionTopicConfig`). */
export function repartitionTopic(
  applicationId: string,
  name: string,
  partitions: number | null,
): InternalTopic {
  return {
    name: `${applicationId}-${name}`,
    role: 'repartition',
    cleanupPolicy: 'delete',
    partitions,
  };
}
