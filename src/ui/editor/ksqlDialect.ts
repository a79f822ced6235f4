import { SQLDialect } from '@codemirror/lang-sql';
import { parseMixed, type SyntaxNodeRef } from '@lezer/common';

/**
 * ksqlDB's words on top of standard SQL's, so a scenario's `statements` read as ksqlDB does:
 * stream and table DDL, the WITH properties, windows (TUMBLING, HOPPING, SESSION with SIZE,
 * ADVANCE BY, GRACE PERIOD, RETENTION), EMIT CHANGES / FINAL, and the functions the talk's
 * fraud query and the streams lessons use. From ksqlDB's grammar (SqlBase.g4) and its docs'
 * reserved words; only what changes the colours, the parser stays lang-sql's.
 */
const KSQL_KEYWORDS = [
  'stream streams table tables emit changes final window tumbling hopping session size',
  'advance grace period retention within partition partitions by kafka_topic value_format',
  'key_format format timestamp timestamp_format wrap_single_value replicas topic topics',
  'terminate list show describe extended print insert into select from where group having',
  'join left right full outer inner on as with create or replace drop if exists delete',
  'seconds second minutes minute hours hour days day milliseconds millisecond',
  'latest_by_offset earliest_by_offset windowstart windowend rowtime rowpartition rowoffset',
  'count sum min max avg collect_list collect_set topk topkdistinct histogram',
  'struct array map key primary headers header',
].join(' ');

const KSQL_TYPES =
  'boolean int integer bigint double decimal varchar string bytes date time timestamp';

export const ksqlDialect = SQLDialect.define({
  keywords: KSQL_KEYWORDS,
  types: KSQL_TYPES,
  builtin: 'concat ucase lcase substring len trim ifnull coalesce cast abs round floor ceil',
  // ksqlDB strings are single-quoted, identifiers back-quoted; `--` comments.
  backslashEscapes: false,
  doubleQuotedStrings: false,
});

/** The key whose block scalar (`statements: |`) holds ksqlDB statements. */
export const STATEMENTS_KEY = 'statements';

/** The text of the key of the pair a YAML value node sits in, or null. */
function pairKeyOf(node: SyntaxNodeRef, text: (from: number, to: number) => string): string | null {
  let pair = node.node.parent;
  while (pair !== null && pair.name !== 'Pair') pair = pair.parent;
  const key = pair?.getChild('Key');
  return key === null || key === undefined ? null : text(key.from, key.to).trim();
}

/**
 * A YAML parser wrapper that parses the content of every `statements: |` block (and a
 * one-line `statements: "…"` value) as ksqlDB, so the statements get SQL colours, bracket
 * matching and the statement front end's errors in place.
 */
export const ksqlInStatements = parseMixed((node, input) => {
  const isBlock = node.name === 'BlockLiteralContent';
  const isQuoted = node.name === 'QuotedLiteral';
  if (!isBlock && !isQuoted) return null;
  const text = (from: number, to: number) => input.read(from, to);
  const owner = isBlock ? node.node.parent : node.node;
  if (owner === null || pairKeyOf(owner, text) !== STATEMENTS_KEY) return null;
  if (isBlock) return { parser: ksqlDialect.language.parser };
  // Inside the quotes only.
  return node.to - node.from < 2
    ? null
    : { parser: ksqlDialect.language.parser, overlay: [{ from: node.from + 1, to: node.to - 1 }] };
});
