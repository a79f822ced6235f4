package kafkascope.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The structured form of a case's CREATE TABLE … AS SELECT, as scripts/conformance/generate.ts
 * writes it next to the statement text (both come from one description, so they agree).
 */
final class Spec {
  enum WindowKind { TUMBLING, HOPPING, SESSION }

  enum Emit { CHANGES, FINAL }

  /** "ksql": the topology ksqlDB builds; "suppress": Kafka Streams DSL aggregate + suppress(). */
  enum Variant { KSQL, SUPPRESS }

  record Column(String name, String type) {}

  record Window(WindowKind kind, long sizeMs, long advanceMs, long gapMs, long graceMs, Long retentionMs) {}

  /** COUNT(*) has arg null. */
  record Aggregate(String fn, String arg, String type) {}

  /** A value column of the sink: the aggregate at this index, under this name. */
  record Projection(String name, int aggregate) {}

  record Having(int aggregate, String op, long literal) {}

  String sourceTopic;
  String sinkTopic;
  String keyColumn;
  List<Column> valueColumns = new ArrayList<>();
  String groupBy;
  boolean groupByKey;
  Window window;
  List<Aggregate> aggregates = new ArrayList<>();
  List<Projection> projection = new ArrayList<>();
  Having having;
  Emit emit;
  long cacheMaxBytes;
  Variant variant = Variant.KSQL;

  static Spec parse(final JsonNode n) {
    final Spec s = new Spec();
    s.sourceTopic = n.get("sourceTopic").asText();
    s.sinkTopic = n.get("sinkTopic").asText();
    s.keyColumn = n.get("keyColumn").asText();
    for (final JsonNode c : n.get("valueColumns")) {
      s.valueColumns.add(new Column(c.get("name").asText(), c.get("type").asText()));
    }
    s.groupBy = n.get("groupBy").asText();
    s.groupByKey = s.groupBy.equals(s.keyColumn);
    final JsonNode w = n.get("window");
    s.window = new Window(
        WindowKind.valueOf(w.get("kind").asText()),
        w.path("sizeMs").asLong(0),
        w.path("advanceMs").asLong(0),
        w.path("gapMs").asLong(0),
        w.get("graceMs").asLong(),
        w.hasNonNull("retentionMs") ? w.get("retentionMs").asLong() : null);
    for (final JsonNode a : n.get("aggregates")) {
      s.aggregates.add(new Aggregate(
          a.get("fn").asText(), a.hasNonNull("arg") ? a.get("arg").asText() : null, a.get("type").asText()));
    }
    for (final JsonNode p : n.get("projection")) {
      s.projection.add(new Projection(p.get("name").asText(), p.get("aggregate").asInt()));
    }
    final JsonNode h = n.get("having");
    if (h != null && !h.isNull()) {
      s.having = new Having(h.get("aggregate").asInt(), h.get("op").asText(), h.get("literal").asLong());
    }
    s.emit = Emit.valueOf(n.get("emit").asText());
    s.cacheMaxBytes = n.get("cacheMaxBytes").asLong();
    if (n.hasNonNull("variant")) {
      s.variant = Variant.valueOf(n.get("variant").asText().toUpperCase());
    }
    return s;
  }
}
