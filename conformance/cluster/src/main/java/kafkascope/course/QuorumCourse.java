package kafkascope.course;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import kafka.server.BrokerServer;
import kafka.server.ControllerServer;
import org.apache.kafka.clients.admin.CreatePartitionsOptions;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.metadata.LeaderAndIsr;
import org.apache.kafka.raft.LeaderAndEpoch;

/**
 * The controller-quorum scenario's claims (public/scenarios/controller-quorum.yaml) on a cluster of
 * its own: three isolated KRaft controllers (3000, 3001, 3002, the scenario's ids, which are the
 * test kit's too) and three brokers, 0 to 2 (the scenario's 1 to 3). Controllers are killed and
 * restarted as the scenario does; the brokers keep the lessons' 4 s session timeout (the scenario
 * has Kafka's 9 s).
 */
final class QuorumCourse {
  static final String LESSON = "controller-quorum";
  static final String TOPIC = "orders-cq";
  static final int VOTERS = 3;
  static final int BROKERS = 3;
  /** controller.quorum.fetch.timeout.ms, Kafka's default: the followers' wait before an election. */
  static final int FETCH_TIMEOUT_MS = 2000;

  private final KafkaClusterTestKit cluster;
  private final Course course;
  private final Set<Integer> deadControllers = new TreeSet<>();

  private QuorumCourse(KafkaClusterTestKit cluster, Course course) {
    this.cluster = cluster;
    this.course = course;
  }

  /** Starts the quorum cluster, checks the claims, stops it: returns its timings. */
  static Map<String, Object> run(Map<String, String> config, List<Map<String, Object>> claims, String only)
      throws Exception {
    long t0 = System.nanoTime();
    TestKitNodes nodes =
        new TestKitNodes.Builder()
            .setCombined(false)
            .setNumControllerNodes(VOTERS)
            .setNumBrokerNodes(BROKERS)
            .setBootstrapMetadata(Main.productionBootstrap())
            .build();
    KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
    Map<String, String> own = new LinkedHashMap<>(config);
    // The scenario's autoLeaderRebalance: false keeps leaders where the failures put them.
    own.put("auto.leader.rebalance.enable", "false");
    own.put("controller.quorum.fetch.timeout.ms", String.valueOf(FETCH_TIMEOUT_MS));
    for (Map.Entry<String, String> e : own.entrySet()) builder.setConfigProp(e.getKey(), e.getValue());
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("controllers", VOTERS);
    doc.put("brokers", BROKERS);
    KafkaClusterTestKit cluster = builder.build();
    Course course = null;
    long startMs = 0;
    try {
      Main.formatAndStart(cluster);
      // Every client names all three brokers: broker 0 dies here too.
      course = new Course(cluster, claims, only, cluster.bootstrapServers());
      course.awaitReady();
      startMs = (System.nanoTime() - t0) / 1_000_000;
      doc.put("clusterStartMs", startMs);
      System.out.printf("course: %d controllers and %d brokers up in %.1f s%n", VOTERS, BROKERS, startMs / 1000.0);
      new QuorumCourse(cluster, course).claims();
    } finally {
      doc.put("claimsMs", (System.nanoTime() - t0) / 1_000_000 - startMs);
      long stop = System.nanoTime();
      if (course != null) course.close();
      try {
        cluster.close();
      } catch (Exception e) {
        doc.put("closeError", e.toString());
      }
      doc.put("clusterStopMs", (System.nanoTime() - stop) / 1_000_000);
    }
    return doc;
  }

  // ---- the quorum as its nodes see it ------------------------------------------------------------

  List<Integer> liveControllers() {
    List<Integer> l = new ArrayList<>();
    for (int id : new TreeSet<>(cluster.controllers().keySet())) if (!deadControllers.contains(id)) l.add(id);
    return l;
  }

  /** The live controllers whose QuorumController is active (the Raft leader that has claimed it). */
  List<Integer> active() {
    List<Integer> l = new ArrayList<>();
    for (int id : liveControllers()) {
      ControllerServer c = cluster.controllers().get(id);
      if (c.controller() != null && c.controller().isActive()) l.add(id);
    }
    return l;
  }

  /** Each live voter's view of the Raft leader and epoch, e.g. {3001=3001@2, 3002=3001@2}. */
  Map<Integer, String> raftViews() {
    Map<Integer, String> m = new TreeMap<>();
    for (int id : liveControllers()) {
      LeaderAndEpoch le = cluster.controllers().get(id).sharedServer().raftManager().client().leaderAndEpoch();
      OptionalInt leader = le.leaderId();
      m.put(id, (leader.isPresent() ? String.valueOf(leader.getAsInt()) : "none") + "@" + le.epoch());
    }
    return m;
  }

  /** Whether every live voter follows `leader` and `leader` alone is active. */
  boolean settledOn(int leader) {
    if (!active().equals(List.of(leader))) return false;
    for (String v : raftViews().values()) if (!v.startsWith(leader + "@")) return false;
    return true;
  }

  void killController(int id) {
    deadControllers.add(id);
    cluster.controllers().get(id).shutdown();
  }

  void restartController(int id) {
    cluster.controllers().get(id).startup();
    deadControllers.remove(id);
  }

  /** What broker `b` serves from its own metadata cache: orders-cq's leaders and ISRs, and whether broker 0 is fenced. */
  String servedBy(int b, List<Integer> leaders, List<List<Integer>> isrs) {
    BrokerServer broker = cluster.brokers().get(b);
    for (int p = 0; p < 3; p++) {
      Optional<LeaderAndIsr> li = broker.metadataCache().getLeaderAndIsr(TOPIC, p);
      leaders.add(li.map(LeaderAndIsr::leader).orElse(-2));
      isrs.add(li.map(x -> List.copyOf(new TreeSet<>(x.isr()))).orElse(List.of()));
    }
    return "broker " + b + " serves leaders " + leaders + ", ISRs " + isrs + ", broker 0 "
        + (broker.metadataCache().isBrokerFenced(0) ? "fenced" : "unfenced");
  }

  static String failure(KafkaFuture<?> f, long timeoutMs) {
    try {
      f.get(timeoutMs, TimeUnit.MILLISECONDS);
      return null;
    } catch (ExecutionException e) {
      return e.getCause().getClass().getSimpleName();
    } catch (java.util.concurrent.TimeoutException e) {
      return "no answer in " + Course.secs(timeoutMs);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  // ---- the claims ----------------------------------------------------------------------------------

  void claims() {
    int[] first = {-1};
    int[] second = {-1};
    int[] lone = {-1};
    course.claim("controller-quorum-failover", LESSON,
        "killing the active controller: another voter becomes active and still elects partition leaders", d -> {
      // orders-0 [0,1,2], orders-1 [1,2,0], orders-2 [2,0,1]: the scenario's [1,2,3], [2,3,1], [3,1,2].
      course.createTopic(TOPIC, Course.assignment(List.of(List.of(0, 1, 2), List.of(1, 2, 0), List.of(2, 0, 1))), Map.of());
      Course.waitFor("one active controller", 20000, () -> active().size() == 1 && settledOn(active().get(0)));
      first[0] = active().get(0);
      d.expect(course.leaders(TOPIC).equals(List.of(0, 1, 2)),
          "controller " + first[0] + " active (the scenario's 3000: Raft's first election has no fixed winner), orders leaders "
              + course.leaders(TOPIC) + " (scenario, 1-based: [1, 2, 3])");
      Map<Integer, String> before = raftViews();
      long t0 = System.nanoTime();
      killController(first[0]);
      long shutdownMs = (System.nanoTime() - t0) / 1_000_000;
      Course.waitFor("a new active controller", 20000, () -> active().size() == 1 && settledOn(active().get(0)));
      long took = (System.nanoTime() - t0) / 1_000_000;
      second[0] = active().get(0);
      // The test kit stops a controller gracefully: a Raft leader that shuts down resigns
      // (EndQuorumEpoch), so the others elect at once; a crashed one is noticed only after
      // controller.quorum.fetch.timeout.ms, as the scenario's crash is.
      d.expect(second[0] != first[0] && liveControllers().size() == 2,
          "killed " + first[0] + " (Raft leader@epoch per voter " + before + "; its shutdown took " + Course.secs(shutdownMs)
              + " and resigned the leadership): " + second[0] + " active " + Course.secs(took) + " after the kill began, voters "
              + raftViews() + " (scenario, a crash: 3001 within 4 s)");
      t0 = System.nanoTime();
      course.kill(2);
      Course.waitFor("broker 2 fenced", 20000, () -> course.leader(TOPIC, 2) != 2);
      Course.waitFor("ISRs without 2", 5000, () -> course.isrs(TOPIC).stream().noneMatch(l -> l.contains(2)));
      long fenced = (System.nanoTime() - t0) / 1_000_000;
      List<Integer> leaders = course.leaders(TOPIC);
      List<List<Integer>> isrs = course.isrs(TOPIC);
      d.expect(leaders.equals(List.of(0, 1, 0)) && isrs.equals(List.of(List.of(0, 1), List.of(0, 1), List.of(0, 1))),
          "then broker 2 killed: fenced by " + second[0] + " after " + Course.secs(fenced) + ", leaders " + leaders
              + ", ISRs " + isrs + " (orders-2 [2,0,1] → 0, the first live ISR member)");
      course.restart(2);
      long back = Course.waitFor("broker 2 back in every ISR", 30000,
          () -> course.isrs(TOPIC).stream().allMatch(l -> l.size() == 3));
      d.note("broker 2 restarted, back in every ISR after " + Course.secs(back));
    });
    course.claim("controller-quorum-no-majority-no-decisions", LESSON,
        "with 2 of 3 voters down there is no active controller: a dead leader stays leader and no topic can be created", d -> {
      if (second[0] < 0) throw new IllegalStateException("the previous claim did not leave an active controller");
      // The scenario kills the follower 3002 and leaves the active 3001 alone.
      int follower = liveControllers().stream().filter(c -> c != second[0]).findFirst().orElseThrow();
      lone[0] = second[0];
      long t0 = System.nanoTime();
      killController(follower);
      long stillActive = (System.nanoTime() - t0) / 1_000_000;
      boolean activeAtOnce = active().contains(lone[0]);
      long resigned = Course.waitFor("no active controller", 15000, () -> active().isEmpty());
      d.expect(resigned <= 3 * FETCH_TIMEOUT_MS,
          "killed the follower " + follower + ": " + lone[0] + (activeAtOnce ? " still active " + Course.secs(stillActive) + " after, " : ", ")
              + "no active controller " + Course.secs(resigned) + " after (check-quorum resigns at 1.5 × controller.quorum.fetch.timeout.ms "
              + Course.secs(FETCH_TIMEOUT_MS * 3 / 2) + "; kafkascope: at once), voter " + raftViews());
      long t1 = System.nanoTime();
      course.kill(0);
      long killMs = (System.nanoTime() - t1) / 1_000_000;
      // While broker 0's session runs out, try to create a topic and to add a partition.
      CreateTopicsOptions ct = new CreateTopicsOptions().timeoutMs(5000);
      KafkaFuture<Void> created = course.admin.createTopics(List.of(new NewTopic("new-cq", 1, (short) 2)), ct).all();
      KafkaFuture<Void> grown = course.admin.createPartitions(Map.of(TOPIC, NewPartitions.increaseTo(4)),
          new CreatePartitionsOptions().timeoutMs(5000)).all();
      String createFailure = failure(created, 8000);
      String growFailure = failure(grown, 8000);
      long wait = Main.SESSION_MS + 4000 - (System.nanoTime() - t1) / 1_000_000;
      if (wait > 0) Thread.sleep(wait);
      long at = (System.nanoTime() - t1) / 1_000_000;
      boolean noneActive = active().isEmpty();
      List<Integer> l1 = new ArrayList<>();
      List<List<Integer>> i1 = new ArrayList<>();
      String served1 = servedBy(1, l1, i1);
      List<Integer> l2 = new ArrayList<>();
      List<List<Integer>> i2 = new ArrayList<>();
      String served2 = servedBy(2, l2, i2);
      List<Integer> leaders = course.leaders(TOPIC);
      List<List<Integer>> full = List.of(List.of(0, 1, 2), List.of(0, 1, 2), List.of(0, 1, 2));
      d.expect(noneActive && l1.equals(List.of(0, 1, 0)) && l2.equals(l1) && i1.equals(full) && i2.equals(full)
              && leaders.equals(l1)
              && !cluster.brokers().get(1).metadataCache().isBrokerFenced(0),
          "broker 0 killed (in " + Course.secs(killMs) + "), " + Course.secs(at) + " later (broker.session.timeout.ms "
              + Course.secs(Main.SESSION_MS) + "), still no active controller: " + served1 + "; " + served2
              + "; Admin describes leaders " + leaders + " (scenario at 27 s: broker 1 unfenced, orders-0 led by 1, ISR [1, 2, 3])");
      boolean topicAbsent = !course.admin.listTopics().names().get().contains("new-cq");
      int partitions = course.describe(TOPIC).partitions().size();
      d.expect(createFailure != null && topicAbsent,
          "CreateTopics new-cq: " + (createFailure == null ? "created" : createFailure) + ", topic "
              + (topicAbsent ? "absent" : "exists"));
      d.expect(growFailure != null && partitions == 3,
          "CreatePartitions orders-cq → 4: " + (growFailure == null ? "done" : growFailure) + ", " + partitions + " partitions");
    });
    course.claim("controller-quorum-majority-back", LESSON,
        "a controller restarted (2 of 3 voters): a leader is elected and the dead broker's partitions get a new leader", d -> {
      if (lone[0] < 0) throw new IllegalStateException("the previous claim did not run");
      int back = deadControllers.stream().filter(c -> c != first[0]).findFirst().orElseThrow();
      long t0 = System.nanoTime();
      restartController(back);
      Course.waitFor("an active controller", 20000, () -> active().size() == 1 && settledOn(active().get(0)));
      long elected = (System.nanoTime() - t0) / 1_000_000;
      int now = active().get(0);
      d.expect(true, "restarted " + back + ": " + now + " active " + Course.secs(elected) + " later (voters " + raftViews()
          + "; scenario: 3001, the voter that stayed, within 2 s)");
      Course.waitFor("broker 0 fenced", 20000, () -> course.leader(TOPIC, 0) != 0);
      long moved = (System.nanoTime() - t0) / 1_000_000;
      Course.waitFor("ISRs without 0", 5000, () -> course.isrs(TOPIC).stream().noneMatch(l -> l.contains(0)));
      long afterActive = moved - elected;
      List<Integer> leaders = course.leaders(TOPIC);
      List<List<Integer>> isrs = course.isrs(TOPIC);
      d.expect(leaders.equals(List.of(1, 1, 2)) && isrs.equals(List.of(List.of(1, 2), List.of(1, 2), List.of(1, 2)))
              && afterActive >= Main.SESSION_MS - Main.HEARTBEAT_MS,
          "broker 0 fenced " + Course.secs(afterActive) + " after " + now + " became active (a full broker.session.timeout.ms "
              + Course.secs(Main.SESSION_MS) + " from activation): leaders " + leaders + ", ISRs " + isrs
              + " (scenario: orders-0 → 2, ISR [2, 3], 1-based)");
      course.restart(0);
      long rejoined = Course.waitFor("broker 0 back in every ISR", 30000,
          () -> course.isrs(TOPIC).stream().allMatch(l -> l.size() == 3));
      d.expect(true, "broker 0 restarted, back in every ISR after " + Course.secs(rejoined));
    });
  }
}
