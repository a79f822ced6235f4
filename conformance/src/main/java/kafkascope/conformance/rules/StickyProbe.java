// Lives in Kafka's package (the source file sits with the other rules classes): it overrides the
// package-private hooks RecordAccumulator.createBuiltInPartitioner and
// BuiltInPartitioner.randomPartition, which Kafka's own tests override the same way.
package org.apache.kafka.clients.producer.internals;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Random;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.utils.LogContext;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;

/**
 * Runs null-key records through Kafka's own {@link RecordAccumulator#append} with the uniform
 * sticky {@link BuiltInPartitioner} (adaptive partitioning off), and reports per record the
 * partition, the sticky "generation" (how many times the partitioner has picked a partition so
 * far; each pick starts a new StickyPartitionInfo) and the bytes the append added to the batch.
 *
 * <p>{@code drain}: after every append every batch is taken out of the accumulator, as a sender
 * that keeps up would (linger.ms=0); otherwise batches pile up (an idle sender), which disables
 * the switch at batch.size until the last batch is full or twice batch.size was produced.
 */
public final class StickyProbe {
  private StickyProbe() {}

  public static final class Result {
    public final int[] partitions;
    public final int[] generations;
    public final int[] appendedBytes;

    Result(int n) {
      partitions = new int[n];
      generations = new int[n];
      appendedBytes = new int[n];
    }
  }

  public static Result run(
      Cluster cluster, String topic, int batchSize, boolean drain, byte[][] values, long seed)
      throws InterruptedException {
    final int[] generation = {0};
    final Random random = new Random(seed);
    final Metrics metrics = new Metrics();
    final Time time = Time.SYSTEM;
    final BufferPool pool = new BufferPool(1L << 34, batchSize, metrics, time, "producer-metrics");
    final RecordAccumulator acc =
        new RecordAccumulator(
            new LogContext(),
            batchSize,
            Compression.NONE,
            0,
            100L,
            1000L,
            120_000,
            new RecordAccumulator.PartitionerConfig(false, 0),
            metrics,
            "producer-metrics",
            time,
            null,
            pool) {
          @Override
          BuiltInPartitioner createBuiltInPartitioner(LogContext lc, String t, int size) {
            return new BuiltInPartitioner(lc, t, size) {
              @Override
              int randomPartition() {
                generation[0]++;
                return Utils.toPositive(random.nextInt());
              }
            };
          }
        };
    final Result r = new Result(values.length);
    final int[] current = new int[2];
    final RecordAccumulator.AppendCallbacks callbacks =
        new RecordAccumulator.AppendCallbacks() {
          @Override
          public void setPartition(int partition) {
            current[0] = partition;
            current[1] = generation[0];
          }

          @Override
          public void onCompletion(RecordMetadata metadata, Exception exception) {}
        };
    final int numPartitions = cluster.partitionsForTopic(topic).size();
    try {
      for (int i = 0; i < values.length; i++) {
        RecordAccumulator.RecordAppendResult res =
            acc.append(
                topic,
                RecordMetadata.UNKNOWN_PARTITION,
                0L,
                null,
                values[i],
                null,
                callbacks,
                1000L,
                time.milliseconds(),
                cluster);
        r.partitions[i] = current[0];
        r.generations[i] = current[1];
        r.appendedBytes[i] = res.appendedBytes;
        if (drain) {
          for (int p = 0; p < numPartitions; p++) {
            Deque<ProducerBatch> dq = acc.getDeque(new TopicPartition(topic, p));
            if (dq == null) continue;
            Deque<ProducerBatch> taken = new ArrayDeque<>();
            synchronized (dq) {
              ProducerBatch b;
              while ((b = dq.pollFirst()) != null) taken.add(b);
            }
            for (ProducerBatch b : taken) {
              b.closeForRecordAppends();
              acc.deallocate(b);
            }
          }
        }
      }
    } finally {
      metrics.close();
    }
    return r;
  }
}
