package kafkascope.course;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * One group member on a thread of its own (a KafkaConsumer belongs to one thread): it polls every
 * 50 ms, counts what it reads and records every rebalance callback with the generation it saw.
 * The checks read its snapshot and send it commands (commit, pause, close) that run on its thread.
 */
final class Member implements AutoCloseable {
  /** One rebalance callback: revoked, assigned or lost, with its partitions. */
  record Event(String kind, List<Integer> partitions, int generationBefore) {}

  final String id;
  private final KafkaConsumer<String, String> consumer;
  private final Thread thread;
  private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
  private volatile boolean running = true;
  private volatile boolean paused = false;
  private volatile boolean crashed = false;
  private volatile List<Integer> assignment = List.of();
  private volatile int generation = -1;
  private volatile long consumed = 0;
  final List<Event> events = java.util.Collections.synchronizedList(new ArrayList<>());

  Member(String bootstrap, String group, String id, String topic, String assignor, int sessionTimeoutMs) {
    this.id = id;
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, id);
    p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, String.valueOf(sessionTimeoutMs));
    p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "1000");
    p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, assignor);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    consumer = new KafkaConsumer<>(p);
    ConsumerRebalanceListener listener =
        new ConsumerRebalanceListener() {
          @Override
          public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            events.add(new Event("revoked", numbers(partitions), generation));
          }

          @Override
          public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            events.add(new Event("assigned", numbers(partitions), generation));
            if (paused) consumer.pause(consumer.assignment());
          }

          @Override
          public void onPartitionsLost(Collection<TopicPartition> partitions) {
            events.add(new Event("lost", numbers(partitions), generation));
          }
        };
    thread =
        new Thread(
            () -> {
              consumer.subscribe(List.of(topic), listener);
              while (running) {
                Runnable c;
                while ((c = commands.poll()) != null) c.run();
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(50));
                consumed += records.count();
                assignment = numbers(consumer.assignment());
                generation = consumer.groupMetadata().generationId();
              }
              // A crash sends no LeaveGroup: the coordinator finds out when the session times out.
              consumer.close(
                  crashed
                      ? CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP)
                          .withTimeout(Duration.ZERO)
                      : CloseOptions.timeout(Duration.ofSeconds(5)));
            },
            "member-" + id);
    thread.setDaemon(true);
    thread.start();
  }

  static List<Integer> numbers(Collection<TopicPartition> partitions) {
    Set<Integer> s = new TreeSet<>();
    for (TopicPartition tp : partitions) s.add(tp.partition());
    return List.copyOf(s);
  }

  List<Integer> assignment() {
    return assignment;
  }

  int generation() {
    return generation;
  }

  long consumed() {
    return consumed;
  }

  List<Event> events() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }

  /** Runs f on the member's thread and waits for its answer. */
  <T> T call(Function<KafkaConsumer<String, String>, T> f) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    commands.add(
        () -> {
          try {
            result.complete(f.apply(consumer));
          } catch (RuntimeException e) {
            result.completeExceptionally(e);
          }
        });
    return result.get(30, java.util.concurrent.TimeUnit.SECONDS);
  }

  void commit() throws Exception {
    call(
        c -> {
          c.commitSync();
          return null;
        });
  }

  void pause() throws Exception {
    call(
        c -> {
          paused = true;
          c.pause(c.assignment());
          return null;
        });
  }

  void resume() throws Exception {
    call(
        c -> {
          paused = false;
          c.resume(c.assignment());
          return null;
        });
  }

  /** Stops polling and heartbeating without leaving the group, as a crashed process would. */
  void crash() throws InterruptedException {
    crashed = true;
    close();
  }

  /** Leaves the group (LeaveGroup, as a clean shutdown does) and waits for the thread. */
  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(15000);
  }
}
