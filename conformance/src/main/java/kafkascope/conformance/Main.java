package kafkascope.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * kafkascope's conformance harness: runs each case's windowed aggregation in a real Kafka Streams
 * {@code TopologyTestDriver} (Apache Kafka 4.3.1) and prints what the driver read from the sink
 * topic plus the task's {@code dropped-records-total}.
 *
 * <p>Usage: {@code java -cp … kafkascope.conformance.Main [cases.json|-] [--out results.json]
 * [--threads n]}. Input: {@code {"cases":[…]}} (or a bare array) as written by
 * scripts/conformance/generate.ts; output: {@code {"kafkaVersion":"4.3.1","results":[…]}} in
 * case order.
 *
 * <p>One JVM runs every case (a JVM start costs more than a few hundred cases). Cases are
 * independent: each gets its own driver, application id and state directory, so they may run on
 * several threads.
 */
public final class Main {
  static final ObjectMapper JSON = new ObjectMapper();

  private Main() {}

  public static void main(final String[] args) throws Exception {
    String in = "-";
    String out = null;
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--out" -> out = args[++i];
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        default -> in = args[i];
      }
    }
    final JsonNode root;
    if (in.equals("-")) {
      try (InputStream stdin = System.in) {
        root = JSON.readTree(stdin);
      }
    } else {
      root = JSON.readTree(new File(in));
    }
    final JsonNode cases = root.isArray() ? root : root.get("cases");

    final Path stateRoot = Files.createTempDirectory("kafkascope-conformance-");
    final List<ObjectNode> results = new ArrayList<>();
    final ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      final List<Future<ObjectNode>> futures = new ArrayList<>();
      for (final JsonNode c : cases) {
        futures.add(pool.submit(() -> CaseRunner.run(c, stateRoot)));
      }
      for (final Future<ObjectNode> f : futures) {
        results.add(f.get());
      }
    } finally {
      pool.shutdown();
      deleteRecursively(stateRoot.toFile());
    }

    final ObjectNode doc = JSON.createObjectNode();
    doc.put("kafkaVersion", org.apache.kafka.common.utils.AppInfoParser.getVersion());
    final ArrayNode arr = doc.putArray("results");
    results.forEach(arr::add);
    if (out == null) {
      final OutputStream stdout = System.out;
      JSON.writeValue(stdout, doc);
      stdout.flush();
    } else {
      JSON.writeValue(new File(out), doc);
    }
  }

  static void deleteRecursively(final File f) {
    final File[] children = f.listFiles();
    if (children != null) {
      for (final File c : children) {
        deleteRecursively(c);
      }
    }
    if (!f.delete() && f.exists()) {
      f.deleteOnExit();
    }
  }
}
