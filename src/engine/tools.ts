/**
 * The engine's dev tools, kept apart from its public face (`./index.ts`), which is the
 * simulation itself: the fuzzer (`kafkascope fuzz`, CI's seed list), the assignor benchmark
 * (`kafkascope bench`), the invariant-checking test runner, the checkpoint checks and a sample
 * event of each type.
 */
export {
  generateFuzzCase,
  runFuzzCase,
  CI_FUZZ_SEEDS,
  type FuzzCase,
  type FuzzResult,
} from './fuzz';
export { benchAssignors, type BenchResult, type BenchSize } from './groups/assignorsBench';
export { runChecked, type CheckedRun } from './testing';
export { frozenWhole, graphDifferences } from './checkpointTesting';
export { SAMPLE_EVENTS } from './sampleEvents';
/** The ksqlDB front end and the TopologyTestDriver mode, for the conformance harness. */
export { compileStatements, runTopologyTestDriver } from './index';
/** The fraud query's statements and application id, a fixture for tests. */
export { FRAUD_APPLICATION_ID, FRAUD_STATEMENTS } from './streams/fraudFixture';
