/**
 * `CREATE STREAM` / `CREATE TABLE` with a column list: a source over a topic. Checks follow
 * ksqlDB's `CreateSourceFactory`, `TableElements`, `CreateStream`/`CreateTable` and
 * `TopicCreateInjector`.
 */
import type { Column, SourceDefinition, TopicCatalog, ValueFormat } from '../plan';
import type { AstStatement, WithProperty } from './ast';
import { KsqlError, notSupported } from './errors';
import { locationPrefix } from './format';

type CreateSource = AstStatement & { kind: 'createSource' };

export const RESERVED_COLUMN_NAMES: ReadonlySet<string> = new Set([
  'ROWTIME',
  'WINDOWSTART',
  'WINDOWEND',
  'ROWPARTITION',
  'ROWOFFSET',
]);

/** WITH properties ksqlDB knows (`CommonCreateConfigs`, `CreateConfigs`) that kafkascope does not model. */
const UNMODELLED_PROPERTIES: ReadonlySet<string> = new Set([
  'WINDOW_TYPE',
  'WINDOW_SIZE',
  'WRAP_SINGLE_VALUE',
  'VALUE_DELIMITER',
  'KEY_DELIMITER',
  'TIMESTAMP_FORMAT',
  'KEY_SCHEMA_ID',
  'VALUE_SCHEMA_ID',
  'KEY_SCHEMA_FULL_NAME',
  'VALUE_SCHEMA_FULL_NAME',
  'VALUE_AVRO_SCHEMA_FULL_NAME',
  'RETENTION_MS',
  'SOURCED_BY_CONNECTOR',
]);

/** Reads a WITH clause: refuses names outside `allowed` as ksqlDB's `PropertiesConfig` does. */
export function readWith(
  properties: readonly WithProperty[],
  allowed: readonly string[],
): ReadonlyMap<string, WithProperty> {
  const format = properties.find((p) => p.name === 'FORMAT');
  if (format !== undefined) {
    // FORMAT sets the key format as well; kafkascope's keys are always KAFKA.
    throw notSupported('FORMAT (it sets the key format too; use VALUE_FORMAT)', format.position);
  }
  const unmodelled = properties.find(
    (p) => !allowed.includes(p.name) && UNMODELLED_PROPERTIES.has(p.name),
  );
  if (unmodelled !== undefined)
    throw notSupported(`The WITH property ${unmodelled.name}`, unmodelled.position);
  const unknown = properties.filter((p) => !allowed.includes(p.name));
  if (unknown.length > 0) {
    throw new KsqlError(
      `Invalid config variable(s) in the WITH clause: ${unknown.map((p) => p.name).join(',')}`,
      unknown[0].position,
    );
  }
  return new Map(properties.map((p) => [p.name, p]));
}

/** `VALUE_FORMAT`: JSON, KAFKA or DELIMITED; other ksqlDB formats are refused. */
export function readValueFormat(p: WithProperty): ValueFormat {
  const v = String(p.value).toUpperCase();
  if (v === 'JSON' || v === 'KAFKA' || v === 'DELIMITED') return v;
  if (['AVRO', 'PROTOBUF', 'JSON_SR', 'PROTOBUF_NOSR', 'NONE'].includes(v))
    throw notSupported(`VALUE_FORMAT '${v}'`, p.position);
  throw new KsqlError(`Unknown format: ${v}`, p.position);
}

/** `KEY_FORMAT`: kafkascope's keys are always KAFKA-serialized. */
export function checkKeyFormat(p: WithProperty | undefined): void {
  if (p !== undefined && String(p.value).toUpperCase() !== 'KAFKA') {
    throw notSupported(`KEY_FORMAT '${String(p.value)}'`, p.position);
  }
}

export function readPartitions(p: WithProperty | undefined): number | null {
  if (p === undefined) return null;
  if (typeof p.value !== 'number' || !Number.isInteger(p.value) || p.value < 1) {
    throw new KsqlError(
      `Invalid number of partitions in WITH clause: ${String(p.value)}`,
      p.position,
    );
  }
  return p.value;
}

/** Builds the source a `CREATE STREAM|TABLE (…) WITH (…)` declares. */
export function createSource(
  stmt: CreateSource,
  existing: ReadonlyMap<string, SourceDefinition>,
  catalog: TopicCatalog,
): SourceDefinition {
  const kindWord = stmt.sourceKind === 'STREAM' ? 'stream' : 'table';
  const clash = existing.get(stmt.name);
  if (clash !== undefined) {
    throw new KsqlError(
      `Cannot add ${kindWord} '${stmt.name}': A ${clash.kind.toLowerCase()} with the same name already exists`,
      stmt.position,
    );
  }
  const columns = checkColumns(stmt);
  const props = readWith(stmt.properties, [
    'KAFKA_TOPIC',
    'VALUE_FORMAT',
    'PARTITIONS',
    'TIMESTAMP',
    'KEY_FORMAT',
    'REPLICAS',
  ]);
  const topicProp = props.get('KAFKA_TOPIC');
  if (topicProp === undefined) {
    throw new KsqlError(
      'Missing required property "KAFKA_TOPIC" which has no default value.',
      stmt.position,
    );
  }
  const formatProp = props.get('VALUE_FORMAT');
  if (formatProp === undefined) {
    throw new KsqlError(
      "Statement is missing the 'VALUE_FORMAT' property from the WITH clause. Either provide one or set a default via the 'ksql.persistence.default.format.value' config.",
      stmt.position,
    );
  }
  const valueFormat = readValueFormat(formatProp);
  checkKeyFormat(props.get('KEY_FORMAT'));
  const partitions = readPartitions(props.get('PARTITIONS'));
  const topic = String(topicProp.value);
  if (catalog[topic] === undefined && partitions === null) {
    const example = withPartitionsExample(stmt.text);
    throw new KsqlError(
      `Topic '${topic}' does not exist. If you want to create a new topic for the stream/table please re-run the statement providing the required 'PARTITIONS' configuration in the WITH clause (and optionally 'REPLICAS'). For example: ${example}`,
      topicProp.position,
      'ksqldb',
      example,
    );
  }
  checkKafkaFormat(valueFormat, columns, stmt);
  return {
    kind: stmt.sourceKind,
    name: stmt.name,
    topic,
    columns,
    valueFormat,
    partitions,
    timestampColumn: timestampColumn(props.get('TIMESTAMP'), columns),
    window: null,
    declaredBy: stmt.position,
  };
}

function checkColumns(stmt: CreateSource): Column[] {
  const seen = new Set<string>();
  const duplicates: string[] = [];
  for (const c of stmt.columns) {
    if (seen.has(c.name)) duplicates.push(c.name);
    seen.add(c.name);
    if (RESERVED_COLUMN_NAMES.has(c.name)) {
      throw new KsqlError(
        `'${c.name}' is a reserved column name. You cannot use it as a name for a column.`,
        c.position,
      );
    }
  }
  if (duplicates.length > 0) {
    throw new KsqlError(`Duplicate column names: ${duplicates.join(', ')}`, stmt.position);
  }
  // `KSQL CreateStream` / `CreateTable` constructors: the wrong kind of key for the source kind.
  const streamsHaveKeys =
    '\nTables have PRIMARY KEYs, which are unique and NON NULL.\nStreams have KEYs, which have no uniqueness or NON NULL constraints.';
  for (const c of stmt.columns) {
    if (stmt.sourceKind === 'STREAM' && c.constraint === 'PRIMARY KEY') {
      throw new KsqlError(
        `${locationPrefix(c.position)}Column \`${c.name}\` is a 'PRIMARY KEY' column: please use 'KEY' for streams.${streamsHaveKeys}`,
        c.position,
      );
    }
    if (stmt.sourceKind === 'TABLE' && c.constraint === 'KEY') {
      throw new KsqlError(
        `${locationPrefix(c.position)}Column \`${c.name}\` is a 'KEY' column: please use 'PRIMARY KEY' for tables.${streamsHaveKeys}`,
        c.position,
      );
    }
  }
  const keys = stmt.columns.filter((c) => c.constraint !== null);
  if (stmt.sourceKind === 'TABLE' && keys.length === 0) {
    throw new KsqlError(
      'Tables require a PRIMARY KEY. Please define the PRIMARY KEY.',
      stmt.position,
    );
  }
  if (keys.length > 1)
    throw notSupported('More than one key column (multi-column keys)', keys[1].position);
  // DESCRIBE lists key columns first (`LogicalSchema` keeps keys and values apart).
  const ordered = [...keys, ...stmt.columns.filter((c) => c.constraint === null)];
  return ordered.map((c) => ({ name: c.name, type: c.type, key: c.constraint !== null }));
}

/** The KAFKA format serializes a single primitive: one value column at most. */
function checkKafkaFormat(
  format: ValueFormat,
  columns: readonly Column[],
  stmt: CreateSource,
): void {
  const values = columns.filter((c) => !c.key);
  if (format === 'KAFKA' && values.length > 1) {
    throw new KsqlError(
      `The 'KAFKA' format only supports a single field. Got: [${values.map((c) => `\`${c.name}\` ${c.type}`).join(', ')}]`,
      stmt.position,
    );
  }
}

function timestampColumn(p: WithProperty | undefined, columns: readonly Column[]): string | null {
  if (p === undefined) return null;
  const name = String(p.value).toUpperCase();
  const column = columns.find((c) => c.name === name);
  if (column === undefined) {
    throw new KsqlError(
      `The TIMESTAMP column set in the WITH clause does not exist in the schema: '${name}'`,
      p.position,
    );
  }
  if (column.type !== 'BIGINT') {
    // ksqlDB also accepts TIMESTAMP columns and formatted strings; kafkascope models epoch ms only.
    throw new KsqlError(
      `Timestamp column, \`${name}\`, should be LONG(INT64), TIMESTAMP, or a String with a timestamp_format specified.`,
      p.position,
    );
  }
  return name;
}

/** The statement with `PARTITIONS=2` added to its WITH clause, as ksqlDB's example suggests. */
function withPartitionsExample(text: string): string {
  const withAt = text.search(/\bWITH\s*\(/i);
  if (withAt < 0) return text;
  const close = text.indexOf(')', withAt);
  if (close < 0) return text;
  return `${text.slice(0, close)}, PARTITIONS=2${text.slice(close)}`;
}
