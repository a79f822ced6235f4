import { z } from 'zod';
import { LIMITS } from './limits';
import type { ProblemPath } from './steps';
import { didYouMean, listNames } from './suggest';
import type { ScenarioProblem } from './types';

/**
 * Turning validation issues into problems a person can act on: one problem per unknown
 * field (pointing at the field's key, with "did you mean"), plain words for types, and the
 * path written the way the file is read (`steps[3].produce.producer`).
 */

/** A problem before it is given a line and column. */
export interface PendingProblem {
  path: ProblemPath;
  message: string;
  /** Point at the key of the last path element rather than its value (unknown fields). */
  atKey?: boolean;
  /** Character offset within a text value (expectation syntax errors). */
  offset?: number;
  /** 1-based line and column within a multi-line text value (ksqlDB statements). */
  textPosition?: { line: number; column: number };
}

/** `steps[3].produce.producer`; keys that are not plain names are quoted: `headers["x-y"]`. */
export function formatPath(path: ProblemPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(part)) out += out === '' ? part : `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

/** `file:line:col: path: message` (parts that are unknown are left out). */
export function formatProblem(p: ScenarioProblem, fileName = 'scenario'): string {
  const where = p.line !== undefined ? `${fileName}:${p.line}:${p.column ?? 1}` : fileName;
  return p.path === '' ? `${where}: ${p.message}` : `${where}: ${p.path}: ${p.message}`;
}

/** Words for a value found where something else was expected. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null (an empty value)';
  if (typeof v === 'string')
    return `the text ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (typeof v === 'number') return `the number ${v}`;
  if (typeof v === 'boolean') return `${v}`;
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  return typeof v;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a map',
  record: 'a map',
  null: 'null',
};

/**
 * Messages for zod's built-in checks; schema-level messages (limits, unions) take precedence
 * over these (zod 4 consults a per-parse error map only when the schema gave no message).
 */
export const errorMap: z.core.$ZodErrorMap = (iss) => {
  if (iss.input === undefined && (iss.code === 'invalid_type' || iss.code === 'invalid_union'))
    return 'required, but missing';
  switch (iss.code) {
    case 'invalid_type': {
      if (iss.input === undefined) return 'required, but missing';
      const expected = TYPE_NAMES[iss.expected] ?? iss.expected;
      const quote =
        iss.expected !== 'string'
          ? ''
          : typeof iss.input === 'number' || typeof iss.input === 'boolean'
            ? ` (quote it: "${String(iss.input)}")`
            : typeof iss.input === 'object' && iss.input !== null && !Array.isArray(iss.input)
              ? ' (YAML reads "a: b" as a map: quote text that contains ": ")'
              : '';
      return `expected ${expected}, found ${describeValue(iss.input)}${quote}`;
    }
    case 'invalid_value': {
      const values = iss.values.map((v) => (typeof v === 'string' ? v : String(v)));
      const near = typeof iss.input === 'string' ? didYouMean(iss.input, values) : '';
      return `expected one of ${values.join(', ')}; found ${describeValue(iss.input)}${near}`;
    }
    case 'too_big':
      return `at most ${String(iss.maximum)}${iss.origin === 'array' ? ' items' : iss.origin === 'string' ? ' characters' : ''}`;
    case 'too_small':
      return `at least ${String(iss.minimum)}${iss.origin === 'array' ? ' items' : iss.origin === 'string' ? ' characters' : ''}`;
    // The schema's own message, or zod's (parse.ts words unknown fields itself).
    case 'invalid_union':
    case 'invalid_key':
    case 'invalid_element':
    case 'invalid_format':
    case 'not_multiple_of':
    case 'unrecognized_keys':
    case 'custom':
      return undefined;
  }
};

const PRODUCER_TIMEOUT =
  'producer timeouts apply to every producer at once: set it under producerDefaults';
const CLUSTER_FIELD = 'a broker-side setting: set it under cluster';

/** Where a field lives when it is written in the wrong place, for "unknown field" problems. */
const FIELD_HOMES: Record<string, string> = {
  deliveryTimeout: PRODUCER_TIMEOUT,
  requestTimeout: PRODUCER_TIMEOUT,
  retryBackoff: PRODUCER_TIMEOUT,
  retryBackoffMax: PRODUCER_TIMEOUT,
  fetchMaxWait: 'set it under consumerDefaults (it applies to every consumer)',
  sessionTimeout:
    "a consumer's session timeout goes on the consumer or under consumerDefaults; a broker's is cluster.brokerSessionTimeout",
  heartbeatInterval:
    "a consumer's heartbeat interval goes on the consumer or under consumerDefaults; a broker's is cluster.brokerHeartbeatInterval",
  brokerSessionTimeout: CLUSTER_FIELD,
  brokerHeartbeatInterval: CLUSTER_FIELD,
  controllerFailover: CLUSTER_FIELD,
  controllerElection: CLUSTER_FIELD,
  controllers: 'the controller quorum: set it under cluster',
  metadataCatchUp: CLUSTER_FIELD,
  replicaLagTimeMax: CLUSTER_FIELD,
  replicaFetchWaitMax: CLUSTER_FIELD,
  autoLeaderRebalance: CLUSTER_FIELD,
  leaderImbalanceCheckInterval: CLUSTER_FIELD,
  logRetentionCheckInterval: CLUSTER_FIELD,
  logCleanerBackoff: CLUSTER_FIELD,
  offsetsTopicPartitions: CLUSTER_FIELD,
  groupInitialRebalanceDelay: CLUSTER_FIELD,
  minInsyncReplicas: 'a topic setting: set it on the topic, in cluster.topics',
  uncleanLeaderElection: 'a topic setting: set it on the topic, in cluster.topics',
  retentionMs: 'a topic setting: set it on the topic, in cluster.topics',
  retentionBytes: 'a topic setting: set it on the topic, in cluster.topics',
  segmentMs: 'a topic setting: set it on the topic, in cluster.topics',
  segmentBytes: 'a topic setting: set it on the topic, in cluster.topics',
  cleanupPolicy: 'a topic setting: set it on the topic, in cluster.topics',
  deleteRetentionMs: 'a topic setting: set it on the topic, in cluster.topics',
  minCompactionLagMs: 'a topic setting: set it on the topic, in cluster.topics',
  maxCompactionLagMs: 'a topic setting: set it on the topic, in cluster.topics',
  minCleanableDirtyRatio: 'a topic setting: set it on the topic, in cluster.topics',
};

/** Converts zod issues (from `schema`, validating `input`, at `prefix`) into pending problems. */
export function issuesToProblems(
  issues: readonly z.core.$ZodIssue[],
  schema: z.ZodType,
  prefix: ProblemPath,
): PendingProblem[] {
  const out: PendingProblem[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...(issue.path as (string | number)[])];
    if (issue.code === 'unrecognized_keys') {
      const allowed = objectKeysAt(schema, issue.path as (string | number)[]);
      for (const key of issue.keys) {
        const near = allowed === undefined ? '' : didYouMean(key, allowed);
        const home = near === '' ? FIELD_HOMES[key] : undefined;
        const list =
          home !== undefined
            ? `: ${home}`
            : near === '' && allowed !== undefined
              ? ` (fields here: ${listNames(allowed, 12)})`
              : '';
        out.push({
          path: [...path, key],
          message: `unknown field "${key}"${near}${list}`,
          atKey: true,
        });
      }
      continue;
    }
    const offset =
      issue.code === 'custom' ? (issue.params?.offset as number | undefined) : undefined;
    out.push(
      offset === undefined
        ? { path, message: issue.message }
        : { path, message: issue.message, offset },
    );
  }
  return out;
}

/** The field names an object schema allows at `path` (for "did you mean"), if it is an object there. */
export function objectKeysAt(
  schema: z.ZodType,
  path: readonly (string | number)[],
): string[] | undefined {
  let current: z.ZodType | undefined = schema;
  for (const part of path) {
    current = childSchema(unwrap(current), part);
    if (current === undefined) return undefined;
  }
  const base = unwrap(current);
  if (base instanceof z.ZodObject) return Object.keys(base.shape);
  if (base instanceof z.ZodUnion) {
    const keys = (base.options as z.ZodType[])
      .map(unwrap)
      .flatMap((o) => (o instanceof z.ZodObject ? Object.keys(o.shape) : []));
    return keys.length > 0 ? [...new Set(keys)] : undefined;
  }
  return undefined;
}

function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (let i = 0; i < 20; i++) {
    if (s instanceof z.ZodOptional || s instanceof z.ZodNullable || s instanceof z.ZodDefault)
      s = s.unwrap() as z.ZodType;
    else if (s instanceof z.ZodPipe) s = s.in as z.ZodType;
    else break;
  }
  return s;
}

function childSchema(schema: z.ZodType, part: string | number): z.ZodType | undefined {
  if (schema instanceof z.ZodObject)
    return typeof part === 'string' ? (schema.shape[part] as z.ZodType | undefined) : undefined;
  if (schema instanceof z.ZodArray)
    return typeof part === 'number' ? (schema.element as z.ZodType) : undefined;
  if (schema instanceof z.ZodRecord) return schema.valueType as z.ZodType;
  if (schema instanceof z.ZodUnion) {
    for (const option of schema.options as z.ZodType[]) {
      const child = childSchema(unwrap(option), part);
      if (child !== undefined) return child;
    }
  }
  return undefined;
}

/** Keeps the first `LIMITS.problems` problems and says how many more there were. */
export function capProblems(problems: ScenarioProblem[]): ScenarioProblem[] {
  if (problems.length <= LIMITS.problems) return problems;
  const shown = problems.slice(0, LIMITS.problems);
  shown.push({
    path: '',
    message: `… and ${problems.length - LIMITS.problems} more problems (the first ${LIMITS.problems} are listed)`,
  });
  return shown;
}

/**
 * A best-effort value for cross-checks when `raw` failed `schema`: the fields with problems
 * are removed (a list with a bad element goes as a whole) and the rest parsed again. A
 * producer with a bad `acks` still has its `topic` checked; if a required field was the
 * problem, there is nothing to salvage.
 */
export function salvage<T>(
  schema: z.ZodType<T>,
  raw: unknown,
  issues: readonly z.core.$ZodIssue[],
): T | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  let copy: unknown;
  try {
    copy = structuredClone(raw);
  } catch {
    return undefined;
  }
  for (const issue of issues) {
    const path = issue.path as (string | number)[];
    if (issue.code === 'unrecognized_keys')
      for (const key of issue.keys) removeAt(copy, [...path, key]);
    else removeAt(copy, path);
  }
  const r = schema.safeParse(copy);
  return r.success ? r.data : undefined;
}

function removeAt(root: unknown, path: readonly (string | number)[]): void {
  // Remove the deepest map entry on the path whose value is not inside a list.
  let cut = -1;
  let node: unknown = root;
  for (let i = 0; i < path.length; i++) {
    if (typeof node !== 'object' || node === null) break;
    if (!Array.isArray(node)) cut = i;
    else break;
    node = (node as Record<string | number, unknown>)[path[i]];
  }
  if (cut < 0) return;
  let parent: unknown = root;
  for (let i = 0; i < cut; i++) parent = (parent as Record<string | number, unknown>)[path[i]];
  if (typeof parent === 'object' && parent !== null && !Array.isArray(parent))
    delete (parent as Record<string | number, unknown>)[path[cut]];
}
