package org.apache.kafka.storage.internals.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.server.util.KafkaScheduler;
import org.apache.kafka.storage.log.metrics.BrokerTopicStats;

/**
 * The retention oracle: a real {@link UnifiedLog} (kafka-storage 4.3.1, in a temp directory, on
 * the case's clock) gets the case's batches with {@code appendAsLeader}, rolling by itself
 * ({@code UnifiedLog.maybeRoll}, {@code LogSegment.shouldRoll}), and at each check has its high
 * watermark set and deletes old segments. Each step reports every segment (base offset, bytes,
 * records, largest timestamp, the timestamp segment.ms counts from, creation time), the log
 * start and end offsets, the high watermark, and at a check the segments deleted and why.
 *
 * <p>Why: {@code deleteOldSegments()} for cleanup.policy=delete is, in 4.3.1, exactly {@code
 * deleteLogStartOffsetBreachedSegments() + deleteRetentionSizeBreachedSegments() +
 * deleteRetentionMsBreachedSegments()} (then a metric). Those three are private; the probe calls
 * them in that order by reflection, so it can tell which rule deleted each segment, and then
 * calls {@code deleteOldSegments()} itself, which must find nothing more (else a harness error).
 *
 * <p>Case: {@code {"config": {segmentBytes, segmentMs, retentionMs, retentionBytes}, "startMs",
 * "steps": [{"kind": "append", "nowMs", "batches": [[{key|null, valueBytes, timestampMs}]]} |
 * {"kind": "check", "nowMs", "highWatermark": n|null}]}}. A null high watermark is the log end
 * offset.
 */
public final class RetentionProbe {
  private RetentionProbe() {}

  static final String[] RULES = {
    "deleteLogStartOffsetBreachedSegments",
    "deleteRetentionSizeBreachedSegments",
    "deleteRetentionMsBreachedSegments",
  };
  static final String[] REASONS = {"log start offset", "retention.bytes", "retention.ms"};

  /**
   * Where the logs go: memory (/dev/shm) where there is one. A roll flushes the closed segment
   * and writes a producer snapshot, each with an fsync; on a disk those made a case take 200 ms.
   */
  static final Path SCRATCH =
      Files.isDirectory(Path.of("/dev/shm")) && Files.isWritable(Path.of("/dev/shm"))
          ? Path.of("/dev/shm")
          : Path.of(System.getProperty("java.io.tmpdir"));

  public static ObjectNode run(JsonNode c) throws Exception {
    File dir = Files.createTempDirectory(SCRATCH, "kafkascope-retention").toFile();
    File logDir = new File(dir, "retained-0");
    CleanerProbe.CaseTime time = new CleanerProbe.CaseTime();
    KafkaScheduler scheduler = new KafkaScheduler(1);
    scheduler.startup();
    UnifiedLog log = null;
    try {
      JsonNode cfg = c.get("config");
      Properties props = new Properties();
      props.put("cleanup.policy", "delete");
      // segment.bytes has a 1 MiB floor; the internal setting is Kafka's own way around it in tests.
      props.put(LogConfig.INTERNAL_SEGMENT_BYTES_CONFIG, cfg.get("segmentBytes").asText());
      props.put("segment.ms", cfg.get("segmentMs").asText());
      props.put("retention.ms", cfg.get("retentionMs").asText());
      props.put("retention.bytes", cfg.get("retentionBytes").asText());
      // 4 KiB indexes (Kafka's default: 10 MiB) hold 341 entries, one per 4 KiB of log: a case's
      // segments never fill them, and each roll maps a small file instead of a large one.
      props.put("segment.index.bytes", "4096");
      props.put("message.timestamp.after.max.ms", String.valueOf(Long.MAX_VALUE));
      props.put("message.timestamp.before.max.ms", String.valueOf(Long.MAX_VALUE));
      LogConfig config = new LogConfig(props);
      time.ms = c.get("startMs").asLong();
      log =
          UnifiedLog.create(
              logDir, config, 0L, 0L, scheduler, new BrokerTopicStats(), time, 60000,
              new ProducerStateManagerConfig(86400000, false), 600000,
              new LogDirFailureChannel(1), true, Optional.of(Uuid.randomUuid()));
      Method[] rules = new Method[RULES.length];
      for (int i = 0; i < RULES.length; i++) {
        rules[i] = UnifiedLog.class.getDeclaredMethod(RULES[i]);
        rules[i].setAccessible(true);
      }
      Field created = LogSegment.class.getDeclaredField("created");
      created.setAccessible(true);
      ArrayNode steps = CleanerProbe.JSON.createArrayNode();
      for (JsonNode step : c.get("steps")) {
        time.ms = step.get("nowMs").asLong();
        ObjectNode out = CleanerProbe.JSON.createObjectNode();
        if (step.get("kind").asText().equals("append")) {
          ArrayNode sizes = out.putArray("batchSizes");
          for (JsonNode batch : step.get("batches")) {
            MemoryRecords records = batch(batch);
            sizes.add(records.sizeInBytes());
            log.appendAsLeader(records, 0);
          }
        } else {
          long hw =
              step.hasNonNull("highWatermark") ? step.get("highWatermark").asLong() : log.logEndOffset();
          log.updateHighWatermark(hw);
          ArrayNode deleted = out.putArray("deleted");
          for (int i = 0; i < rules.length; i++) {
            List<Long> before = bases(log);
            int n = invoke(rules[i], log);
            List<Long> after = bases(log);
            int gone = 0;
            for (long base : before) {
              if (after.contains(base)) break; // the oldest segments go, in order
              ObjectNode d = deleted.addObject();
              d.put("baseOffset", base);
              d.put("reason", REASONS[i]);
              gone++;
            }
            if (gone != n) throw new IllegalStateException(RULES[i] + " said " + n + ", " + gone + " went");
          }
          int more = log.deleteOldSegments();
          if (more != 0) throw new IllegalStateException("deleteOldSegments() deleted " + more + " more");
        }
        out.put("logStartOffset", log.logStartOffset());
        out.put("logEndOffset", log.logEndOffset());
        out.put("highWatermark", log.highWatermark());
        out.set("segments", dump(log, created));
        steps.add(out);
      }
      ObjectNode result = CleanerProbe.JSON.createObjectNode();
      result.set("steps", steps);
      return result;
    } finally {
      if (log != null) log.close();
      scheduler.shutdown();
      CleanerProbe.deleteTree(dir);
    }
  }

  /** One batch: CreateTime, no compression, the key as UTF-8, a value of `valueBytes` bytes. */
  static MemoryRecords batch(JsonNode batch) {
    SimpleRecord[] records = new SimpleRecord[batch.size()];
    for (int i = 0; i < records.length; i++) {
      JsonNode r = batch.get(i);
      byte[] key = r.get("key").isNull() ? null : r.get("key").asText().getBytes(StandardCharsets.UTF_8);
      byte[] value = new byte[r.get("valueBytes").asInt()];
      records[i] = new SimpleRecord(r.get("timestampMs").asLong(), key, value);
    }
    return MemoryRecords.withRecords(Compression.NONE, records);
  }

  static int invoke(Method m, UnifiedLog log) throws Exception {
    try {
      return (Integer) m.invoke(log);
    } catch (InvocationTargetException e) {
      throw (Exception) e.getCause();
    }
  }

  static List<Long> bases(UnifiedLog log) {
    List<Long> l = new ArrayList<>();
    for (LogSegment s : log.logSegments()) l.add(s.baseOffset());
    return l;
  }

  static ArrayNode dump(UnifiedLog log, Field created) throws Exception {
    ArrayNode segments = CleanerProbe.JSON.createArrayNode();
    for (LogSegment s : log.logSegments()) {
      ObjectNode seg = segments.addObject();
      seg.put("baseOffset", s.baseOffset());
      seg.put("sizeBytes", s.size());
      long records = 0;
      long firstBatchMaxTimestamp = -1;
      Iterator<? extends RecordBatch> it = s.log().batches().iterator();
      while (it.hasNext()) {
        RecordBatch b = it.next();
        if (records == 0) firstBatchMaxTimestamp = b.maxTimestamp();
        records += b.lastOffset() - b.baseOffset() + 1;
      }
      seg.put("recordCount", records);
      // maxTimestampSoFar, not largestTimestamp(): an empty segment's falls back to its file's mtime.
      seg.put("maxTimestampMs", s.maxTimestampSoFar());
      // What LogSegment.loadFirstBatchTimestamp reads into rollingBasedTimestamp.
      seg.put("rollingBasedTimestampMs", firstBatchMaxTimestamp);
      seg.put("createdAtMs", created.getLong(s));
    }
    return segments;
  }
}
