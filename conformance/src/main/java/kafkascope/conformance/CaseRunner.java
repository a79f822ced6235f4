package kafkascope.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.SessionWindowedDeserializer;
import org.apache.kafka.streams.kstream.TimeWindowedDeserializer;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.test.TestRecord;

/** Runs one case in its own TopologyTestDriver and reports the sink's records and the drops. */
final class CaseRunner {
  private static final AtomicLong APP_IDS = new AtomicLong();

  private CaseRunner() {}

  static ObjectNode run(final JsonNode c, final Path stateRoot) {
    final ObjectNode result = Main.JSON.createObjectNode();
    result.put("id", c.get("id").asText());
    // "build": Kafka refused the topology or its configuration (a generator bug);
    // "process": Kafka threw while processing the inputs (Kafka's own failure, see the doc).
    String phase = "build";
    try {
      final Spec spec = Spec.parse(c.get("spec"));
      final Topology topology = KsqlTopology.build(spec);
      final Properties props = new Properties();
      // ksqlDB names the application _confluent-ksql-default_query_<queryId>; the id only
      // prefixes internal topics and the state directory, so a unique one per case is enough.
      props.put(StreamsConfig.APPLICATION_ID_CONFIG, "conformance-" + APP_IDS.incrementAndGet());
      props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:1234");
      props.put(StreamsConfig.STATE_DIR_CONFIG, stateRoot.toString());
      // The case's record cache: 0 makes InternalTopologyBuilder#rewriteTopology remove the
      // caching layers altogether; ksqlDB's default is 10,000,000.
      props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, spec.cacheMaxBytes);
      // TopologyTestDriver already sets the windowed aggregation's emit interval to 0 (so EMIT
      // FINAL checks for closed windows after every record); nothing else is overridden.
      try (TopologyTestDriver driver = new TopologyTestDriver(topology, props)) {
        phase = "process";
        final TestInputTopic<String, String> input =
            driver.createInputTopic(spec.sourceTopic, new StringSerializer(), new StringSerializer());
        for (final JsonNode r : c.get("inputs")) {
          if (!r.get("topic").asText().equals(spec.sourceTopic)) {
            throw new IllegalArgumentException("input for unknown topic " + r.get("topic"));
          }
          final String key = r.get("key").isNull() ? null : r.get("key").asText();
          final String value = r.get("value").isNull() ? null : r.get("value").asText();
          input.pipeInput(new TestRecord<>(key, value, null, r.get("timestampMs").asLong()));
        }
        final Deserializer<Windowed<String>> keyDeserializer = spec.window.kind() == Spec.WindowKind.SESSION
            ? new SessionWindowedDeserializer<>(new StringDeserializer())
            : new TimeWindowedDeserializer<>(new StringDeserializer(), spec.window.sizeMs());
        final TestOutputTopic<Windowed<String>, String> output =
            driver.createOutputTopic(spec.sinkTopic, keyDeserializer, new StringDeserializer());
        final ArrayNode outputs = result.putArray("outputs");
        for (final TestRecord<Windowed<String>, String> r : output.readRecordsToList()) {
          final ObjectNode o = outputs.addObject();
          o.put("topic", spec.sinkTopic);
          o.put("key", r.key().key());
          final ObjectNode w = o.putObject("window");
          w.put("startMs", r.key().window().start());
          w.put("endMs", r.key().window().end());
          if (r.value() == null) {
            o.putNull("value");
          } else {
            o.put("value", r.value());
          }
          o.put("timestampMs", r.timestamp());
        }
        result.put("droppedRecords", droppedRecords(driver.metrics()));
      }
      result.putNull("error");
    } catch (final RuntimeException | Error e) {
      // A case Kafka refuses (e.g. retention < size + grace) or an aggregator that throws: the
      // message is the result; the runner reports it rather than failing the other cases.
      result.remove("outputs");
      result.putNull("droppedRecords");
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      result.put("error", root.getClass().getSimpleName() + ": " + root.getMessage());
      result.put("errorPhase", phase);
    }
    return result;
  }

  /**
   * The task-level {@code dropped-records-total} (TaskMetrics#droppedRecordsSensor): records
   * skipped for a null key at the aggregate and for expired windows (once per window for hopping
   * windows), and at the source for invalid timestamps. TTD has a single task 0_0.
   */
  static long droppedRecords(final Map<MetricName, ? extends Metric> metrics) {
    double total = 0;
    for (final Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
      if (e.getKey().name().equals("dropped-records-total")
          && e.getKey().group().equals("stream-task-metrics")) {
        total += ((Number) e.getValue().metricValue()).doubleValue();
      }
    }
    return (long) total;
  }
}
