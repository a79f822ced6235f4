package kafkascope.course;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.File;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.server.common.MetadataVersion;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import java.util.TreeMap;

/**
 * The course on a real cluster: starts Apache Kafka in KRaft mode inside this JVM (four brokers,
 * 0 to 3, and one controller, by Kafka's own KafkaClusterTestKit) with the lessons' shortened
 * timeouts, runs every claim in turn (separate topics; brokers are killed and restarted as the
 * lessons do) and writes one result per claim: {id, lesson, passed, detail, elapsedMs}.
 *
 * <p>Usage: java -cp ... kafkascope.course.Main out.json [--only 04,06,...]
 */
public final class Main {
  /** broker.session.timeout.ms as lessons 11 and 12 set it (Kafka: 9000). */
  static final int SESSION_MS = 4000;
  /** broker.heartbeat.interval.ms as lessons 11 and 12 set it (Kafka: 2000). */
  static final int HEARTBEAT_MS = 1000;
  /**
   * replica.lag.time.max.ms: Kafka's 30000 would make the ISR-lag check wait 30 s; 8000 keeps it
   * above the fencing time, as Kafka's defaults do (30 s against 9 s), so a crashed broker still
   * leaves the ISR by fencing, as the lessons say.
   */
  static final int LAG_MS = 8000;
  /** leader.imbalance.check.interval.seconds as lesson 10 sets it (Kafka: 300). */
  static final int IMBALANCE_S = 10;
  /** The whole run's limit (it takes about 2 minutes). */
  static final long WATCHDOG_MS = 7 * 60 * 1000;
  /** offsets.topic.num.partitions as lesson 6 sets it (Kafka: 50). */
  static final int OFFSETS_PARTITIONS = 6;

  /**
   * What `kafka-storage format` gives a new cluster: the latest production metadata version and
   * every production feature at its default level for it (eligible leader replicas included). The
   * test kit's default would be the newest metadata version, unstable ones included.
   */
  static BootstrapMetadata productionBootstrap() {
    MetadataVersion mv = MetadataVersion.latestProduction();
    Map<String, Short> levels = new TreeMap<>();
    for (Feature f : Feature.PRODUCTION_FEATURES)
      if (f != Feature.KRAFT_VERSION) levels.put(f.featureName(), f.defaultLevel(mv));
    return BootstrapMetadata.fromVersions(mv, levels, "kafkascope course");
  }

  /**
   * Whether `--only` selects a claim: no `--only`, or one of its items is the claim's lesson
   * number ("04" for `04-keys-murmur2`) or its lesson's scenario name ("controller-quorum").
   */
  static boolean selected(String only, String id, String lesson) {
    if (only == null) return true;
    for (String o : only.split(",")) if (id.startsWith(o + "-") || lesson.equals(o)) return true;
    return false;
  }

  /** Whether `--only` selects any claim of the main cluster (anything but the quorum's claims). */
  static boolean mainSelected(String only) {
    if (only == null) return true;
    for (String o : only.split(",")) if (!o.equals(QuorumCourse.LESSON)) return true;
    return false;
  }

  /** Formats a cluster, starting its nodes with stdout silenced (format() prints a line per node). */
  static void formatAndStart(KafkaClusterTestKit cluster) throws Exception {
    PrintStream out = System.out;
    System.setOut(new PrintStream(OutputStream.nullOutputStream()));
    try {
      cluster.format();
    } finally {
      System.setOut(out);
    }
    cluster.startup();
    cluster.waitForReadyBrokers();
  }

  /** The lessons' claims on the 4-broker cluster. */
  static void runCourse(KafkaClusterTestKit.Builder builder, List<Map<String, Object>> claims, String only,
      Map<String, Object> doc, long t0) throws Exception {
    KafkaClusterTestKit cluster = builder.build();
    formatAndStart(cluster);
    Course course = new Course(cluster, claims, only);
    course.awaitReady();
    long startMs = (System.nanoTime() - t0) / 1_000_000;
    doc.put("clusterStartMs", startMs);
    System.out.printf("course: 4 brokers and 1 controller up in %.1f s%n", startMs / 1000.0);
    try {
      course.runAll();
      doc.put("features", course.features());
    } finally {
      doc.put("claimsMs", (System.nanoTime() - t0) / 1_000_000 - startMs);
      long stop = System.nanoTime();
      course.close();
      try {
        cluster.close();
      } catch (Exception e) {
        doc.put("closeError", e.toString());
      }
      doc.put("clusterStopMs", (System.nanoTime() - stop) / 1_000_000);
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: Main out.json [--only 04,06]");
      System.exit(2);
    }
    String only = null;
    for (int i = 1; i < args.length; i++) if (args[i].equals("--only")) only = args[++i];
    long t0 = System.nanoTime();
    TestKitNodes nodes =
        new TestKitNodes.Builder()
            .setCombined(false)
            .setNumControllerNodes(1)
            .setNumBrokerNodes(4)
            .setBootstrapMetadata(productionBootstrap())
            .build();
    KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
    Map<String, String> config = new LinkedHashMap<>();
    config.put("broker.session.timeout.ms", String.valueOf(SESSION_MS));
    config.put("broker.heartbeat.interval.ms", String.valueOf(HEARTBEAT_MS));
    config.put("replica.lag.time.max.ms", String.valueOf(LAG_MS));
    config.put("leader.imbalance.check.interval.seconds", String.valueOf(IMBALANCE_S));
    config.put("offsets.topic.num.partitions", String.valueOf(OFFSETS_PARTITIONS));
    config.put("offsets.topic.replication.factor", "3");
    config.put("group.initial.rebalance.delay.ms", "3000");
    config.put("auto.create.topics.enable", "false");
    // A killed broker must crash, not hand its leaderships over first: without this, shutdown()
    // is a controlled shutdown and the controller moves leadership before the broker stops.
    config.put("controlled.shutdown.enable", "false");
    for (Map.Entry<String, String> e : config.entrySet())
      builder.setConfigProp(e.getKey(), e.getValue());
    List<Map<String, Object>> claims = java.util.Collections.synchronizedList(new ArrayList<>());
    Map<String, Object> doc = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
    doc.put("kafkaVersion", AppInfoParser.getVersion());
    doc.put("config", config);
    // A stuck claim must not hold `npm run conformance` past its 10 minutes: after WATCHDOG_MS the
    // claims so far are written, with a failed one saying so, and the JVM exits.
    Thread watchdog = new Thread(() -> {
      try {
        Thread.sleep(WATCHDOG_MS);
      } catch (InterruptedException e) {
        return;
      }
      Map<String, Object> stuck = new LinkedHashMap<>();
      stuck.put("id", "00-watchdog");
      stuck.put("lesson", "-");
      stuck.put("title", "the course finishes within " + WATCHDOG_MS / 1000 + " s");
      stuck.put("passed", false);
      stuck.put("detail", "✗ still running after " + WATCHDOG_MS / 1000 + " s; the claims after the last one listed did not run");
      stuck.put("elapsedMs", 0L);
      claims.add(stuck);
      doc.putIfAbsent("clusterStartMs", 0L);
      doc.put("claims", List.copyOf(claims));
      doc.put("claimsMs", 0L);
      doc.put("clusterStopMs", 0L);
      doc.put("totalMs", (System.nanoTime() - t0) / 1_000_000);
      try {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(new File(args[0]), doc);
      } catch (java.io.IOException e) {
        System.err.println("course: could not write " + args[0] + ": " + e);
      } finally {
        Runtime.getRuntime().halt(3);
      }
    }, "watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    try {
      if (mainSelected(only)) runCourse(builder, claims, only, doc, t0);
      if (selected(only, QuorumCourse.LESSON + "-", QuorumCourse.LESSON)) {
        doc.put("quorum", QuorumCourse.run(config, claims, only));
      }
    } finally {
      watchdog.interrupt();
      doc.putIfAbsent("clusterStartMs", 0L);
      doc.putIfAbsent("claimsMs", 0L);
      doc.putIfAbsent("clusterStopMs", 0L);
      doc.put("claims", List.copyOf(claims));
      doc.put("totalMs", (System.nanoTime() - t0) / 1_000_000);
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(new File(args[0]), doc);
    }
    // The brokers' non-daemon threads may linger after close; the results are written.
    System.exit(0);
  }
}
