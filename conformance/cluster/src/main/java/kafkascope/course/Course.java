package kafkascope.course;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.storage.internals.log.UnifiedLog;

/** The claims, in the lessons' order, on one cluster. Brokers are 0 to 3; broker 0 is never killed. */
final class Course implements AutoCloseable {
  private final KafkaClusterTestKit cluster;
  private final List<Map<String, Object>> claims;
  private final String only;
  private final String bootstrap;
  final Admin admin;

  Course(KafkaClusterTestKit cluster, List<Map<String, Object>> claims, String only) {
    // Broker 0 is never killed: every client bootstraps from it alone, so none waits on a dead one.
    this(cluster, claims, only,
        "localhost:" + cluster.brokers().get(0).boundPort(cluster.nodes().brokerListenerName()));
  }

  /** With the clients' bootstrap list given (the quorum cluster kills broker 0 too: it names all). */
  Course(KafkaClusterTestKit cluster, List<Map<String, Object>> claims, String only, String bootstrap) {
    this.cluster = cluster;
    this.claims = claims;
    this.only = only;
    this.bootstrap = bootstrap;
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
    this.admin = Admin.create(p);
  }

  // ---- the checks' bookkeeping ---------------------------------------------------------------

  /** What one claim found: each expectation with ✓ or ✗, in order. */
  static final class Detail {
    private final List<String> lines = new ArrayList<>();
    boolean ok = true;

    void expect(boolean cond, String what) {
      if (!cond) ok = false;
      lines.add((cond ? "✓ " : "✗ ") + what);
    }

    void note(String what) {
      lines.add(what);
    }

    @Override
    public String toString() {
      return String.join("; ", lines);
    }
  }

  interface Check {
    void run(Detail d) throws Exception;
  }

  void claim(String id, String lesson, String title, Check check) {
    if (!Main.selected(only, id, lesson)) return;
    long t = System.nanoTime();
    Detail d = new Detail();
    try {
      check.run(d);
    } catch (Throwable e) {
      d.ok = false;
      d.note("threw " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    long ms = (System.nanoTime() - t) / 1_000_000;
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("id", id);
    r.put("lesson", lesson);
    r.put("title", title);
    r.put("passed", d.ok);
    r.put("detail", d.toString());
    r.put("elapsedMs", ms);
    claims.add(r);
    System.out.printf("course %s: %s (%.1f s)%n", id, d.ok ? "passed" : "FAILED", ms / 1000.0);
  }

  // ---- helpers ---------------------------------------------------------------------------------

  static final class TimedOut extends Exception {
    TimedOut(String what) {
      super("timed out waiting for " + what);
    }
  }

  /** Polls cond every 50 ms; returns the milliseconds waited. */
  static long waitFor(String what, long timeoutMs, BooleanSupplier cond) throws Exception {
    long t = System.nanoTime();
    while (true) {
      boolean ok;
      try {
        ok = cond.getAsBoolean();
      } catch (RuntimeException e) {
        ok = false;
      }
      long ms = (System.nanoTime() - t) / 1_000_000;
      if (ok) return ms;
      if (ms > timeoutMs) throw new TimedOut(what);
      Thread.sleep(50);
    }
  }

  void awaitReady() throws Exception {
    // The brokers are registered and unfenced; the offsets topic is created on first use.
    int n = cluster.brokers().size();
    waitFor(n + " live brokers", 60000, () -> call(() -> admin.describeCluster().nodes().get().size() == n));
  }

  Map<String, Object> features() {
    Map<String, Object> m = new TreeMap<>();
    try {
      admin.describeFeatures().featureMetadata().get().finalizedFeatures()
          .forEach((k, v) -> m.put(k, v.maxVersionLevel()));
    } catch (Exception e) {
      m.put("error", e.toString());
    }
    return m;
  }

  interface Call<T> {
    T get() throws Exception;
  }

  static <T> T call(Call<T> c) {
    try {
      return c.get();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new RuntimeException(e);
    }
  }

  void createTopic(String name, Map<Integer, List<Integer>> assignment, Map<String, String> configs)
      throws Exception {
    admin.createTopics(List.of(new NewTopic(name, assignment).configs(configs))).all().get();
    waitFor("topic " + name + " led", 15000, () -> {
      TopicDescription t = describe(name);
      return t.partitions().size() == assignment.size()
          && t.partitions().stream().allMatch(p -> leaderOf(p) >= 0 && p.isr().size() == p.replicas().size());
    });
  }

  void createTopic(String name, int partitions, int rf) throws Exception {
    admin.createTopics(List.of(new NewTopic(name, Optional.of(partitions), Optional.of((short) rf)))).all().get();
    waitFor("topic " + name + " led", 15000, () -> {
      TopicDescription t = describe(name);
      return t.partitions().size() == partitions && t.partitions().stream().allMatch(p -> leaderOf(p) >= 0);
    });
  }

  TopicDescription describe(String topic) {
    return call(() -> admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic));
  }

  static int leaderOf(TopicPartitionInfo p) {
    Node n = p.leader();
    return n == null || n.id() < 0 ? -1 : n.id();
  }

  int leader(String topic, int partition) {
    return leaderOf(describe(topic).partitions().get(partition));
  }

  static List<Integer> ids(List<Node> nodes) {
    Set<Integer> s = new TreeSet<>();
    for (Node n : nodes) s.add(n.id());
    return List.copyOf(s);
  }

  List<Integer> isr(String topic, int partition) {
    return ids(describe(topic).partitions().get(partition).isr());
  }

  List<Integer> leaders(String topic) {
    List<Integer> l = new ArrayList<>();
    for (TopicPartitionInfo p : describe(topic).partitions()) l.add(leaderOf(p));
    return l;
  }

  List<List<Integer>> isrs(String topic) {
    List<List<Integer>> l = new ArrayList<>();
    for (TopicPartitionInfo p : describe(topic).partitions()) l.add(ids(p.isr()));
    return l;
  }

  /** The high watermark (ListOffsets LATEST, read_uncommitted). */
  long hw(String topic, int partition) {
    TopicPartition tp = new TopicPartition(topic, partition);
    return call(() -> admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get().offset());
  }

  KafkaProducer<String, String> producer(String acks, Map<String, String> extra) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, acks);
    p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, acks.equals("all") ? "true" : "false");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.putAll(extra);
    return new KafkaProducer<>(p);
  }

  /** Every record of the partition below its high watermark, as values, read from offset 0. */
  List<String> readAll(String topic, int partition) throws Exception {
    TopicPartition tp = new TopicPartition(topic, partition);
    long end = hw(topic, partition);
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
      c.assign(List.of(tp));
      c.seek(tp, 0);
      long deadline = System.currentTimeMillis() + 20000;
      while (c.position(tp) < end) {
        if (System.currentTimeMillis() > deadline) throw new TimedOut("reading " + tp + " to " + end);
        for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) values.add(r.value());
      }
    }
    return values;
  }

  void kill(int broker) {
    cluster.brokers().get(broker).shutdown();
  }

  void restart(int broker) {
    cluster.brokers().get(broker).startup();
  }

  /** Stops broker's replica fetcher for tp (the follower stops copying; the broker stays up). */
  void pauseFetching(int broker, TopicPartition tp) {
    cluster.brokers().get(broker).replicaManager().replicaFetcherManager()
        .removeFetcherForPartitions(scala.jdk.javaapi.CollectionConverters.asScala(Set.of(tp)));
  }

  static Map<Integer, List<Integer>> assignment(List<List<Integer>> replicas) {
    Map<Integer, List<Integer>> m = new LinkedHashMap<>();
    for (int i = 0; i < replicas.size(); i++) m.put(i, replicas.get(i));
    return m;
  }

  static int murmurPartition(String key, int n) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(UTF_8))) % n;
  }

  static String secs(long ms) {
    return String.format("%.1f s", ms / 1000.0);
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }

  // ---- the lessons -------------------------------------------------------------------------------

  void runAll() {
    lesson04();
    lesson06();
    lesson07();
    lesson08();
    lesson09Lag();
    lesson10();
    lesson11();
    lesson12();
  }

  private void lesson04() {
    String topic = "orders-04";
    Map<String, Integer> seen = new HashMap<>();
    claim("04-keys-murmur2", "lesson-04-keys", "a key's partition is toPositive(murmur2(key)) % n", d -> {
      createTopic(topic, 3, 1);
      Map<String, Integer> lessonSays = Map.of("alice", 0, "bob", 0, "carol", 2, "dave", 1);
      Map<String, Integer> lessonHash =
          Map.of("alice", 1951417749, "bob", -2048144690, "carol", 271431602, "dave", 1727131798);
      try (KafkaProducer<String, String> p = producer("1", Map.of())) {
        for (int i = 0; i < 24; i++) {
          String key = List.of("alice", "bob", "carol", "dave").get(i % 4);
          RecordMetadata m = p.send(new ProducerRecord<>(topic, key, key + ": order " + i)).get();
          Integer before = seen.put(key, m.partition());
          if (before != null && before != m.partition()) d.expect(false, key + " moved from " + before + " to " + m.partition());
        }
      }
      for (String key : List.of("alice", "bob", "carol", "dave")) {
        int hash = Utils.murmur2(key.getBytes(UTF_8));
        d.expect(hash == lessonHash.get(key), "murmur2(" + key + ") = " + hash);
        d.expect(seen.get(key) == murmurPartition(key, 3) && seen.get(key).equals(lessonSays.get(key)),
            key + " → partition " + seen.get(key) + " (formula " + murmurPartition(key, 3) + ", lesson " + lessonSays.get(key) + ")");
      }
    });
    claim("04-keys-after-adding-partitions", "lesson-04-keys", "after 3 → 6 partitions keys map modulo 6", d -> {
      admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(6))).all().get();
      waitFor("6 partitions", 15000, () -> describe(topic).partitions().size() == 6
          && describe(topic).partitions().stream().allMatch(x -> leaderOf(x) >= 0));
      Map<String, Integer> lessonSays = Map.of("alice", 3, "bob", 0, "carol", 2, "dave", 4);
      try (KafkaProducer<String, String> p = producer("1", Map.of())) {
        waitFor("the producer sees 6 partitions", 15000, () -> p.partitionsFor(topic).size() == 6);
        for (String key : List.of("alice", "bob", "carol", "dave")) {
          int got = p.send(new ProducerRecord<>(topic, key, key + ": later")).get().partition();
          d.expect(got == murmurPartition(key, 6) && got == lessonSays.get(key),
              key + " → partition " + got + " (was " + seen.get(key) + ", lesson " + lessonSays.get(key) + ")");
        }
      }
    });
  }

  private void lesson06() {
    claim("06-groups-read-in-isolation", "lesson-06-groups",
        "two groups each read every record and keep their own committed offsets", d -> {
      String topic = "orders-06";
      createTopic(topic, 3, 3);
      List<Member> billing = new ArrayList<>();
      Member stats = null;
      try (KafkaProducer<String, String> p = producer("all", Map.of())) {
        for (int i = 0; i < 30; i++) p.send(new ProducerRecord<>(topic, List.of("alice", "dave", "carol").get(i % 3), "order " + i));
        p.flush();
        for (int i = 1; i <= 3; i++) billing.add(new Member(bootstrap, "billing", "bill-" + i, topic, RangeAssignor.class.getName(), 10000));
        stats = new Member(bootstrap, "analytics", "stats", topic, RangeAssignor.class.getName(), 10000);
        Member s = stats;
        waitFor("both groups read 30", 30000, () -> billing.stream().mapToLong(Member::consumed).sum() == 30 && s.consumed() == 30);
        d.expect(true, "billing (3 members) and analytics (1) each read all 30 records");
        d.expect(billing.get(0).assignment().equals(List.of(0)) && billing.get(1).assignment().equals(List.of(1))
            && billing.get(2).assignment().equals(List.of(2)) && stats.assignment().equals(List.of(0, 1, 2)),
            "billing: bill-1 " + billing.get(0).assignment() + ", bill-2 " + billing.get(1).assignment()
                + ", bill-3 " + billing.get(2).assignment() + "; analytics: stats " + stats.assignment());
        for (Member m : billing) m.commit();
        stats.commit();
        stats.pause();
        for (int i = 30; i < 60; i++) p.send(new ProducerRecord<>(topic, List.of("alice", "dave", "carol").get(i % 3), "order " + i));
        p.flush();
        waitFor("billing reads 60", 20000, () -> billing.stream().mapToLong(Member::consumed).sum() == 60);
        for (Member m : billing) m.commit();
        long billingCommitted = committedSum("billing", topic);
        long analyticsCommitted = committedSum("analytics", topic);
        d.expect(billingCommitted == 60 && analyticsCommitted == 30 && stats.consumed() == 30,
            "analytics paused: billing committed " + billingCommitted + ", analytics committed " + analyticsCommitted
                + " (read " + stats.consumed() + ")");
        stats.resume();
        waitFor("analytics catches up", 20000, () -> s.consumed() == 60);
        stats.commit();
        d.expect(committedSum("analytics", topic) == 60 && committedSum("billing", topic) == 60,
            "resumed: analytics read " + stats.consumed() + " and committed " + committedSum("analytics", topic));
      } finally {
        for (Member m : billing) m.close();
        if (stats != null) stats.close();
      }
    });
    claim("06-coordinator-from-group-id", "lesson-06-groups",
        "a group's coordinator leads __consumer_offsets partition abs(hash(groupId)) % partitions", d -> {
      for (String group : List.of("billing", "analytics")) {
        int partition = Utils.abs(group.hashCode()) % Main.OFFSETS_PARTITIONS;
        int leader = leader("__consumer_offsets", partition);
        int coordinator = admin.describeConsumerGroups(List.of(group)).all().get().get(group).coordinator().id();
        int lesson = group.equals("billing") ? 1 : 0;
        d.expect(coordinator == leader && partition == lesson,
            group + ": __consumer_offsets-" + partition + " (lesson " + lesson + "), its leader " + leader + ", coordinator " + coordinator);
      }
    });
  }

  long committedSum(String group, String topic) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> m = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    long sum = 0;
    for (Map.Entry<TopicPartition, OffsetAndMetadata> e : m.entrySet())
      if (e.getKey().topic().equals(topic) && e.getValue() != null) sum += e.getValue().offset();
    return sum;
  }

  /** Waits until the members agree on one generation and their assignments cover all n partitions. */
  static long awaitStable(List<Member> members, int n, int minGeneration) throws Exception {
    return waitFor("a stable group of " + members.size(), 40000, () -> {
      int g = members.get(0).generation();
      if (g < minGeneration) return false;
      Set<Integer> all = new TreeSet<>();
      int count = 0;
      for (Member m : members) {
        if (m.generation() != g) return false;
        all.addAll(m.assignment());
        count += m.assignment().size();
      }
      return all.size() == n && count == n;
    });
  }

  static String assignments(List<Member> members) {
    List<String> s = new ArrayList<>();
    for (Member m : members) s.add(m.id + " " + m.assignment());
    return String.join(", ", s) + " (generation " + members.get(0).generation() + ")";
  }

  private void lesson07() {
    claim("07-idle-member", "lesson-07-scaling", "a member beyond the partition count gets no partition", d -> {
      String topic = "jobs-07";
      createTopic(topic, 4, 3);
      String range = RangeAssignor.class.getName();
      List<Member> ms = new ArrayList<>();
      try {
        ms.add(new Member(bootstrap, "workers", "w1", topic, range, 10000));
        awaitStable(ms, 4, 1);
        d.expect(ms.get(0).assignment().equals(List.of(0, 1, 2, 3)), "w1 alone: " + assignments(ms));
        ms.add(new Member(bootstrap, "workers", "w2", topic, range, 10000));
        awaitStable(ms, 4, ms.get(0).generation() + 1);
        d.expect(ms.get(0).assignment().equals(List.of(0, 1)) && ms.get(1).assignment().equals(List.of(2, 3))
            && ms.get(0).generation() == 2, "w2 joins: " + assignments(ms));
        ms.add(new Member(bootstrap, "workers", "w3", topic, range, 10000));
        ms.add(new Member(bootstrap, "workers", "w4", topic, range, 10000));
        awaitStable(ms, 4, ms.get(0).generation() + 1);
        boolean one = ms.stream().allMatch(m -> m.assignment().size() == 1);
        d.expect(one, "w3, w4 join: " + assignments(ms));
        ms.add(new Member(bootstrap, "workers", "w5", topic, range, 10000));
        awaitStable(ms, 4, ms.get(0).generation() + 1);
        Thread.sleep(1000);
        d.expect(ms.get(4).assignment().isEmpty() && ms.get(3).assignment().equals(List.of(3)) && ms.get(4).consumed() == 0,
            "w5 joins: " + assignments(ms) + "; w5 read " + ms.get(4).consumed());
        Member w2 = ms.remove(1);
        w2.close();
        awaitStable(ms, 4, ms.get(0).generation() + 1);
        d.expect(ms.get(0).assignment().equals(List.of(0)) && ms.get(1).assignment().equals(List.of(1))
            && ms.get(2).assignment().equals(List.of(2)) && ms.get(3).assignment().equals(List.of(3)),
            "w2 leaves: " + assignments(ms));
      } finally {
        for (Member m : ms) m.close();
      }
    });
  }

  private void lesson08() {
    List<Member> eager = new ArrayList<>();
    List<Member> cooperative = new ArrayList<>();
    claim("08-eager-vs-cooperative", "lesson-08-rebalancing",
        "eager members revoke everything at a rebalance; cooperative-sticky revokes only what moves, over two rebalances", d -> {
      String topic = "orders-08";
      createTopic(topic, 6, 3);
      String range = RangeAssignor.class.getName();
      String coop = CooperativeStickyAssignor.class.getName();
      {
        eager.add(new Member(bootstrap, "g-eager", "e1", topic, range, 10000));
        cooperative.add(new Member(bootstrap, "g-coop", "k1", topic, coop, 10000));
        Thread.sleep(1500);
        eager.add(new Member(bootstrap, "g-eager", "e2", topic, range, 10000));
        cooperative.add(new Member(bootstrap, "g-coop", "k2", topic, coop, 10000));
        awaitStable(eager, 6, 1);
        awaitStable(cooperative, 6, 1);
        d.expect(eager.get(0).assignment().equals(List.of(0, 1, 2)) && eager.get(1).assignment().equals(List.of(3, 4, 5)),
            "g-eager: " + assignments(eager));
        d.expect(cooperative.get(0).assignment().equals(List.of(0, 2, 4)) && cooperative.get(1).assignment().equals(List.of(1, 3, 5)),
            "g-coop: " + assignments(cooperative));
        int ge = eager.get(0).generation();
        int gk = cooperative.get(0).generation();
        for (Member m : eager) m.events.clear();
        for (Member m : cooperative) m.events.clear();
        eager.add(new Member(bootstrap, "g-eager", "e3", topic, range, 10000));
        cooperative.add(new Member(bootstrap, "g-coop", "k3", topic, coop, 10000));
        awaitStable(eager, 6, ge + 1);
        awaitStable(cooperative, 6, gk + 1);
        Thread.sleep(500);
        List<String> eagerRevoked = revoked(eager.subList(0, 2));
        List<String> coopRevoked = revoked(cooperative.subList(0, 2));
        d.expect(eagerRevoked.equals(List.of("e1 [0, 1, 2]", "e2 [3, 4, 5]")),
            "e3 joins: revoked " + eagerRevoked + "; then " + assignments(eager) + " (was " + ge + ")");
        d.expect(eager.get(0).assignment().equals(List.of(0, 1)) && eager.get(1).assignment().equals(List.of(2, 3))
            && eager.get(2).assignment().equals(List.of(4, 5)) && eager.get(0).generation() == ge + 1,
            "g-eager: one rebalance, lesson's assignment");
        d.expect(coopRevoked.equals(List.of("k1 [4]", "k2 [5]")),
            "k3 joins: revoked " + coopRevoked + "; then " + assignments(cooperative) + " (was " + gk + ")");
        d.expect(cooperative.get(0).assignment().equals(List.of(0, 2)) && cooperative.get(1).assignment().equals(List.of(1, 3))
            && cooperative.get(2).assignment().equals(List.of(4, 5)) && cooperative.get(0).generation() == gk + 2,
            "g-coop: two rebalances, lesson's assignment");
      }
    });
    claim("08-crash-noticed-after-session-timeout", "lesson-08-rebalancing",
        "a crashed member keeps its partitions until its session times out; then eager members revoke everything again, cooperative ones nothing", d -> {
      if (eager.size() != 3 || cooperative.size() != 3) throw new IllegalStateException("the previous claim did not form both groups");
      int ge = eager.get(0).generation();
      int gk = cooperative.get(0).generation();
      for (Member m : eager) m.events.clear();
      for (Member m : cooperative) m.events.clear();
      long t0 = System.nanoTime();
      Member e2 = eager.remove(1);
      Member k2 = cooperative.remove(1);
      e2.crash();
      k2.crash();
      Thread.sleep(5000);
      int eagerMembers = admin.describeConsumerGroups(List.of("g-eager")).all().get().get("g-eager").members().size();
      int coopMembers = admin.describeConsumerGroups(List.of("g-coop")).all().get().get("g-coop").members().size();
      d.expect(eagerMembers == 3 && coopMembers == 3 && revoked(eager).isEmpty() && revoked(cooperative).isEmpty(),
          "5 s after e2 and k2 crashed: g-eager has " + eagerMembers + " members, g-coop " + coopMembers + ", nobody revoked anything");
      awaitStable(eager, 6, ge + 1);
      awaitStable(cooperative, 6, gk + 1);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      Thread.sleep(500);
      d.expect(ms >= 8000 && ms <= 16000,
          "both groups rebalanced " + secs(ms) + " after the crash (session.timeout.ms 10 s, heartbeats every 1 s)");
      d.expect(revoked(eager).equals(List.of("e1 [0, 1]", "e3 [4, 5]")) && eager.get(0).assignment().equals(List.of(0, 1, 2))
          && eager.get(1).assignment().equals(List.of(3, 4, 5)) && eager.get(0).generation() == ge + 1,
          "g-eager: revoked " + revoked(eager) + ", then " + assignments(eager) + " (was " + ge + ")");
      d.expect(revoked(cooperative).isEmpty() && cooperative.get(0).assignment().equals(List.of(0, 1, 2))
          && cooperative.get(1).assignment().equals(List.of(3, 4, 5)) && cooperative.get(0).generation() == gk + 1,
          "g-coop: revoked " + revoked(cooperative) + ", then " + assignments(cooperative) + " (was " + gk + ")");
    });
    for (Member m : eager) closeQuietly(m);
    for (Member m : cooperative) closeQuietly(m);
  }

  static void closeQuietly(Member m) {
    try {
      m.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static List<String> revoked(List<Member> members) {
    List<String> s = new ArrayList<>();
    for (Member m : members)
      for (Member.Event e : m.events())
        if (!e.kind().equals("assigned") && !e.partitions().isEmpty()) s.add(m.id + " " + e.partitions() + (e.kind().equals("lost") ? " lost" : ""));
    return s;
  }

  private void lesson09Lag() {
    claim("09-isr-shrinks-after-lag-time", "lesson-09-replication",
        "a follower that stops fetching holds the HW back, then leaves the ISR after replica.lag.time.max.ms", d -> {
      String topic = "lag-09";
      TopicPartition tp = new TopicPartition(topic, 0);
      createTopic(topic, assignment(List.of(List.of(0, 1, 2))), Map.of());
      try (KafkaProducer<String, String> p = producer("all", Map.of(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000",
          ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "30000"))) {
        for (int i = 0; i < 5; i++) p.send(new ProducerRecord<>(topic, "r" + i)).get();
        waitFor("followers caught up", 10000, () -> hw(topic, 0) == 5);
        long t0 = System.nanoTime();
        pauseFetching(2, tp);
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        long lastInIsr = 0;
        long left = -1;
        long hwBefore = -1;
        boolean ackedWhileIn = false;
        while (left < 0) {
          long ms = (System.nanoTime() - t0) / 1_000_000;
          if (ms > Main.LAG_MS * 3L) throw new TimedOut("broker 2 to leave the ISR");
          if (sends.size() < 40) sends.add(p.send(new ProducerRecord<>(topic, "late" + sends.size())));
          List<Integer> isr = isr(topic, 0);
          if (isr.contains(2)) {
            lastInIsr = ms;
            hwBefore = hw(topic, 0);
            if (sends.stream().anyMatch(Future::isDone)) ackedWhileIn = true;
          } else left = ms;
          Thread.sleep(200);
        }
        for (Future<RecordMetadata> f : sends) f.get();
        long hwAfter = hw(topic, 0);
        d.expect(hwBefore == 5 && !ackedWhileIn,
            "while broker 2 was in the ISR (until " + secs(lastInIsr) + "): HW " + hwBefore + ", acks=all sends acknowledged: " + ackedWhileIn);
        d.expect(left >= Main.LAG_MS - 600 && left <= Main.LAG_MS * 3 / 2 + 3000,
            "broker 2 left the ISR " + secs(left) + " after it stopped fetching (replica.lag.time.max.ms " + secs(Main.LAG_MS)
                + ", checked every " + secs(Main.LAG_MS / 2) + "); ISR now " + isr(topic, 0));
        d.expect(hwAfter == 5 + sends.size(), "then HW " + hwAfter + " and all " + sends.size() + " sends acknowledged");
      }
    });
  }

  private void lesson10() {
    // Lesson 10's brokers 1..4 are 0..3 here: orders-0 [0,1,2], orders-1 [1,2,3], orders-2 [2,3,0], orders-3 [3,0,1].
    String topic = "orders-10";
    List<List<Integer>> replicas = List.of(List.of(0, 1, 2), List.of(1, 2, 3), List.of(2, 3, 0), List.of(3, 0, 1));
    List<Future<RecordMetadata>> acked = new ArrayList<>();
    @SuppressWarnings("unchecked")
    KafkaProducer<String, String>[] app = new KafkaProducer[1];
    Thread[] writer = new Thread[1];
    Flag stop = new Flag();
    claim("09-dead-follower-stays-in-isr-until-fenced", "lesson-09-replication",
        "a crashed follower stays in the ISR, holding the HW back, until the controller fences it after broker.session.timeout.ms", d -> {
      createTopic(topic, assignment(replicas), Map.of());
      app[0] = producer("all", Map.of());
      writer[0] = new Thread(() -> {
        int i = 0;
        while (!stop.value) {
          synchronized (acked) {
            acked.add(app[0].send(new ProducerRecord<>(topic, (i % 4), null, "app-" + i)));
          }
          i++;
          try {
            Thread.sleep(250);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      writer[0].start();
      Thread.sleep(1000);
      long t0 = System.nanoTime();
      kill(1);
      long killMs = (System.nanoTime() - t0) / 1_000_000;
      // Acknowledgements in flight at the crash may still land; from here on orders-0's HW waits on broker 1.
      Thread.sleep(300);
      long hw0 = hw(topic, 0);
      int sentBefore = sent(acked);
      Thread.sleep(1200);
      long hw0Later = hw(topic, 0);
      int sentLater = sent(acked);
      List<Integer> isr0 = isr(topic, 0);
      int leader1 = leader(topic, 1);
      long at = (System.nanoTime() - t0) / 1_000_000;
      d.expect(isr0.contains(1) && leader1 == 1,
          secs(at) + " after broker 1 died (its shutdown took " + secs(killMs) + "): orders-0 ISR " + isr0 + ", orders-1 leader " + leader1);
      d.expect(hw0Later == hw0, "orders-0's HW stood at " + hw0 + " → " + hw0Later + " while the producer sent "
          + (sentLater - sentBefore) + " more records (a quarter of them to orders-0)");
      long fenced = waitFor("broker 1 fenced", 20000, () -> leader(topic, 1) != 1) + at;
      d.expect(fenced >= Main.SESSION_MS - Main.HEARTBEAT_MS && fenced <= Main.SESSION_MS + 4000,
          "orders-1's leader moved " + secs(fenced) + " after the crash (broker.session.timeout.ms " + secs(Main.SESSION_MS) + ")");
      waitFor("ISRs without 1", 5000, () -> isrs(topic).stream().noneMatch(l -> l.contains(1)));
      long moved = waitFor("orders-0's HW to move", 5000, () -> hw(topic, 0) > hw0Later);
      d.expect(true, "then orders-0's HW moved on: " + hw(topic, 0) + ", " + secs(moved) + " after broker 1 left the ISRs");
    });
    claim("10-leader-killed-first-live-isr", "lesson-10-broker-failure",
        "a dead leader is replaced by the first live in-sync replica in assignment order", d -> {
      if (app[0] == null) throw new IllegalStateException("the previous claim did not set up orders-10");
      List<Integer> l1 = leaders(topic);
      List<List<Integer>> i1 = isrs(topic);
      d.expect(l1.equals(List.of(0, 2, 2, 3)) && i1.equals(List.of(List.of(0, 2), List.of(2, 3), List.of(0, 2, 3), List.of(0, 3))),
          "broker 1 fenced: leaders " + l1 + ", ISRs " + i1 + " (lesson, 1-based: [1, 3, 3, 4])");
      long t0 = System.nanoTime();
      kill(2);
      long ms = waitFor("broker 2 fenced", 20000, () -> leader(topic, 2) != 2);
      waitFor("ISRs without 2", 5000, () -> isrs(topic).stream().noneMatch(l -> l.contains(2)));
      List<Integer> l2 = leaders(topic);
      List<List<Integer>> i2 = isrs(topic);
      d.expect(l2.equals(List.of(0, 3, 3, 3)) && i2.equals(List.of(List.of(0), List.of(3), List.of(0, 3), List.of(0, 3))),
          "broker 2 killed, fenced after " + secs((System.nanoTime() - t0) / 1_000_000) + ": leaders " + l2 + ", ISRs " + i2
              + " (orders-2 [2,3,0] went to 3, not 0; lesson, 1-based: [1, 4, 4, 4])");
    });
    claim("10-preferred-leaders-return", "lesson-10-broker-failure",
        "restarted brokers rejoin the ISRs and get their preferred leaderships back at the next imbalance check", d -> {
      if (app[0] == null) throw new IllegalStateException("the previous claim did not set up orders-10");
      long t0 = System.nanoTime();
      restart(1);
      restart(2);
      long restartMs = (System.nanoTime() - t0) / 1_000_000;
      long inSync = waitFor("full ISRs", 30000, () -> isrs(topic).stream().allMatch(l -> l.size() == 3));
      List<Integer> atSync = leaders(topic);
      long back = waitFor("preferred leaders", (Main.IMBALANCE_S + 10) * 1000L, () -> leaders(topic).equals(List.of(0, 1, 2, 3)));
      d.expect(true, "brokers 1 and 2 restarted in " + secs(restartMs) + ", back in every ISR " + secs(inSync)
          + " later, leaders then " + atSync);
      d.expect(back <= Main.IMBALANCE_S * 1000L + 3000,
          "leaders back to [0, 1, 2, 3] " + secs(back) + " after that (leader.imbalance.check.interval.seconds " + Main.IMBALANCE_S + ")");
      stop.value = true;
      writer[0].join();
      app[0].flush();
      int ok = 0;
      int failed = 0;
      List<String> errors = new ArrayList<>();
      for (Future<RecordMetadata> f : acked) {
        try {
          f.get();
          ok++;
        } catch (ExecutionException e) {
          failed++;
          errors.add(e.getCause().getClass().getSimpleName());
        }
      }
      long stored = 0;
      for (int p = 0; p < 4; p++) stored += readAll(topic, p).size();
      d.expect(failed == 0 && stored == ok,
          "acks=all producer through both failures: " + ok + " acknowledged, " + failed + " failed " + errors + ", " + stored + " stored");
    });
    stop.value = true;
    if (app[0] != null) app[0].close(Duration.ofSeconds(5));
  }

  static int sent(List<Future<RecordMetadata>> sends) {
    synchronized (sends) {
      return sends.size();
    }
  }

  static final class Flag {
    volatile boolean value;
  }

  private final Map<String, Integer> lessonProducerOutcome = new TreeMap<>();

  private void lesson11() {
    String fast = "fast-11";
    String safe = "safe-11";
    Map<String, String> timeouts = Map.of(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000", ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "5000");
    List<String> fastAcked = new ArrayList<>();
    List<String> safeAcked = new ArrayList<>();
    claim("11-acks1-leader-crash-loses-acked", "lesson-11-durability",
        "acks=1 records the leader confirmed but no follower copied are lost when it crashes; acks=all loses none", d -> {
      createTopic(fast, assignment(List.of(List.of(1, 2, 3))), Map.of());
      createTopic(safe, assignment(List.of(List.of(1, 2, 3))), Map.of("min.insync.replicas", "2"));
      try (KafkaProducer<String, String> fp = producer("1", timeouts); KafkaProducer<String, String> sp = producer("all", timeouts)) {
        for (int i = 0; i < 100; i++) {
          fp.send(new ProducerRecord<>(fast, "f-" + i)).get();
          fastAcked.add("f-" + i);
          sp.send(new ProducerRecord<>(safe, "s-" + i)).get();
          safeAcked.add("s-" + i);
        }
        waitFor("fast replicated", 10000, () -> hw(fast, 0) == 100);
        // The followers of fast stop copying: what broker 1 now confirms, only it has.
        pauseFetching(2, new TopicPartition(fast, 0));
        pauseFetching(3, new TopicPartition(fast, 0));
        List<Long> offsets = new ArrayList<>();
        for (int i = 100; i < 105; i++) {
          offsets.add(fp.send(new ProducerRecord<>(fast, "f-" + i)).get().offset());
          fastAcked.add("f-" + i);
          sp.send(new ProducerRecord<>(safe, "s-" + i)).get();
          safeAcked.add("s-" + i);
        }
        d.expect(hw(fast, 0) == 100, "broker 1 acknowledged fast offsets " + offsets + " (acks=1), HW " + hw(fast, 0));
        long t0 = System.nanoTime();
        kill(1);
        long moved = waitFor("a new leader for fast", 20000, () -> leader(fast, 0) != 1 && leader(safe, 0) != 1);
        d.expect(leader(fast, 0) == 2 && leader(safe, 0) == 2,
            "broker 1 crashed; " + secs(moved) + " later fast and safe are led by " + leader(fast, 0) + " and " + leader(safe, 0)
                + " (first live ISR member of [1, 2, 3]); ISRs " + isr(fast, 0) + ", " + isr(safe, 0));
        for (int i = 105; i < 108; i++) {
          fp.send(new ProducerRecord<>(fast, "f-" + i)).get();
          fastAcked.add("f-" + i);
          sp.send(new ProducerRecord<>(safe, "s-" + i)).get();
          safeAcked.add("s-" + i);
        }
        List<String> fastStored = readAll(fast, 0);
        List<String> lost = new ArrayList<>(fastAcked);
        lost.removeAll(fastStored);
        d.expect(!lost.isEmpty() && fastStored.size() < fastAcked.size(),
            "fast: " + fastAcked.size() + " acknowledged, " + fastStored.size() + " stored, lost " + lost
                + "; offset 100 now holds " + (fastStored.size() > 100 ? fastStored.get(100) : "nothing"));
        List<String> safeStored = readAll(safe, 0);
        List<String> safeLost = new ArrayList<>(safeAcked);
        safeLost.removeAll(safeStored);
        d.expect(safeLost.isEmpty(), "safe (acks=all, min.insync.replicas=2): " + safeAcked.size() + " acknowledged, "
            + safeStored.size() + " stored, lost " + safeLost.size());
      }
    });
    claim("11-min-isr-refuses-writes", "lesson-11-durability",
        "acks=all with min.insync.replicas=2 refuses writes with NOT_ENOUGH_REPLICAS when one replica is in sync", d -> {
      if (fastAcked.isEmpty()) throw new IllegalStateException("the previous claim did not set up fast-11 and safe-11");
      kill(3);
      long ms = waitFor("safe's ISR down to [2]", 20000, () -> isr(safe, 0).equals(List.of(2)));
      d.note("broker 3 crashed; safe's ISR " + isr(safe, 0) + " after " + secs(ms) + ", fast's " + isr(fast, 0));
      Map<String, String> noRetry = new HashMap<>(timeouts);
      noRetry.put(ProducerConfig.RETRIES_CONFIG, "0");
      noRetry.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
      try (KafkaProducer<String, String> probe = producer("all", noRetry);
          KafkaProducer<String, String> sp = producer("all", timeouts);
          KafkaProducer<String, String> fp = producer("1", timeouts)) {
        Throwable refused = null;
        try {
          probe.send(new ProducerRecord<>(safe, "probe")).get();
        } catch (ExecutionException e) {
          refused = e.getCause();
        }
        d.expect(refused instanceof NotEnoughReplicasException,
            "an acks=all send without retries fails with " + (refused == null ? "nothing (acknowledged)" : refused.getClass().getSimpleName()));
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        for (int i = 0; i < 5; i++) sends.add(sp.send(new ProducerRecord<>(safe, "refused-" + i)));
        Map<String, Integer> outcome = new TreeMap<>();
        for (Future<RecordMetadata> f : sends) {
          try {
            f.get();
            outcome.merge("acknowledged", 1, Integer::sum);
          } catch (ExecutionException e) {
            outcome.merge(e.getCause().getClass().getSimpleName(), 1, Integer::sum);
          }
        }
        double retries = sp.metrics().entrySet().stream()
            .filter(e -> e.getKey().name().equals("record-retry-total") && e.getKey().group().equals("producer-metrics"))
            .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
        lessonProducerOutcome.putAll(outcome);
        lessonProducerOutcome.put("retries", (int) retries);
        d.expect(!outcome.containsKey("acknowledged"),
            "5 sends with the lesson's producer (retries, request.timeout.ms 2 s, delivery.timeout.ms 5 s): none acknowledged");
        long fastOffset = fp.send(new ProducerRecord<>(fast, "f-108")).get().offset();
        fastAcked.add("f-108");
        d.expect(true, "fast (acks=1) still takes writes: offset " + fastOffset);
      }
    });
    claim("11-refused-sends-time-out", "lesson-11-durability",
        "the lesson counts every refused send as timed out (failed == timedOut): NOT_ENOUGH_REPLICAS is retriable, so the send expires at delivery.timeout.ms", d -> {
      if (lessonProducerOutcome.isEmpty()) throw new IllegalStateException("the previous claim did not run the lesson's producer");
      Map<String, Integer> failures = new TreeMap<>(lessonProducerOutcome);
      int retries = failures.remove("retries");
      d.expect(failures.equals(Map.of("TimeoutException", 5)),
          "the lesson's producer (acks=all, retries, request.timeout.ms 2 s, delivery.timeout.ms 5 s) saw its 5 refused sends fail with "
              + failures + " after " + retries + " retries (record-retry-total): NOT_ENOUGH_REPLICAS is retriable, so each send"
              + " is retried until delivery.timeout.ms and expires");
    });
    claim("11-returning-broker-truncates", "lesson-11-durability",
        "a returning broker truncates its log to where the new leader's epoch began, dropping what the leader never had", d -> {
      if (fastAcked.isEmpty()) throw new IllegalStateException("the previous claims did not set up fast-11");
      UnifiedLog before = cluster.brokers().get(1).replicaManager().localLog(new TopicPartition(fast, 0)).getOrElse(() -> null);
      d.note("broker 1 down: its fast log " + (before == null ? "not open" : "LEO " + before.logEndOffset()));
      long t0 = System.nanoTime();
      restart(1);
      restart(3);
      long inSync = waitFor("full ISRs", 30000, () -> isr(fast, 0).equals(List.of(1, 2, 3)) && isr(safe, 0).equals(List.of(1, 2, 3)));
      d.note("brokers 1 and 3 restarted, in both ISRs after " + secs((System.nanoTime() - t0) / 1_000_000));
      UnifiedLog log = cluster.brokers().get(1).replicaManager().localLogOrException(new TopicPartition(fast, 0));
      String epochs = log.leaderEpochCache().epochEntries().toString();
      long leo1 = log.logEndOffset();
      long hw = hw(fast, 0);
      d.expect(leo1 == hw, "broker 1's fast log: LEO " + leo1 + " = leader's " + hw + ", epochs " + epochs);
      admin.electLeaders(ElectionType.PREFERRED, Set.of(new TopicPartition(fast, 0))).partitions().get();
      waitFor("broker 1 leads fast", 10000, () -> leader(fast, 0) == 1);
      List<String> stored = readAll(fast, 0);
      List<String> tail = stored.subList(100, stored.size());
      List<String> expected = fastAcked.subList(105, fastAcked.size());
      d.expect(tail.equals(expected),
          "broker 1, leader again, serves offsets 100.. as " + tail + " (f-100 … f-104, which it had confirmed, are gone)");
      try (KafkaProducer<String, String> sp = producer("all", timeouts)) {
        long off = sp.send(new ProducerRecord<>(safe, "s-back")).get().offset();
        d.expect(true, "safe is writable again: offset " + off);
      }
    });
  }

  private void lesson12() {
    String risky = "risky-12";
    String safe = "safe-12";
    Map<String, String> timeouts = Map.of(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000", ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "5000");
    int[] acked = new int[2];
    claim("12-offline-when-last-isr-dies", "lesson-12-unclean-election",
        "when the last in-sync replica dies the partition goes offline (leader -1) and still names it as the replica with every record: in its ISR without KIP-966 (kafkascope's picture), in its eligible leader replicas (ELR) with it (new 4.1+ clusters)", d -> {
      createTopic(risky, assignment(List.of(List.of(1, 2, 3))), Map.of("unclean.leader.election.enable", "true"));
      createTopic(safe, assignment(List.of(List.of(1, 2, 3))), Map.of());
      try (KafkaProducer<String, String> p = producer("1", timeouts)) {
        for (int i = 0; i < 20; i++) {
          p.send(new ProducerRecord<>(risky, "r-" + i)).get();
          p.send(new ProducerRecord<>(safe, "s-" + i)).get();
        }
        waitFor("replicated", 10000, () -> hw(risky, 0) == 20 && hw(safe, 0) == 20);
        kill(2);
        kill(3);
        long ms = waitFor("ISRs down to [1]", 20000, () -> isr(risky, 0).equals(List.of(1)) && isr(safe, 0).equals(List.of(1)));
        d.note("brokers 2 and 3 crashed; both ISRs [1] after " + secs(ms));
        for (int i = 20; i < 50; i++) {
          p.send(new ProducerRecord<>(risky, "r-" + i)).get();
          p.send(new ProducerRecord<>(safe, "s-" + i)).get();
        }
        acked[0] = 50;
        acked[1] = 50;
        d.note("broker 1 alone acknowledged 50 records on each (acks=1)");
      }
      kill(1);
      long off = waitFor("both offline", 20000, () -> leader(risky, 0) == -1 && leader(safe, 0) == -1);
      TopicPartitionInfo r = describe(risky).partitions().get(0);
      TopicPartitionInfo s = describe(safe).partitions().get(0);
      d.expect(true, "broker 1 crashed; both leaders -1 after " + secs(off));
      java.util.function.Predicate<TopicPartitionInfo> remembersBroker1 = x ->
          ids(x.isr()).equals(List.of(1))
              || (ids(x.isr()).isEmpty() && x.elr() != null && ids(x.elr()).equals(List.of(1)));
      d.expect(remembersBroker1.test(r) && remembersBroker1.test(s),
          "ISRs risky " + ids(r.isr()) + " (ELR " + ids(r.elr() == null ? List.of() : r.elr()) + "), safe " + ids(s.isr())
              + " (ELR " + ids(s.elr() == null ? List.of() : s.elr()) + ")");
    });
    claim("12-unclean-election-loses-acked", "lesson-12-unclean-election",
        "with unclean.leader.election.enable a stale replica leads and acknowledged records are lost; without it the partition waits and keeps them", d -> {
      if (acked[0] == 0) throw new IllegalStateException("the previous claim did not set up risky-12 and safe-12");
      long t0 = System.nanoTime();
      restart(2);
      long elected = waitFor("risky led by 2", 30000, () -> leader(risky, 0) == 2);
      d.expect(leader(safe, 0) == -1 && isr(risky, 0).equals(List.of(2)),
          "broker 2 returned; " + secs((System.nanoTime() - t0) / 1_000_000) + " after its restart risky is led by 2 (ISR "
              + isr(risky, 0) + "), safe's leader " + leader(safe, 0));
      List<String> riskyStored = readAll(risky, 0);
      d.expect(riskyStored.size() < acked[0],
          "risky: " + acked[0] + " acknowledged, " + riskyStored.size() + " stored: lost " + (acked[0] - riskyStored.size()));
      restart(1);
      waitFor("safe led by 1", 30000, () -> leader(safe, 0) == 1);
      // Leader and ISR from one description: the imbalance check (every 10 s here, for lesson 10;
      // 300 s in lesson 12) may later hand risky back to broker 1, its preferred leader.
      int[] leaderAtRejoin = {-2};
      waitFor("risky's ISR [1, 2]", 30000, () -> {
        TopicPartitionInfo p = describe(risky).partitions().get(0);
        leaderAtRejoin[0] = leaderOf(p);
        return ids(p.isr()).equals(List.of(1, 2));
      });
      List<String> safeStored = readAll(safe, 0);
      List<String> riskyAfter = readAll(risky, 0);
      d.expect(safeStored.size() == acked[1] && leaderAtRejoin[0] == 2 && riskyAfter.size() == riskyStored.size(),
          "broker 1 returned: safe led by 1 with " + safeStored.size() + " of " + acked[1] + "; risky led by "
              + leaderAtRejoin[0] + " when broker 1 rejoined its ISR, and it holds " + riskyAfter.size()
              + " (broker 1 dropped what 2 never had)");
      restart(3);
      waitFor("broker 3 back", 30000, () -> isr(safe, 0).size() == 3);
    });
  }
}
