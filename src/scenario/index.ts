/**
 * The scenario layer's public face: reading scenario files (YAML or JSON), compiling them
 * for the engine, expectations, and running a scenario headless.
 */
export type {
  Caption,
  CompiledExpectation,
  CompiledScenario,
  ConsumerDeclaration,
  ExpectationResult,
  ParseResult,
  ProducerDeclaration,
  Scenario,
  ScenarioProblem,
  Step,
  StepKindName,
  TimedCommand,
  TopicDeclaration,
} from './types';
export { parseScenario, validateScenario } from './parse';
export { compileScenario, compileExpectation, loadScenario } from './compile';
export {
  precompileScenario,
  revivePrecompiled,
  textHash,
  type ExpectationData,
  type PrecompiledScenario,
} from './precompiled';
export { formatProblem, formatPath } from './problems';
export { parseDuration, formatDuration, type DurationResult } from './durations';
export {
  parseExpectation,
  evaluateExpectation,
  formatExpectationResult,
  formatValue,
  EXPECTATION_FUNCTIONS,
  type Expectation,
  type ExpectationParse,
} from './expect';
export {
  runScenario,
  type AnsweredQuestion,
  type RunOptions,
  type ScenarioRun,
  type ExpectationOutcome,
} from './run';
export {
  compileQuestion,
  questionBetween,
  typedAnswerIsRight,
  YES_NO,
  type AnswerOutcome,
  type Question,
  type QuestionChoice,
  type QuestionData,
} from './questions';
export { scenarioSchema, scenarioJsonSchema, scenarioJsonSchemaText } from './schema';
export { readingTimeMs } from './readingTime';
export { STEP_KINDS, STEP_KIND_NAMES } from './steps';
export { LIMITS } from './limits';
export { COURSE, COURSE_PARTS, type CoursePart, type Lesson } from './course';
export { CHALLENGES, type Challenge } from './challengeList';
export {
  exportSessionAsScenario,
  type ExportOptions,
  type ExportResult,
  type SessionAction,
} from './exportSession';
export {
  COMMAND_CODECS,
  COMMAND_LIMITS,
  commandSchema,
  stepOfCommand,
  type CommandCodec,
  type ExportedStep,
  type StepValue,
} from './commands';
export { replaceStreamsStatements, type StreamsEditResult } from './streamsEdit';
