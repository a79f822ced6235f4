package org.apache.kafka.storage.internals.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.server.util.KafkaScheduler;
import org.apache.kafka.storage.internals.utils.Throttler;
import org.apache.kafka.storage.log.metrics.BrokerTopicStats;

/**
 * The cleaner oracle: a real {@link UnifiedLog} (kafka-storage 4.3.1, in a temp directory, on a
 * settable clock) gets the case's records, rolled where the case says, and Kafka's own {@link
 * Cleaner} cleans it the way {@code LogCleaner}'s thread does: {@code
 * LogCleanerManager.cleanableOffsets} (hence this package: it is package-private), a {@link
 * LogToClean}, {@code Cleaner.doClean}. Each round reports the cleanable range, the checkpoint and
 * every batch of every segment afterwards.
 *
 * <p>Case: {@code {"config": {segmentBytes, deleteRetentionMs, minCompactionLagMs,
 * maxCompactionLagMs, minCleanableDirtyRatio}, "offsetMapSlots": n|null, "rounds": [{"nowMs",
 * "segments": [[{key, value, timestampMs}]], "active": [...], "highWatermark": n|null,
 * "clean": bool}]}}}. A null key or value is sent as null.
 */
public final class CleanerProbe {
  static final ObjectMapper JSON = new ObjectMapper();

  private CleanerProbe() {}

  /** A clock the case sets (Kafka's MockTime is in a test jar). */
  static final class CaseTime implements Time {
    long ms;

    @Override
    public long milliseconds() {
      return ms;
    }

    @Override
    public long nanoseconds() {
      return TimeUnit.MILLISECONDS.toNanos(ms);
    }

    @Override
    public void sleep(long sleepMs) {
      ms += sleepMs;
    }

    @Override
    public void waitObject(Object obj, Supplier<Boolean> condition, long deadlineMs) {
      throw new UnsupportedOperationException();
    }
  }

  public static ObjectNode run(JsonNode c) throws Exception {
    File dir = Files.createTempDirectory("kafkascope-cleaner").toFile();
    File logDir = new File(dir, "compacted-0");
    CaseTime time = new CaseTime();
    KafkaScheduler scheduler = new KafkaScheduler(1);
    scheduler.startup();
    UnifiedLog log = null;
    try {
      JsonNode cfg = c.get("config");
      Properties props = new Properties();
      props.put("cleanup.policy", "compact");
      props.put(LogConfig.INTERNAL_SEGMENT_BYTES_CONFIG, cfg.get("segmentBytes").asText());
      props.put("delete.retention.ms", cfg.get("deleteRetentionMs").asText());
      props.put("min.compaction.lag.ms", cfg.get("minCompactionLagMs").asText());
      props.put("max.compaction.lag.ms", cfg.get("maxCompactionLagMs").asText());
      props.put("min.cleanable.dirty.ratio", cfg.get("minCleanableDirtyRatio").asText());
      props.put("message.timestamp.after.max.ms", String.valueOf(Long.MAX_VALUE));
      LogConfig config = new LogConfig(props);
      time.ms = c.get("rounds").get(0).get("nowMs").asLong();
      log =
          UnifiedLog.create(
              logDir, config, 0L, 0L, scheduler, new BrokerTopicStats(), time, 60000,
              new ProducerStateManagerConfig(86400000, false), 600000,
              new LogDirFailureChannel(1), true, Optional.of(Uuid.randomUuid()));
      int slots = c.hasNonNull("offsetMapSlots") ? c.get("offsetMapSlots").asInt() : 100_000;
      // 24 bytes a slot (MD5 hash + offset); load factor 1 so the map holds exactly `slots` keys.
      SkimpyOffsetMap map = new SkimpyOffsetMap(slots * 24);
      Throttler throttler = new Throttler(Double.MAX_VALUE, Long.MAX_VALUE, "cleaner-io", "bytes", time);
      Cleaner cleaner = new Cleaner(0, map, 64 * 1024, 1024 * 1024, 1.0, throttler, time, tp -> {});
      Long checkpoint = null;
      ArrayNode rounds = JSON.createArrayNode();
      for (JsonNode round : c.get("rounds")) {
        time.ms = round.get("nowMs").asLong();
        for (JsonNode segment : round.get("segments")) {
          for (JsonNode r : segment) append(log, r);
          log.roll();
        }
        for (JsonNode r : round.get("active")) append(log, r);
        long hw = round.hasNonNull("highWatermark") ? round.get("highWatermark").asLong() : log.logEndOffset();
        log.updateHighWatermark(Math.min(hw, log.logEndOffset()));
        ObjectNode out = JSON.createObjectNode();
        out.put("logEndOffset", log.logEndOffset());
        out.put("lastStableOffset", log.lastStableOffset());
        out.set("before", dump(log));
        LogCleanerManager.OffsetsToClean offsets =
            LogCleanerManager.cleanableOffsets(log, Optional.ofNullable(checkpoint), time.milliseconds());
        LogToClean ltc =
            new LogToClean(log, offsets.firstDirtyOffset(), offsets.firstUncleanableDirtyOffset(), false);
        out.put("firstDirtyOffset", ltc.firstDirtyOffset());
        out.put("firstUncleanableOffset", ltc.firstUncleanableOffset());
        out.put("cleanBytes", ltc.cleanBytes());
        out.put("cleanableBytes", ltc.cleanableBytes());
        out.put("cleanableRatio", Double.isNaN(ltc.cleanableRatio()) ? null : ltc.cleanableRatio());
        if (round.get("clean").asBoolean() && ltc.cleanableBytes() > 0) {
          Map.Entry<Long, CleanerStats> result = cleaner.doClean(ltc, time.milliseconds());
          checkpoint = result.getKey();
          out.put("checkpoint", checkpoint);
          out.set("after", dump(log));
        }
        rounds.add(out);
      }
      ObjectNode result = JSON.createObjectNode();
      result.set("rounds", rounds);
      return result;
    } finally {
      if (log != null) log.close();
      scheduler.shutdown();
      deleteTree(dir);
    }
  }

  static void append(UnifiedLog log, JsonNode r) throws Exception {
    byte[] key = r.get("key").isNull() ? null : r.get("key").asText().getBytes(StandardCharsets.UTF_8);
    byte[] value = r.get("value").isNull() ? null : r.get("value").asText().getBytes(StandardCharsets.UTF_8);
    log.appendAsLeader(
        MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(r.get("timestampMs").asLong(), key, value)), 0);
  }

  static ArrayNode dump(UnifiedLog log) {
    ArrayNode segments = JSON.createArrayNode();
    for (LogSegment s : log.logSegments()) {
      ObjectNode seg = JSON.createObjectNode();
      seg.put("baseOffset", s.baseOffset());
      seg.put("sizeBytes", s.size());
      ArrayNode batches = seg.putArray("batches");
      for (RecordBatch b : s.log().batches()) {
        ObjectNode bn = batches.addObject();
        bn.put("baseOffset", b.baseOffset());
        bn.put("lastOffset", b.lastOffset());
        if (b.deleteHorizonMs().isPresent()) bn.put("deleteHorizonMs", b.deleteHorizonMs().getAsLong());
        else bn.putNull("deleteHorizonMs");
        bn.put("sizeBytes", b.sizeInBytes());
        ArrayNode records = bn.putArray("records");
        for (Record r : b) {
          ObjectNode rn = records.addObject();
          rn.put("offset", r.offset());
          rn.put("key", r.hasKey() ? text(r.key()) : null);
          rn.put("value", r.hasValue() ? text(r.value()) : null);
          rn.put("timestampMs", r.timestamp());
          rn.put("sizeBytes", r.sizeInBytes());
        }
      }
      segments.add(seg);
    }
    return segments;
  }

  static String text(ByteBuffer b) {
    byte[] bytes = new byte[b.remaining()];
    b.duplicate().get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  static void deleteTree(File f) {
    File[] children = f.listFiles();
    if (children != null) for (File child : children) deleteTree(child);
    f.delete();
  }
}
