package kafkascope.conformance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Aggregator;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.EmitStrategy;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Initializer;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Merger;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.SessionWindowedKStream;
import org.apache.kafka.streams.kstream.SessionWindows;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindowedKStream;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.kstream.WindowedSerdes;
import org.apache.kafka.streams.state.SessionStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Builds, with the Kafka Streams DSL, the topology ksqlDB compiles a windowed
 * {@code CREATE TABLE … AS SELECT … WINDOW … GROUP BY … [HAVING …] EMIT …} to. Read from
 * confluentinc/ksql (master, 8.x):
 *
 * <ul>
 *   <li>source: {@code SourceBuilder} — a KStream of the topic; a null value stays null
 *       ({@code AddRemainingPseudoAndKeyCols#transform} returns it unchanged), a null key stays
 *       null;
 *   <li>{@code Aggregate-Prepare} ({@code StreamSelectBuilder}): the row of the columns the
 *       aggregation needs, null for a null value;
 *   <li>GROUP BY: {@code StreamGroupByBuilderBase} — {@code groupByKey} when the GROUP BY is
 *       exactly the single key column ({@code Repartitioning#repartitionNeeded}); otherwise
 *       {@code filter(v != null)} then {@code groupBy(new key)} through the
 *       {@code Aggregate-GroupBy-repartition} topic; a null grouping value gives a null key
 *       ({@code GroupByParamsV1Factory#processColumn}); Kafka's {@code
 *       Aggregate-GroupBy-repartition-filter} drops it before the repartition topic, silently
 *       (no dropped-records, no stream-time advance: {@code InternalStreamsBuilder
 *       #rewriteRepartitionNodes} turns the KIP-962 pass-all filter back into {@code k != null}
 *       when no join downstream accepts null keys);
 *   <li>window and emit: {@code StreamAggregateBuilder.WindowedAggregator} —
 *       {@code TimeWindows.ofSizeAndGrace(size, grace)} ({@code .advanceBy} for HOPPING),
 *       {@code SessionWindows.ofInactivityGapAndGrace(gap, grace)}; without a GRACE PERIOD the
 *       grace is {@code max(24h − size, 0)} for EMIT CHANGES and 0 for EMIT FINAL (ksqlDB's
 *       {@code RewrittenAnalysis#getWindowExpression}), resolved by the generator into
 *       {@code graceMs}; EMIT FINAL adds {@code emitStrategy(EmitStrategy.onWindowClose())}
 *       (ksqlDB ≥ 0.29, {@code ksql.suppress.enabled} default true); the store
 *       {@code Aggregate-Aggregate-Materialize} gets {@code withRetention} only when the statement
 *       has a RETENTION clause (else Kafka's {@code WindowStoreMaterializer} uses size + grace);
 *   <li>after the aggregate, all KTable operations (so old values flow, see
 *       {@code KTableFilter}): {@code Aggregate-Aggregate-ToOutputSchema} (the UDAFs' map(),
 *       identity for COUNT/SUM/MIN/MAX), {@code Aggregate-Aggregate-WindowSelect},
 *       HAVING as {@code TableFilterBuilder} builds it (transformValues to Optional → filter
 *       present → mapValues get), {@code Aggregate-Project}, {@code toStream()}, and the sink
 *       with the windowed key serde ({@code TimeWindowedSerde}: key + 8-byte start;
 *       {@code SessionWindowedSerde}: key + end + start) and the JSON value {@code {"KSQL_COL_0":4}}.
 * </ul>
 *
 * <p>Rows travel as JSON text ({@code [key, col1, col2, …]}) and aggregates as a JSON array of
 * the UDAF states, both with String serdes: the harness only needs the values to round-trip.
 */
final class KsqlTopology {
  private KsqlTopology() {}

  static Topology build(final Spec spec) {
    final StreamsBuilder builder = new StreamsBuilder();
    final Serde<String> str = Serdes.String();

    final KStream<String, String> source =
        builder.stream(spec.sourceTopic, Consumed.with(str, str));
    // Source + Aggregate-Prepare: parse the JSON value into the row (null stays null).
    final KStream<String, String> prepared =
        source.mapValues((k, v) -> v == null ? null : prepare(spec, k, v), Named.as("Aggregate-Prepare"));

    final KGroupedStream<String, String> grouped;
    if (spec.groupByKey) {
      grouped = prepared.groupByKey(Grouped.with(str, str));
    } else {
      final int col = columnIndex(spec, spec.groupBy);
      grouped = prepared
          .filter((k, v) -> v != null)
          .groupBy((k, v) -> groupKey(v, col), Grouped.with("Aggregate-GroupBy", str, str));
    }

    final Initializer<String> init = () -> initialAggregate(spec);
    final Aggregator<String, String, String> aggregator = (k, row, agg) -> aggregate(spec, row, agg);

    KTable<Windowed<String>, String> aggregated;
    final Spec.Window w = spec.window;
    if (w.kind() == Spec.WindowKind.SESSION) {
      SessionWindowedKStream<String, String> windowed = grouped.windowedBy(
          SessionWindows.ofInactivityGapAndGrace(Duration.ofMillis(w.gapMs()), Duration.ofMillis(w.graceMs())));
      if (spec.emit == Spec.Emit.FINAL) {
        windowed = windowed.emitStrategy(EmitStrategy.onWindowClose());
      }
      Materialized<String, String, SessionStore<Bytes, byte[]>> m =
          Materialized.<String, String, SessionStore<Bytes, byte[]>>as("Aggregate-Aggregate-Materialize")
              .withKeySerde(str).withValueSerde(str);
      if (w.retentionMs() != null) {
        m = m.withRetention(Duration.ofMillis(w.retentionMs()));
      }
      final Merger<String, String> merger = (k, a, b) -> merge(spec, a, b);
      aggregated = windowed.aggregate(init, aggregator, merger, m);
    } else {
      TimeWindows windows = TimeWindows.ofSizeAndGrace(Duration.ofMillis(w.sizeMs()), Duration.ofMillis(w.graceMs()));
      if (w.kind() == Spec.WindowKind.HOPPING) {
        windows = windows.advanceBy(Duration.ofMillis(w.advanceMs()));
      }
      TimeWindowedKStream<String, String> windowed = grouped.windowedBy(windows);
      if (spec.emit == Spec.Emit.FINAL && spec.variant == Spec.Variant.KSQL) {
        windowed = windowed.emitStrategy(EmitStrategy.onWindowClose());
      }
      Materialized<String, String, WindowStore<Bytes, byte[]>> m =
          Materialized.<String, String, WindowStore<Bytes, byte[]>>as("Aggregate-Aggregate-Materialize")
              .withKeySerde(str).withValueSerde(str);
      if (w.retentionMs() != null) {
        m = m.withRetention(Duration.ofMillis(w.retentionMs()));
      }
      aggregated = windowed.aggregate(init, aggregator, m);
      if (spec.variant == Spec.Variant.SUPPRESS) {
        // The plain Kafka Streams way to one result per window (and ksqlDB's EMIT FINAL of
        // 0.12–0.28): an in-memory buffer keyed by window end, no retention cut-off.
        aggregated = aggregated.suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()));
      }
    }

    // Aggregate-Aggregate-ToOutputSchema and -WindowSelect: value mappers (null → null).
    KTable<Windowed<String>, String> table = aggregated
        .mapValues(v -> v, Named.as("Aggregate-Aggregate-ToOutputSchema"))
        .mapValues(v -> v, Named.as("Aggregate-Aggregate-WindowSelect"));
    if (spec.having != null) {
      // TableFilterBuilder: SqlPredicate's transformer gives Optional.empty() for a null row or
      // a false/null predicate; the KTableFilter sees the old value too (the aggregate is
      // materialized), so a row that stops matching becomes a tombstone.
      table = table
          .mapValues(v -> v == null || !having(spec, v) ? Optional.<String>empty() : Optional.of(v),
              Named.as("Aggregate-HavingFilter-ApplyPredicate"))
          .filter((k, v) -> v.isPresent(), Named.as("Aggregate-HavingFilter-Filter"))
          .mapValues(Optional::get, Named.as("Aggregate-HavingFilter-PostProcess"));
    }
    final KTable<Windowed<String>, String> projected =
        table.mapValues(v -> v == null ? null : project(spec, v), Named.as("Aggregate-Project"));

    final Serde<Windowed<String>> windowedSerde = w.kind() == Spec.WindowKind.SESSION
        ? new WindowedSerdes.SessionWindowedSerde<>(str)
        : new WindowedSerdes.TimeWindowedSerde<>(str, w.sizeMs());
    projected.toStream().to(spec.sinkTopic, Produced.with(windowedSerde, str));
    return builder.build();
  }

  // ---------------------------------------------------------------------------------------------
  // Rows: [key column, value columns in declared order]

  static int columnIndex(final Spec spec, final String name) {
    if (name.equals(spec.keyColumn)) {
      return 0;
    }
    for (int i = 0; i < spec.valueColumns.size(); i++) {
      if (spec.valueColumns.get(i).name().equals(name)) {
        return i + 1;
      }
    }
    throw new IllegalArgumentException("unknown column " + name);
  }

  /**
   * KsqlJsonDeserializer: the value must be a JSON object; each column is looked up by its exact
   * name, then among the upper-cased field names (unquoted identifiers are upper case); a missing
   * field is null.
   */
  static String prepare(final Spec spec, final String key, final String json) {
    final JsonNode node;
    try {
      node = Main.JSON.readTree(json);
    } catch (final JsonProcessingException e) {
      throw new IllegalArgumentException("bad JSON value: " + json, e);
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException("value is not a JSON object: " + json);
    }
    final ObjectNode upper = Main.JSON.createObjectNode();
    for (final Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      final Map.Entry<String, JsonNode> e = it.next();
      upper.set(e.getKey().toUpperCase(), e.getValue());
    }
    final ArrayNode row = Main.JSON.createArrayNode();
    if (key == null) {
      row.addNull();
    } else {
      row.add(key);
    }
    for (final Spec.Column c : spec.valueColumns) {
      JsonNode v = node.get(c.name());
      if (v == null) {
        v = upper.get(c.name());
      }
      if (v == null || v.isNull()) {
        row.addNull();
      } else if (c.type().equals("INTEGER")) {
        row.add(v.asInt());
      } else if (c.type().equals("BIGINT")) {
        row.add(v.asLong());
      } else {
        row.add(v.asText());
      }
    }
    return row.toString();
  }

  static String groupKey(final String row, final int col) {
    final JsonNode v = parse(row).get(col);
    return v.isNull() ? null : v.asText();
  }

  static JsonNode parse(final String text) {
    try {
      return Main.JSON.readTree(text);
    } catch (final JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // UDAFs as ksqlDB implements them (ksqldb-engine …/function/udaf): CountKudaf (0, +1 unless the
  // argument is null; COUNT(*) counts every row), IntegerSumKudaf / LongSumKudaf (0, nulls
  // skipped, Java int/long arithmetic), BaseComparableKudaf for MIN/MAX (null, nulls skipped).

  static String initialAggregate(final Spec spec) {
    final ArrayNode agg = Main.JSON.createArrayNode();
    for (final Spec.Aggregate a : spec.aggregates) {
      switch (a.fn()) {
        case "COUNT" -> agg.add(0L);
        case "SUM" -> {
          if (a.type().equals("INTEGER")) {
            agg.add(0);
          } else {
            agg.add(0L);
          }
        }
        case "MIN", "MAX" -> agg.addNull();
        default -> throw new IllegalArgumentException("unsupported aggregate " + a.fn());
      }
    }
    return agg.toString();
  }

  static String aggregate(final Spec spec, final String rowText, final String aggText) {
    if (rowText == null) {
      // KudafAggregator#apply reads rowValue.get(i) for the key copy first: ksqlDB's windowed
      // aggregate (which, unlike KStreamAggregate, does not skip null values) throws a
      // NullPointerException here. The generator never sends a null value down this path.
      throw new IllegalStateException("null value reached the windowed aggregate (ksqlDB's KudafAggregator throws NullPointerException)");
    }
    final JsonNode row = parse(rowText);
    final ArrayNode agg = (ArrayNode) parse(aggText);
    for (int i = 0; i < spec.aggregates.size(); i++) {
      final Spec.Aggregate a = spec.aggregates.get(i);
      final JsonNode v = a.arg() == null ? null : row.get(columnIndex(spec, a.arg()));
      final boolean isNull = a.arg() != null && (v == null || v.isNull());
      switch (a.fn()) {
        case "COUNT" -> {
          if (!isNull) {
            agg.set(i, agg.get(i).asLong() + 1);
          }
        }
        case "SUM" -> {
          if (!isNull) {
            if (a.type().equals("INTEGER")) {
              agg.set(i, agg.get(i).asInt() + v.asInt());
            } else {
              agg.set(i, agg.get(i).asLong() + v.asLong());
            }
          }
        }
        case "MIN", "MAX" -> {
          if (!isNull) {
            agg.set(i, minMax(a, agg.get(i), v));
          }
        }
        default -> throw new IllegalArgumentException("unsupported aggregate " + a.fn());
      }
    }
    return agg.toString();
  }

  /** BaseComparableKudaf#aggregate with one side possibly null. */
  static JsonNode minMax(final Spec.Aggregate a, final JsonNode current, final JsonNode value) {
    if (value == null || value.isNull()) {
      return current;
    }
    if (current == null || current.isNull()) {
      return value;
    }
    final int cmp = a.type().equals("STRING")
        ? value.asText().compareTo(current.asText())
        : Long.compare(value.asLong(), current.asLong());
    if (a.fn().equals("MAX")) {
      return cmp > 0 ? value : current;
    }
    return cmp < 0 ? value : current;
  }

  /** KudafAggregator#getMerger: each UDAF's merge (COUNT/SUM add, MIN/MAX compare). */
  static String merge(final Spec spec, final String aText, final String bText) {
    final ArrayNode a = (ArrayNode) parse(aText);
    final ArrayNode b = (ArrayNode) parse(bText);
    final ArrayNode out = Main.JSON.createArrayNode();
    for (int i = 0; i < spec.aggregates.size(); i++) {
      final Spec.Aggregate f = spec.aggregates.get(i);
      switch (f.fn()) {
        case "COUNT" -> out.add(a.get(i).asLong() + b.get(i).asLong());
        case "SUM" -> {
          if (f.type().equals("INTEGER")) {
            out.add(a.get(i).asInt() + b.get(i).asInt());
          } else {
            out.add(a.get(i).asLong() + b.get(i).asLong());
          }
        }
        case "MIN", "MAX" -> out.add(minMax(f, a.get(i), b.get(i)));
        default -> throw new IllegalArgumentException("unsupported aggregate " + f.fn());
      }
    }
    return out.toString();
  }

  /** SqlPredicate: a comparison with a null operand is false, so the row is filtered. */
  static boolean having(final Spec spec, final String aggText) {
    final JsonNode v = parse(aggText).get(spec.having.aggregate());
    if (v == null || v.isNull()) {
      return false;
    }
    final long x = v.asLong();
    final long lit = spec.having.literal();
    return switch (spec.having.op()) {
      case ">" -> x > lit;
      case ">=" -> x >= lit;
      case "<" -> x < lit;
      case "<=" -> x <= lit;
      case "=" -> x == lit;
      case "<>", "!=" -> x != lit;
      default -> throw new IllegalArgumentException("unsupported operator " + spec.having.op());
    };
  }

  /** Aggregate-Project + KsqlJsonSerializer: the sink's value columns in order, as a JSON object. */
  static String project(final Spec spec, final String aggText) {
    final JsonNode agg = parse(aggText);
    final ObjectNode out = Main.JSON.createObjectNode();
    for (final Spec.Projection p : spec.projection) {
      out.set(p.name(), agg.get(p.aggregate()));
    }
    return out.toString();
  }
}
