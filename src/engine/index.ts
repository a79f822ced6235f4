/**
 * kafkascope's engine: a deterministic discrete-event simulation of a Kafka cluster.
 * This is its public face; other layers import from here only. The fuzzer, the benchmarks
 * and the test runner are dev tools with their own entry, `./tools.ts`.
 */
export type {
  Command,
  ProduceCommand,
  SetProducerRateCommand,
  ConfigureProducerCommand,
  SeekCommand,
  NarrateCommand,
  KeyChoice,
  BrokerCommand,
  ControllerCommand,
  AddConsumerCommand,
  ConsumerCommand,
  CommitCommand,
  AddPartitionsCommand,
  AddStreamsInstanceCommand,
  StreamsInstanceCommand,
} from './commands';
export {
  COMMAND_SPECS,
  COMMAND_TYPES,
  describeCommand,
  specOf,
  validateCommand,
  type CommandOf,
  type CommandSpec,
  type CommandType,
} from './commands';
export { DEFAULT_CONFIG, resolveConfig, type EngineConfig, type DeepPartial } from './config';
export { MODEL_NOTES, type ModelNote } from './modelNotes';
export { controllerName, quorumSetupProblem, resolveQuorum, MAX_VOTERS } from './quorum';
export type { TraceEvent, TraceEventOf, TraceEventType } from './events';
export type {
  Acks,
  Header,
  KeyMode,
  LogRecord,
  OffsetSpec,
  Flight,
  FlightKind,
  NodeRef,
  TopicPartitionRef,
  TopicConfig,
  CleanupPolicy,
} from './model';
export { DEFAULT_TOPIC_LOG_CONFIG } from './model';
export type { LogSegment } from './logSegments';
export { MIN_RECORD_BYTES } from './producer';
export {
  murmur2,
  toPositive,
  utf8Bytes,
  partitionForKey,
  explainKeyPartition,
  type KeyPartitionExplanation,
} from './murmur2';
export { PARTITIONER_NAMES, type PartitionerName, type PartitionReason } from './partitioner';
export {
  createRng,
  createRngStreams,
  nextUint32,
  nextFloat,
  nextInt,
  type RngState,
  type RngStreamName,
  type RngStreams,
} from './prng';
export { createWorld, applyCommand, step, runUntil, takeEmitted } from './simulation';
export { snapshot, recordsInRange, findPartition, quorumState } from './snapshot';
export { indexAtOrAfter, recordAtOffset, type RecordsByOffset } from './logIndex';
export {
  DEFAULT_COMPACTION_CONFIG,
  NULL_KEY_IN_COMPACTED_TOPIC,
  RECORD_BATCH_OVERHEAD_BYTES,
  cleanLog,
  cleanableRange,
  grabFilthiestLog,
  recordSizeBytes,
  segmentSizeBytes,
  singleRecordBatches,
  type CleanResult,
  type CleanableRange,
  type CleanerBatch,
  type CleanerLog,
  type CleanerRecord,
  type CleanerSegment,
  type CompactionConfig,
  type RemovalReason,
  type RemovedRecord,
} from './logCleaner';
export {
  nameProblem,
  newTopicProblem,
  topicCollision,
  own,
  dict,
  NAME_MAX_CHARS,
  NAME_RULE_HINT,
  TOPIC_NAME_PATTERN,
  type NameKind,
} from './names';
export {
  beginCheckpoint,
  saveCheckpoint,
  restoreCheckpoint,
  type CheckpointBuild,
  type WorldCheckpoint,
} from './checkpoint';
export {
  byTime,
  createCursor,
  nextItemTime,
  runWithCommands,
  stepWithCommands,
  type CommandCursor,
  type StepVerdict,
  type TimedEntry,
} from './timedCommands';
export type {
  Snapshot,
  BrokerView,
  TopicView,
  PartitionView,
  GroupView,
  LogView,
  ProducerView,
  ConsumerView,
  ControllerView,
  QuorumState,
} from './snapshot';
export { stateReport, type StateReport, type ReportRecord, type ReportOptions } from './report';
export { checkInvariants, createInvariantMemory, type InvariantMemory } from './invariants';
export { traceHash, nextTaskTime, type World } from './world';
export type {
  WorldSetup,
  TopicSetup,
  ProducerSetup,
  ConsumerSetup,
  ControllerQuorumSetup,
} from './setup';
export type { Processor, ProcessorKind } from './processor';
export { ASSIGNOR_NAMES, ASSIGNOR_RULES, assign } from './groups/assignors';
export type { AssignorName, MemberSubscription, Assignment } from './groups/types';
export { coordinatorPartition, javaStringHashCode } from './groups/coordinator';
export { OFFSETS_TOPIC } from './cluster';
export { lostRecordsOf } from './lost';
export {
  BYTES_PER_RECORD_HELD,
  MAX_RECORDS_HELD,
  MEMORY_CHECK_MS,
  createMemoryWatch,
  formatBytes,
  memoryStopFor,
  recordsHeld,
  runWatched,
  type MemoryStop,
  type MemoryWatch,
} from './memoryBudget';
export type { LostRecord } from './world';
export { idempotenceProblem, RATE_TICK_MS } from './producer';
export { compileStatements } from './streams/ksql/compile';
export {
  notRunnable,
  runTopologyTestDriver,
  runWithCommits,
} from './streams/processing/testDriver';
export type {
  CompileResult,
  PersistentQuery,
  StatementProblem,
  StreamsProgram,
  TestDriverResult,
  TestInputRecord,
  TestOutputRecord,
  TopicCatalog,
  WindowSpec,
} from './streams/plan';
export { streamsAppProblem, topicCatalogOf } from './streams/cluster/app';
export type { StreamsAppSetup } from './streams/cluster/types';
export type {
  AggregationInput,
  CacheEntryView,
  EmitReason,
  EmittedRow,
  StoreEntryView,
  StreamsAppView,
  StreamsInstanceView,
  StreamsQueryView,
  StreamsTaskView,
  WindowState,
  WindowView,
} from './streams/cluster/view';
export { windowState, windowsOfView } from './streams/cluster/view';
export { STREAMS_HISTORY_CAP } from './streams/cluster/types';
