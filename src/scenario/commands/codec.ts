import { z } from 'zod';
import {
  ASSIGNOR_NAMES,
  nameProblem,
  type AssignorName,
  type ConsumerSetup,
  type KeyChoice,
  type NameKind,
} from '../../engine';
import { formatDuration, parseDuration } from '../durations';

/**
 * What the scenario format knows of one command: the shape share links and autosave check
 * (untrusted input: every string and number has a limit, ids follow the engine's name rule)
 * and the step a session's command is exported as. One codec per command type, beside the
 * others of its kind (producerCodecs.ts, …), all registered in `COMMAND_CODECS`
 * (commands/index.ts). The engine's side is its spec in src/engine/commands.
 */
export interface CommandCodec<C> {
  /** The command's shape, field by field: what a share link or an autosave may hold. */
  schema: z.ZodType<C>;
  /** The scenario step that compiles to exactly this command (as the engine reads it). */
  toStep(command: C): ExportedStep;
}

/** A step as a file writes it: `{ at: …, <kind>: <value> }`. */
export interface ExportedStep {
  kind: string;
  value: StepValue;
}

export type StepValue =
  string | number | boolean | null | readonly StepValue[] | { readonly [k: string]: StepValue };

/** Limits on a command's fields in untrusted input (share links, autosaved sessions). */
export const COMMAND_LIMITS = {
  /** Any text: keys, values, headers, narration (names follow the engine's name rule). */
  stringChars: 10_000,
  /** Virtual time (the scenario format's longest duration). */
  timeMs: 24 * 60 * 60 * 1000,
  /** Records in one produce (the scenario format's limit for one step). */
  recordsPerProduce: 1_000_000,
  /** A producer's rate, records/s (the scenario format's limit). */
  ratePerSecond: 1_000_000,
  keysPerList: 1_000,
  headersPerRecord: 1_000,
  topicsPerConsumer: 64,
  partitionsAdded: 1_024,
  brokerId: 2_147_483_647,
} as const;

// ------------------------------------------------------------------------- field shapes

export const text = z
  .string()
  .max(COMMAND_LIMITS.stringChars, { error: `at most ${COMMAND_LIMITS.stringChars} characters` });

/** A name of one kind, checked by the engine's name rule (the one the scenario format uses). */
export const name = (kind: NameKind) =>
  z.string().superRefine((s, ctx) => {
    const problem = nameProblem(kind, s);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem, input: s });
  });

export const whole = (min: number, max: number) => z.number().int().min(min).max(max);

/** A duration or interval in ms: whole, at least 1 (0 would stop the simulation's clock). */
const intervalMs = whole(1, COMMAND_LIMITS.timeMs);

export const offsetSpec = z.union([
  z.literal(['earliest', 'latest']),
  whole(0, Number.MAX_SAFE_INTEGER),
]);

export const keyChoice = {
  key: text.nullable().optional(),
  keys: z.array(text).max(COMMAND_LIMITS.keysPerList).optional(),
  keyOrder: z.literal(['cycle', 'random']).optional(),
};

export const consumerSetup = z.strictObject({
  id: name('consumer'),
  topics: z.array(name('topic')).max(COMMAND_LIMITS.topicsPerConsumer),
  from: offsetSpec.optional(),
  maxPollRecords: whole(1, 1_000_000).optional(),
  group: name('group').optional(),
  instanceId: name('instanceId').optional(),
  assignors: z
    .array(z.enum(ASSIGNOR_NAMES as unknown as [AssignorName, ...AssignorName[]]))
    .max(ASSIGNOR_NAMES.length)
    .optional(),
  sessionTimeoutMs: intervalMs.optional(),
  heartbeatIntervalMs: intervalMs.optional(),
  maxPollIntervalMs: intervalMs.optional(),
  autoCommit: z.boolean().optional(),
  autoCommitIntervalMs: intervalMs.optional(),
});

// ------------------------------------------------------------------------- step values

/** An object's defined fields (a step says only what the command said). */
export function fields(o: { [k: string]: StepValue | undefined }): { [k: string]: StepValue } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as {
    [k: string]: StepValue;
  };
}

/** A duration as files write it ("10s"), or the number itself if that would not read back exactly. */
export function durationValue(ms: number | undefined): StepValue | undefined {
  if (ms === undefined) return undefined;
  const written = formatDuration(ms);
  const back = parseDuration(written);
  return back.ok && back.value === ms ? written : ms;
}

/** The key choice as the engine reads it (`keyModeOf`): a list wins over one key; null and none are the same. */
export function canonicalKeys(choice: KeyChoice): KeyChoice {
  if (choice.keys !== undefined && choice.keys.length > 0)
    return choice.keyOrder === undefined
      ? { keys: choice.keys }
      : { keys: choice.keys, keyOrder: choice.keyOrder };
  if (typeof choice.key === 'string') return { key: choice.key };
  return {};
}

export function keyFields(keys: KeyChoice): { [k: string]: StepValue | undefined } {
  return {
    key: keys.key,
    keys: keys.keys === undefined ? undefined : [...keys.keys],
    keyOrder: keys.keyOrder,
  };
}

/** A consumer's setup as an `addConsumer` step writes it (durations as "10s"). */
export function consumerFields(c: ConsumerSetup): StepValue {
  return fields({
    id: c.id,
    group: c.group,
    topics: [...c.topics],
    from: c.from,
    maxPollRecords: c.maxPollRecords,
    assignors: c.assignors === undefined ? undefined : [...c.assignors],
    instanceId: c.instanceId,
    sessionTimeout: durationValue(c.sessionTimeoutMs),
    heartbeatInterval: durationValue(c.heartbeatIntervalMs),
    maxPollInterval: durationValue(c.maxPollIntervalMs),
    autoCommit: c.autoCommit,
    autoCommitInterval: durationValue(c.autoCommitIntervalMs),
  });
}
