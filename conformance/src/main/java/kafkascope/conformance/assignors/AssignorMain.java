package kafkascope.conformance.assignors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Assignment;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.GroupSubscription;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.consumer.RoundRobinAssignor;
import org.apache.kafka.clients.consumer.StickyAssignor;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.AppInfoParser;

/**
 * The assignor oracle: kafka-clients' four client assignors run each case the way a group's
 * leader runs them ({@code ConsumerCoordinator.onLeaderElected} → {@code assign(Cluster,
 * GroupSubscription)}), each member's {@code Subscription} built as {@code
 * ConsumerCoordinator.metadata()} builds it: the topics, the assignor's own {@code
 * subscriptionUserData} (after {@code onAssignment} of the member's last assignment and
 * generation, so the eager sticky assignor carries them in its user data), the owned partitions
 * (empty under the eager protocol, which revokes everything before it joins) and the generation.
 *
 * <p>A case is a sequence of rebalances: each step names the members present (in JoinGroup
 * order: the leader's subscription map is a {@code HashMap} filled in that order); a member
 * that was there before brings the assignment Kafka gave it and that generation; the first step
 * may give members a prior ownership (stale generations, conflicting claims). Under
 * cooperative-sticky a member that had partitions revoked rejoins, as ConsumerCoordinator does,
 * so a step may take several rounds. Each round is written out with its inputs, so kafkascope
 * answers exactly the same question.
 *
 * <p>Each case also runs with a prefix on every member id, instance id and topic name: String
 * order is unchanged but Java's hash order is not, so a different answer (prefix removed) marks
 * the case as resting on HashMap iteration order.
 *
 * <p>Usage: {@code java -cp … kafkascope.conformance.assignors.AssignorMain in.json out.json}.
 */
public final class AssignorMain {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] PREFIXES = {"zz-prefix-", "\u00e9\u00e9-"};
  private static final Node NODE = new Node(0, "localhost", 9092);

  private AssignorMain() {}

  /**
   * Kafka's own assignor threw: there is no answer to compare with (seen: the eager sticky
   * assignor's NullPointerException in AbstractStickyAssignor.performReassignments for stale,
   * conflicting prior ownership), which is not a harness error.
   */
  private static final class KafkaThrew extends RuntimeException {
    KafkaThrew(final RuntimeException cause) {
      super(cause + (cause.getStackTrace().length > 0 ? " at " + cause.getStackTrace()[0] : ""), cause);
    }
  }

  /** One member's state for a round. */
  private record Member(
      String id, String instance, List<String> topics, List<TopicPartition> owned, int generation) {}

  /** One round's inputs and Kafka's answer. */
  private record Round(List<Member> members, Map<String, List<TopicPartition>> assignment) {}

  public static void main(final String[] args) throws Exception {
    final JsonNode in = JSON.readTree(new File(args[0]));
    final ArrayNode results = JSON.createArrayNode();
    for (final JsonNode c : in.get("cases")) {
      final ObjectNode r = JSON.createObjectNode();
      // A case Kafka's assignor does not finish in 10 s is reported, not waited for (a daemon
      // thread per case, so a spinning one cannot keep the JVM alive).
      final java.util.concurrent.FutureTask<ObjectNode> task = new java.util.concurrent.FutureTask<>(() -> {
        final ObjectNode answer = JSON.createObjectNode();
        final List<Round> rounds = runCase(c, "");
        boolean hashDependent = false;
        for (final String prefix : PREFIXES) {
          if (!sameAnswers(rounds, runCase(c, prefix), prefix)) hashDependent = true;
        }
        answer.set("rounds", roundsJson(rounds));
        answer.put("hashOrderDependent", hashDependent);
        return answer;
      });
      final Thread t = new Thread(task);
      t.setDaemon(true);
      t.start();
      try {
        r.setAll(task.get(10, java.util.concurrent.TimeUnit.SECONDS));
      } catch (final java.util.concurrent.TimeoutException e) {
        r.put("kafkaTimedOut", true);
      } catch (final java.util.concurrent.ExecutionException e) {
        if (e.getCause() instanceof KafkaThrew k) r.put("kafkaThrew", k.getMessage());
        else r.put("harnessError", e.getCause() == null ? e.toString() : e.getCause().toString());
      } catch (final Exception e) {
        r.put("harnessError", e.toString());
      }
      results.add(r);
    }
    final ObjectNode out = JSON.createObjectNode();
    out.put("kafkaVersion", AppInfoParser.getVersion());
    out.set("results", results);
    JSON.writeValue(new File(args[1]), out);
  }

  private static ConsumerPartitionAssignor assignor(final String name) {
    return switch (name) {
      case "range" -> new RangeAssignor();
      case "roundrobin" -> new RoundRobinAssignor();
      case "sticky" -> new StickyAssignor();
      case "cooperative-sticky" -> new CooperativeStickyAssignor();
      default -> throw new IllegalArgumentException("unknown assignor " + name);
    };
  }

  private static List<String> strings(final JsonNode a, final String prefix) {
    final List<String> out = new ArrayList<>();
    for (final JsonNode x : a) out.add(prefix + x.asText());
    return out;
  }

  private static List<TopicPartition> partitions(final JsonNode a, final String prefix) {
    final List<TopicPartition> out = new ArrayList<>();
    for (final JsonNode x : a) out.add(new TopicPartition(prefix + x.get(0).asText(), x.get(1).asInt()));
    return out;
  }

  private static List<Round> runCase(final JsonNode c, final String prefix) {
    final String name = c.get("assignor").asText();
    final boolean cooperative = name.equals("cooperative-sticky");
    final List<PartitionInfo> infos = new ArrayList<>();
    c.get("partitions").fields().forEachRemaining(e -> {
      for (int p = 0; p < e.getValue().asInt(); p++) {
        infos.add(new PartitionInfo(prefix + e.getKey(), p, NODE, new Node[] {NODE}, new Node[] {NODE}));
      }
    });
    final Cluster cluster = new Cluster("kafkascope", List.of(NODE), infos, new HashSet<>(), new HashSet<>());
    final List<Round> rounds = new ArrayList<>();
    // What each member got last, and in which generation.
    final Map<String, List<TopicPartition>> last = new HashMap<>();
    final Map<String, Integer> lastGeneration = new HashMap<>();
    final JsonNode prior = c.get("prior");
    if (prior != null) {
      prior.fields().forEachRemaining(e -> {
        last.put(prefix + e.getKey(), partitions(e.getValue().get("owned"), prefix));
        lastGeneration.put(prefix + e.getKey(), e.getValue().get("generation").asInt());
      });
    }
    int generation = c.has("generation") ? c.get("generation").asInt() : 0;
    for (final JsonNode step : c.get("steps")) {
      boolean again = true;
      for (int round = 0; again && round < 4; round++) {
        generation++;
        final List<Member> members = new ArrayList<>();
        for (final JsonNode m : step) {
          final String id = prefix + m.get("id").asText();
          final String instance = m.get("instance").isNull() ? null : prefix + m.get("instance").asText();
          members.add(new Member(id, instance, strings(m.get("topics"), prefix),
              last.getOrDefault(id, List.of()), lastGeneration.getOrDefault(id, -1)));
        }
        final Map<String, List<TopicPartition>> assignment = leaderAssigns(name, cluster, members);
        rounds.add(new Round(members, assignment));
        // Cooperative: a member that lost partitions rejoins at once (ConsumerCoordinator
        // .onJoinComplete requests a rejoin when partitions were revoked).
        again = false;
        for (final Member m : members) {
          final List<TopicPartition> now = assignment.getOrDefault(m.id(), List.of());
          if (cooperative && !now.containsAll(m.owned())) again = true;
          last.put(m.id(), now);
          lastGeneration.put(m.id(), generation);
        }
      }
    }
    return rounds;
  }

  private static Map<String, List<TopicPartition>> leaderAssigns(
      final String name, final Cluster cluster, final List<Member> members) {
    final boolean eager = !name.equals("cooperative-sticky");
    final Map<String, Subscription> subscriptions = new HashMap<>();
    for (final Member m : members) {
      final ConsumerPartitionAssignor own = assignor(name);
      if (m.generation() >= 0 || !m.owned().isEmpty()) {
        own.onAssignment(new Assignment(m.owned()),
            new ConsumerGroupMetadata("g", m.generation(), m.id(), Optional.ofNullable(m.instance())));
      }
      final ByteBuffer userData = own.subscriptionUserData(new HashSet<>(m.topics()));
      final Subscription s = new Subscription(m.topics(), userData,
          eager ? List.of() : m.owned(), m.generation(), Optional.empty());
      s.setGroupInstanceId(Optional.ofNullable(m.instance()));
      subscriptions.put(m.id(), s);
    }
    final Map<String, Assignment> result;
    try {
      result = assignor(name).assign(cluster, new GroupSubscription(subscriptions)).groupAssignment();
    } catch (final RuntimeException e) {
      throw new KafkaThrew(e);
    }
    final Map<String, List<TopicPartition>> out = new LinkedHashMap<>();
    for (final Member m : members) {
      final List<TopicPartition> l = new ArrayList<>(result.get(m.id()).partitions());
      l.sort(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
      out.put(m.id(), l);
    }
    return out;
  }

  private static String unprefixed(final String s, final String prefix) {
    return s.startsWith(prefix) ? s.substring(prefix.length()) : s;
  }

  private static boolean sameAnswers(final List<Round> a, final List<Round> b, final String prefix) {
    if (a.size() != b.size()) return false;
    for (int i = 0; i < a.size(); i++) {
      final Map<String, List<TopicPartition>> x = a.get(i).assignment();
      final Map<String, List<TopicPartition>> y = b.get(i).assignment();
      if (x.size() != y.size()) return false;
      for (final Map.Entry<String, List<TopicPartition>> e : y.entrySet()) {
        final List<TopicPartition> mine = x.get(unprefixed(e.getKey(), prefix));
        if (mine == null || mine.size() != e.getValue().size()) return false;
        for (int j = 0; j < mine.size(); j++) {
          final TopicPartition p = e.getValue().get(j);
          if (!mine.get(j).equals(new TopicPartition(unprefixed(p.topic(), prefix), p.partition()))) return false;
        }
      }
    }
    return true;
  }

  private static ArrayNode tps(final List<TopicPartition> l) {
    final ArrayNode a = JSON.createArrayNode();
    for (final TopicPartition tp : l) a.add(JSON.createArrayNode().add(tp.topic()).add(tp.partition()));
    return a;
  }

  private static ArrayNode roundsJson(final List<Round> rounds) {
    final ArrayNode out = JSON.createArrayNode();
    for (final Round r : rounds) {
      final ObjectNode o = JSON.createObjectNode();
      final ArrayNode ms = JSON.createArrayNode();
      for (final Member m : r.members()) {
        final ObjectNode mo = JSON.createObjectNode();
        mo.put("id", m.id());
        if (m.instance() == null) mo.putNull("instance");
        else mo.put("instance", m.instance());
        final ArrayNode ts = JSON.createArrayNode();
        m.topics().forEach(ts::add);
        mo.set("topics", ts);
        mo.set("owned", tps(m.owned()));
        mo.put("generation", m.generation());
        ms.add(mo);
      }
      o.set("members", ms);
      final ObjectNode as = JSON.createObjectNode();
      r.assignment().forEach((id, l) -> as.set(id, tps(l)));
      o.set("assignment", as);
      out.add(o);
    }
    return out;
  }
}
