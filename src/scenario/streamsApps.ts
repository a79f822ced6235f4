import { z } from 'zod';
import { compileStatements, notRunnable, type StreamsAppSetup, type TopicCatalog } from '../engine';
import { text, wholeNumber } from './fields';
import { consumerId } from './fields';
import { LIMITS } from './limits';
import type { PendingProblem } from './problems';
import type { ProblemPath } from './stepKind';

/**
 * The scenario's `streams:` section: ksqlDB applications that run as Kafka Streams in the
 * cluster (docs/streams.md). Each entry's statements are compiled when the file is read, with
 * the file's topics as the catalog, so a ksqlDB error is reported at its line and column in the
 * file, like every other problem.
 */

export const streamsAppSchema = z
  .strictObject({
    id: consumerId.meta({
      description:
        'The application: its instances are <id>-1, <id>-2, … (consumer ids in the group ksqlDB names after the query).',
    }),
    statements: text.min(1, { error: 'statements cannot be empty' }).meta({
      description:
        "ksqlDB statements, each ending with ';': SET, CREATE STREAM / TABLE over a declared topic, and CREATE … AS SELECT queries.",
    }),
    instances: wholeNumber(1, LIMITS.streamsInstances, 'instances')
      .optional()
      .meta({ description: 'Instances started with the cluster (default 1).' }),
  })
  .meta({ description: 'A ksqlDB application running as a Kafka Streams application.' });

export type StreamsAppDeclaration = z.output<typeof streamsAppSchema>;

/** The ids of an application's first `count` instances. */
export function instanceIdsOf(app: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${app}-${i + 1}`);
}

/** The engine's setup of a declared application. */
export function streamsSetupOf(app: StreamsAppDeclaration): StreamsAppSetup {
  return app.instances === undefined
    ? { id: app.id, statements: app.statements }
    : { id: app.id, statements: app.statements, instances: app.instances };
}

/**
 * Problems with one application's statements, worded by ksqlDB (or kafkascope, for what it
 * cannot run yet), each at its line and column inside the statements text.
 */
export function statementProblems(
  app: StreamsAppDeclaration,
  catalog: TopicCatalog,
  path: ProblemPath,
): PendingProblem[] {
  const at = [...path, 'statements'];
  const compiled = compileStatements(app.statements, catalog);
  if (!compiled.ok)
    return compiled.problems.map((p) => ({
      path: at,
      // Some messages carry their fix already ("For example: …").
      message:
        p.fix === null || p.message.includes(p.fix.trim())
          ? p.message
          : `${p.message} Did you mean:\n${p.fix}`,
      textPosition: p.position,
    }));
  if (compiled.program.queries.length === 0)
    return [
      {
        path: at,
        message:
          'the statements start no persistent query: add a CREATE STREAM … AS SELECT or CREATE TABLE … AS SELECT',
      },
    ];
  const refusal = notRunnable(compiled.program);
  if (refusal !== null) {
    const query = compiled.program.queries.find((q) => refusal.startsWith(q.queryId));
    return [
      {
        path: at,
        message: refusal,
        ...(query === undefined ? {} : { textPosition: query.position }),
      },
    ];
  }
  return [];
}

/**
 * The topics an application creates when it starts (sinks, repartition and changelog topics,
 * sources declared with PARTITIONS), with their partition counts, so steps and expectations
 * may name them. Nothing when its statements do not compile.
 */
/** The consumer groups an application's queries form: each query's application id. */
export function groupsCreatedBy(app: StreamsAppDeclaration, catalog: TopicCatalog): string[] {
  const compiled = compileStatements(app.statements, catalog);
  return compiled.ok ? compiled.program.queries.map((q) => q.applicationId) : [];
}

export function topicsCreatedBy(
  app: StreamsAppDeclaration,
  catalog: TopicCatalog,
): { name: string; partitions: number | undefined }[] {
  const compiled = compileStatements(app.statements, catalog);
  if (!compiled.ok) return [];
  const out: { name: string; partitions: number | undefined }[] = [];
  const sinks = new Set(compiled.program.queries.map((q) => q.sink.name));
  for (const s of compiled.program.sources)
    if (s.partitions !== null && !sinks.has(s.name) && !Object.hasOwn(catalog, s.topic))
      out.push({ name: s.topic, partitions: s.partitions });
  for (const q of compiled.program.queries) {
    const source = Object.hasOwn(catalog, q.source.topic)
      ? catalog[q.source.topic].partitions
      : (out.find((t) => t.name === q.source.topic)?.partitions ?? undefined);
    for (const t of q.internalTopics)
      out.push({ name: t.name, partitions: t.partitions ?? source });
    out.push({ name: q.sink.topic, partitions: q.sink.partitions ?? source });
  }
  return out;
}
