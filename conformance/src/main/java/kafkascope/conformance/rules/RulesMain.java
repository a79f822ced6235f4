package kafkascope.conformance.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.kafka.clients.producer.RoundRobinPartitioner;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.clients.producer.internals.StickyProbe;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.metadata.placement.ClusterDescriber;
import org.apache.kafka.metadata.placement.PartitionAssignment;
import org.apache.kafka.metadata.placement.PlacementSpec;
import org.apache.kafka.metadata.placement.StripedReplicaPlacer;
import org.apache.kafka.metadata.placement.UsableBroker;

/**
 * The rules oracle: Kafka's own code answers the partitioners, coordinator, placement, cleaner
 * and retention cases that scripts/conformance/rules generates. One JVM answers every case of a
 * run.
 *
 * <p>Usage: {@code java -cp … kafkascope.conformance.rules.RulesMain in.json out.json}. Input:
 * {@code {"suite": "partitioners"|"coordinator"|"placement"|"cleaner"|"retention",
 * "adminUtilsJar": path|null,
 * "groupCoordinatorJars": [paths]|null, "cases": [...]}}; output {@code {"kafkaVersion":
 * "4.3.1", "results": [...]}} in case order.
 *
 * <p>Placement: Kafka 4.1 removed {@code org.apache.kafka.admin.AdminUtils} (the classic
 * rack-unaware and rack-aware assignment); no 4.3.1 jar has it. The last release that ships it
 * is kafka-server-common 4.0.x, which {@code adminUtilsJar} names; it is loaded in a class loader
 * of its own (parent: this harness) so it cannot clash with the 4.3.1 jars.
 */
public final class RulesMain {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HexFormat HEX = HexFormat.of();

  private RulesMain() {}

  public static void main(String[] args) throws Exception {
    JsonNode root = JSON.readTree(new File(args[0]));
    String suite = root.get("suite").asText();
    ArrayNode results = JSON.createArrayNode();
    AdminUtilsOracle admin = null;
    if (root.hasNonNull("adminUtilsJar")) admin = new AdminUtilsOracle(root.get("adminUtilsJar").asText());
    CoordinatorOracle coordinator = null;
    if (root.hasNonNull("groupCoordinatorJars")) coordinator = new CoordinatorOracle(strings(root.get("groupCoordinatorJars")));
    for (JsonNode c : root.get("cases")) {
      ObjectNode out;
      try {
        out =
            switch (suite) {
              case "partitioners" -> partitioners(c);
              case "coordinator" -> coordinator(c, coordinator);
              case "placement" -> placement(c, admin);
              case "cleaner" -> org.apache.kafka.storage.internals.log.CleanerProbe.run(c);
              case "retention" -> org.apache.kafka.storage.internals.log.RetentionProbe.run(c);
              default -> throw new IllegalArgumentException("unknown suite " + suite);
            };
      } catch (Exception e) {
        out = JSON.createObjectNode();
        out.put("harnessError", e.toString());
      }
      results.add(out);
    }
    ObjectNode doc = JSON.createObjectNode();
    doc.put("kafkaVersion", AppInfoParser.getVersion());
    if (admin != null) doc.put("adminUtilsJar", new File(admin.jar).getName());
    doc.set("results", results);
    JSON.writeValue(new File(args[1]), doc);
  }

  // ---- partitioners ----

  static ObjectNode partitioners(JsonNode c) throws Exception {
    ObjectNode out = JSON.createObjectNode();
    switch (c.get("type").asText()) {
      case "murmur2" -> {
        byte[] bytes = HEX.parseHex(c.get("hex").asText());
        int h = Utils.murmur2(bytes);
        out.put("hash", h);
        out.put("positive", Utils.toPositive(h));
      }
      case "key" -> {
        // The producer serialises a String key with StringSerializer (UTF-8), then
        // BuiltInPartitioner.partitionForKey hashes the bytes.
        byte[] bytes;
        try (StringSerializer s = new StringSerializer()) {
          bytes = s.serialize("t", c.get("key").asText());
        }
        out.put("hex", HEX.formatHex(bytes));
        out.put("hash", Utils.murmur2(bytes));
        out.put("partition", BuiltInPartitioner.partitionForKey(bytes, c.get("numPartitions").asInt()));
      }
      case "roundRobin" -> {
        int n = c.get("numPartitions").asInt();
        RoundRobinPartitioner rr = new RoundRobinPartitioner();
        ArrayNode parts = out.putArray("partitions");
        for (JsonNode step : c.get("unavailable")) {
          parts.add(rr.partition("t", null, null, null, null, cluster("t", n, ints(step))));
        }
        rr.close();
      }
      case "sticky" -> {
        int n = c.get("numPartitions").asInt();
        List<Integer> unavailable = ints(c.get("unavailable"));
        JsonNode sizes = c.get("valueSizes");
        byte[][] values = new byte[sizes.size()][];
        for (int i = 0; i < values.length; i++) values[i] = new byte[sizes.get(i).asInt()];
        StickyProbe.Result r =
            StickyProbe.run(
                cluster("t", n, unavailable),
                "t",
                c.get("batchSize").asInt(),
                c.get("drain").asBoolean(),
                values,
                c.get("seed").asLong());
        out.set("partitions", intArray(r.partitions));
        out.set("generations", intArray(r.generations));
        out.set("appendedBytes", intArray(r.appendedBytes));
      }
      default -> throw new IllegalArgumentException("unknown partitioner case " + c);
    }
    return out;
  }

  /** A one-topic Cluster whose listed partitions have no leader (as metadata shows them offline). */
  static Cluster cluster(String topic, int numPartitions, List<Integer> unavailable) {
    Node node = new Node(0, "localhost", 9092);
    List<PartitionInfo> infos = new ArrayList<>();
    for (int p = 0; p < numPartitions; p++) {
      Node leader = unavailable.contains(p) ? null : node;
      infos.add(new PartitionInfo(topic, p, leader, new Node[] {node}, new Node[] {node}));
    }
    return new Cluster("c", List.of(node), infos, Collections.emptySet(), Collections.emptySet());
  }

  // ---- coordinator ----

  static ObjectNode coordinator(JsonNode c, CoordinatorOracle oracle) throws Exception {
    String groupId = c.get("groupId").asText();
    ObjectNode out = JSON.createObjectNode();
    out.put("hashCode", groupId.hashCode());
    ArrayNode parts = out.putArray("partitions");
    for (JsonNode n : c.get("numPartitions")) parts.add(oracle.partitionFor(groupId, n.asInt()));
    return out;
  }

  /**
   * Kafka 4.3.1's own {@code GroupCoordinatorService.partitionFor(groupId)}
   * ({@code Utils.abs(groupId.hashCode()) % numPartitions} after {@code throwIfNotActive()}).
   * Starting the service needs a coordinator runtime, a log and a timer, so the harness
   * allocates one without its constructor and sets the two fields the method reads (isActive,
   * numPartitions, which {@code startup} would set from offsets.topic.num.partitions). The jars
   * (kafka-group-coordinator, -api, kafka-coordinator-common) come in a class loader of their own.
   */
  static final class CoordinatorOracle {
    final Object service;
    final Field numPartitions;
    final Method partitionFor;

    CoordinatorOracle(List<String> jars) throws Exception {
      URL[] urls = new URL[jars.size()];
      for (int i = 0; i < urls.length; i++) urls[i] = new File(jars.get(i)).toURI().toURL();
      URLClassLoader loader = new URLClassLoader(urls, RulesMain.class.getClassLoader());
      Class<?> cls =
          Class.forName("org.apache.kafka.coordinator.group.GroupCoordinatorService", true, loader);
      Field theUnsafe = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
      theUnsafe.setAccessible(true);
      Object unsafe = theUnsafe.get(null);
      service = unsafe.getClass().getMethod("allocateInstance", Class.class).invoke(unsafe, cls);
      Field active = cls.getDeclaredField("isActive");
      active.setAccessible(true);
      active.set(service, new java.util.concurrent.atomic.AtomicBoolean(true));
      numPartitions = cls.getDeclaredField("numPartitions");
      numPartitions.setAccessible(true);
      partitionFor = cls.getMethod("partitionFor", String.class);
    }

    int partitionFor(String groupId, int n) throws Exception {
      numPartitions.setInt(service, n);
      return (Integer) partitionFor.invoke(service, groupId);
    }
  }

  // ---- placement ----

  static ObjectNode placement(JsonNode c, AdminUtilsOracle admin) throws Exception {
    ObjectNode out = JSON.createObjectNode();
    switch (c.get("type").asText()) {
      case "adminUtils" -> admin.assign(c, out);
      case "striped" -> striped(c, out);
      default -> throw new IllegalArgumentException("unknown placement case " + c);
    }
    return out;
  }

  static void striped(JsonNode c, ObjectNode out) {
    List<UsableBroker> brokers = new ArrayList<>();
    for (JsonNode b : c.get("brokers")) {
      Optional<String> rack = b.hasNonNull("rack") ? Optional.of(b.get("rack").asText()) : Optional.empty();
      brokers.add(new UsableBroker(b.get("id").asInt(), rack, b.get("fenced").asBoolean()));
    }
    ClusterDescriber cluster =
        new ClusterDescriber() {
          @Override
          public Iterator<UsableBroker> usableBrokers() {
            return brokers.iterator();
          }

          @Override
          public Uuid defaultDir(int brokerId) {
            return Uuid.ZERO_UUID;
          }
        };
    try {
      var assignment =
          new StripedReplicaPlacer(new Random(c.get("seed").asLong()))
              .place(
                  new PlacementSpec(0, c.get("partitions").asInt(), (short) c.get("rf").asInt()),
                  cluster);
      ArrayNode arr = out.putArray("assignment");
      for (PartitionAssignment p : assignment.assignments()) arr.add(intArray(p.replicas()));
    } catch (org.apache.kafka.common.errors.ApiException e) {
      out.put("error", e.getClass().getSimpleName());
      out.put("message", e.getMessage());
    }
  }

  /** kafka-server-common 4.0's AdminUtils, called through its own class loader. */
  static final class AdminUtilsOracle {
    final String jar;
    final Method assign;
    final java.lang.reflect.Constructor<?> brokerMetadata;
    final Random rand;

    AdminUtilsOracle(String jar) throws Exception {
      this.jar = jar;
      URLClassLoader loader =
          new URLClassLoader(new URL[] {new File(jar).toURI().toURL()}, RulesMain.class.getClassLoader());
      Class<?> utils = Class.forName("org.apache.kafka.admin.AdminUtils", true, loader);
      Class<?> bm = Class.forName("org.apache.kafka.admin.BrokerMetadata", true, loader);
      if (utils.getClassLoader() != loader) throw new IllegalStateException("AdminUtils not from " + jar);
      assign =
          utils.getMethod(
              "assignReplicasToBrokers", Collection.class, int.class, int.class, int.class, int.class);
      brokerMetadata = bm.getConstructor(int.class, Optional.class);
      Field f = utils.getDeclaredField("RAND");
      f.setAccessible(true);
      rand = (Random) f.get(null);
    }

    void assign(JsonNode c, ObjectNode out) throws Exception {
      List<Object> brokers = new ArrayList<>();
      for (JsonNode b : c.get("brokers")) {
        Optional<String> rack = b.hasNonNull("rack") ? Optional.of(b.get("rack").asText()) : Optional.empty();
        brokers.add(brokerMetadata.newInstance(b.get("id").asInt(), rack));
      }
      int fixed = c.get("fixedStartIndex").asInt();
      int partitions = c.get("partitions").asInt();
      int startPartitionId = c.get("startPartitionId").asInt();
      if (fixed < 0) {
        // AdminUtils draws RAND.nextInt(brokers) for the start index, then for the shift.
        long seed = c.get("seed").asLong();
        rand.setSeed(seed);
        if (!brokers.isEmpty()) {
          Random twin = new Random(seed);
          out.put("startIndex", twin.nextInt(brokers.size()));
          out.put("shift", twin.nextInt(brokers.size()));
        }
      }
      try {
        @SuppressWarnings("unchecked")
        Map<Integer, List<Integer>> m =
            (Map<Integer, List<Integer>>)
                assign.invoke(null, brokers, partitions, c.get("rf").asInt(), fixed, startPartitionId);
        ArrayNode arr = out.putArray("assignment");
        int first = Math.max(0, startPartitionId);
        for (int p = first; p < first + partitions; p++) arr.add(intArray(m.get(p)));
        if (m.size() != partitions) throw new IllegalStateException("unexpected partition ids " + m.keySet());
      } catch (InvocationTargetException e) {
        out.put("error", e.getCause().getClass().getSimpleName());
        out.put("message", e.getCause().getMessage());
      }
    }
  }

  // ---- JSON helpers ----

  static List<String> strings(JsonNode arr) {
    List<String> l = new ArrayList<>();
    for (JsonNode x : arr) l.add(x.asText());
    return l;
  }

  static List<Integer> ints(JsonNode arr) {
    List<Integer> l = new ArrayList<>();
    for (JsonNode x : arr) l.add(x.asInt());
    return l;
  }

  static ArrayNode intArray(int[] xs) {
    ArrayNode a = JSON.createArrayNode();
    for (int x : xs) a.add(x);
    return a;
  }

  static ArrayNode intArray(List<Integer> xs) {
    ArrayNode a = JSON.createArrayNode();
    for (int x : xs) a.add(x);
    return a;
  }
}
