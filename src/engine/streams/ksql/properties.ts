import type { SourcePosition, StreamsProperties } from '../plan';
import { KsqlError } from './errors';

/**
 * ksqlDB's defaults for the properties a script may SET (streams-model.md §1.7:
 * `KSQL KsqlConfig`, `KsqlConstants`): queries start from latest, a 10 MB record cache, a
 * 2 s commit interval, no standbys, four stream threads.
 */
export const KSQLDB_DEFAULT_PROPERTIES: StreamsProperties = {
  autoOffsetReset: 'latest',
  cacheMaxBytes: 10_000_000,
  commitIntervalMs: 2000,
  numStandbyReplicas: 0,
  numStreamThreads: 4,
};

type Setter = (
  props: StreamsProperties,
  value: string,
  position: SourcePosition,
  name: string,
) => StreamsProperties;

const SETTERS: Readonly<Record<string, Setter>> = {
  'auto.offset.reset': (props, value, position, name) => {
    const v = value.toLowerCase();
    if (v !== 'earliest' && v !== 'latest') {
      // Kafka's `ConfigDef.ValidString` wording.
      throw new KsqlError(
        `Invalid value ${value} for configuration ${name}: String must be one of: latest, earliest, none`,
        position,
      );
    }
    return { ...props, autoOffsetReset: v };
  },
  // KIP-770 renamed the cache size; Kafka Streams reads either (`StreamsConfigUtils#totalCacheSize`).
  'cache.max.bytes.buffering': (props, value, position, name) => ({
    ...props,
    cacheMaxBytes: nonNegative(value, position, name),
  }),
  'statestore.cache.max.bytes': (props, value, position, name) => ({
    ...props,
    cacheMaxBytes: nonNegative(value, position, name),
  }),
  'commit.interval.ms': (props, value, position, name) => ({
    ...props,
    commitIntervalMs: nonNegative(value, position, name),
  }),
  'num.standby.replicas': (props, value, position, name) => ({
    ...props,
    numStandbyReplicas: nonNegative(value, position, name),
  }),
  'num.stream.threads': (props, value, position, name) => ({
    ...props,
    numStreamThreads: nonNegative(value, position, name),
  }),
};

function nonNegative(value: string, position: SourcePosition, name: string): number {
  const n = Number(value.trim());
  if (value.trim() === '' || !Number.isInteger(n)) {
    // Kafka's `ConfigDef.parseType` wording for a number that does not parse.
    throw new KsqlError(
      `Invalid value ${value} for configuration ${name}: Not a number of type LONG`,
      position,
    );
  }
  if (n < 0)
    throw new KsqlError(
      `Invalid value ${value} for configuration ${name}: Value must be at least 0`,
      position,
    );
  return n;
}

/**
 * Applies one `SET 'name'='value';`. `ksql.streams.` prefixed names are the same properties
 * (ksqlDB passes them to Kafka Streams with the prefix removed). Anything else is refused:
 * kafkascope would otherwise silently ignore a setting the user expects to matter.
 */
export function applySet(
  props: StreamsProperties,
  name: string,
  value: string,
  position: SourcePosition,
): StreamsProperties {
  const bare = name.startsWith('ksql.streams.') ? name.slice('ksql.streams.'.length) : name;
  const setter = SETTERS[bare];
  if (setter === undefined) {
    throw new KsqlError(
      `Property '${name}' is not supported in kafkascope. Supported: ${Object.keys(SETTERS).join(', ')} (optionally prefixed with 'ksql.streams.').`,
      position,
      'kafkascope',
    );
  }
  return setter(props, value, position, name);
}
