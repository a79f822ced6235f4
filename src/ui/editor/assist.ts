import type { Completion, CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import { hoverTooltip, type Tooltip } from '@codemirror/view';
import { describeField, keyCompletions, valueCompletions, type SchemaLike } from './schemaAssist';
import { inBlockScalarOf, yamlCursorAt, yamlKeyAt } from './yamlPath';
import { STATEMENTS_KEY } from './ksqlDialect';
import { statementNames, type StatementNames } from './statementNames';

/**
 * Completion in a scenario: field names where a key goes (from the scenario's JSON Schema,
 * with its descriptions), allowed values where a value goes, and inside `statements` the
 * scenario's topics, its streams' and tables' names and columns, and ksqlDB's words.
 */
export function scenarioCompletions(schema: SchemaLike) {
  return (context: CompletionContext): CompletionResult | null => {
    const text = context.state.doc.toString();
    const pos = context.pos;
    if (inBlockScalarOf(text, pos, STATEMENTS_KEY))
      return statementCompletions(context, statementNames(text));
    const cursor = yamlCursorAt(text, pos);
    if (cursor === null) return null;
    // Typing a word, or asked (Ctrl+Space); not on every blank line while just moving.
    if (cursor.prefix === '' && !context.explicit) return null;
    // A `- ` item of a list of plain values (assignors: [range, …]) reads as a key position
    // in an item: its values are what fits there.
    const keys =
      cursor.position === 'key' ? keyCompletions(schema, cursor.path, cursor.siblings) : [];
    const found =
      cursor.position === 'value' || (keys.length === 0 && typeof cursor.path.at(-1) === 'number')
        ? valueCompletions(schema, cursor.path)
        : keys;
    if (found.length === 0) return null;
    const options: Completion[] = found.map((c) => ({
      label: c.label,
      type: c.kind === 'property' ? 'property' : 'enum',
      detail: c.detail,
      info: c.info,
      // A key comes with its colon and a space; the value follows.
      apply: c.kind === 'property' ? `${c.label}: ` : c.label,
    }));
    return { from: cursor.from, options, validFor: /^[\w$-]*$/ };
  };
}

/** ksqlDB's main words, offered with the scenario's names inside `statements`. */
const KSQL_WORDS = [
  'CREATE STREAM',
  'CREATE TABLE',
  'AS SELECT',
  'SELECT',
  'FROM',
  'WHERE',
  'GROUP BY',
  'HAVING',
  'WINDOW TUMBLING (SIZE 5 MINUTES)',
  'WINDOW HOPPING (SIZE 5 MINUTES, ADVANCE BY 1 MINUTE)',
  'WINDOW SESSION (5 MINUTES)',
  'GRACE PERIOD',
  'EMIT CHANGES',
  'EMIT FINAL',
  'PARTITION BY',
  'JOIN',
  'LEFT JOIN',
  'WITHIN',
  "WITH (KAFKA_TOPIC='', VALUE_FORMAT='JSON')",
  'KAFKA_TOPIC',
  'VALUE_FORMAT',
  'COUNT(*)',
  'LATEST_BY_OFFSET',
];

/** Completion in an editor of ksqlDB statements alone (the processing view's query). */
export function ksqlCompletions(names: () => StatementNames) {
  return (context: CompletionContext): CompletionResult | null =>
    statementCompletions(context, names());
}

function statementCompletions(
  context: CompletionContext,
  names: StatementNames,
): CompletionResult | null {
  const word = context.matchBefore(/[\w$]*/);
  if (word === null || (word.from === word.to && !context.explicit)) return null;
  const options: Completion[] = [
    ...names.topics.map((t) => ({ label: t, type: 'variable', detail: 'topic' })),
    ...names.relations.map((r) => ({ label: r, type: 'class', detail: 'stream or table' })),
    ...names.columns.map((c) => ({ label: c, type: 'property', detail: 'column' })),
    ...KSQL_WORDS.map((w) => ({ label: w, type: 'keyword' })),
  ];
  return { from: word.from, options, validFor: /^[\w$]*$/ };
}

/** Hovering a key shows what the schema says about it: its type, values, default and purpose. */
export function scenarioHover(schema: SchemaLike) {
  return hoverTooltip((view, pos): Tooltip | null => {
    const text = view.state.doc.toString();
    const key = yamlKeyAt(text, pos);
    if (key === null) return null;
    const field = describeField(schema, [...key.path, key.key]);
    if (field === null) return null;
    return {
      pos: key.from,
      end: key.to,
      above: true,
      create: () => ({ dom: fieldHelp(field) }),
    };
  });
}

function fieldHelp(field: NonNullable<ReturnType<typeof describeField>>): HTMLElement {
  const dom = document.createElement('div');
  dom.className = 'cm-field-help';
  const head = dom.appendChild(document.createElement('p'));
  const name = head.appendChild(document.createElement('code'));
  name.textContent = field.key;
  if (field.type !== undefined) head.append(` · ${field.type}`);
  if (field.description !== undefined)
    dom.appendChild(document.createElement('p')).textContent = field.description;
  if (field.values !== undefined && field.values.length > 0)
    dom.appendChild(document.createElement('p')).textContent = `One of: ${field.values.join(', ')}`;
  if (field.default !== undefined)
    dom.appendChild(document.createElement('p')).textContent =
      `Default: ${JSON.stringify(field.default)}`;
  return dom;
}
