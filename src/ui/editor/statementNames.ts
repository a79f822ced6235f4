/**
 * The names a scenario's ksqlDB statements can use, read from its text (the draft being
 * edited may not parse): topics declared under `cluster.topics` and named by KAFKA_TOPIC,
 * the streams and tables the statements create, and the columns they declare or alias.
 * For completion only: the statement front end checks the statements for real.
 */
export interface StatementNames {
  topics: string[];
  relations: string[];
  columns: string[];
}

const sorted = (names: Iterable<string>): string[] => [...new Set(names)].sort();

export function statementNames(text: string): StatementNames {
  const topics = new Set<string>();
  // `- name: orders` items (topics, and also producers, consumers… : only those under a
  // `topics:` key count, found by indentation).
  const lines = text.split(/\r?\n/);
  let topicsIndent = -1;
  for (const line of lines) {
    const indent = line.length - line.trimStart().length;
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    if (/^topics:\s*$/.test(trimmed)) {
      topicsIndent = indent;
      continue;
    }
    if (topicsIndent >= 0 && indent <= topicsIndent && !trimmed.startsWith('-')) topicsIndent = -1;
    if (topicsIndent < 0) continue;
    const name =
      /^-?\s*name:\s*['"]?([\w.-]+)['"]?\s*$/.exec(trimmed) ??
      /^-\s*\{.*?\bname:\s*['"]?([\w.-]+)/.exec(trimmed);
    if (name !== null) topics.add(name[1]);
  }

  const found = namesInStatements(statementsText(lines));
  return { ...found, topics: sorted([...topics, ...found.topics]) };
}

/** The topics (KAFKA_TOPIC), streams and tables, and columns named in ksqlDB statements. */
export function namesInStatements(statements: string): StatementNames {
  const topics = new Set<string>();
  for (const m of statements.matchAll(/KAFKA_TOPIC\s*=\s*'([^']+)'/gi)) topics.add(m[1]);
  const relations = new Set<string>();
  const columns = new Set<string>();
  for (const m of statements.matchAll(
    /CREATE\s+(?:OR\s+REPLACE\s+)?(?:STREAM|TABLE)\s+([\w$]+)\s*(\(([^)]*)\))?/gi,
  )) {
    relations.add(m[1]);
    for (const column of (m[3] ?? '').split(',')) {
      const name = /^\s*`?([\w$]+)`?\s+\w/.exec(column);
      if (name !== null) columns.add(name[1]);
    }
  }
  for (const m of statements.matchAll(/\bAS\s+([a-z_][\w$]*)\b/gi))
    if (!/^select$/i.test(m[1])) columns.add(m[1]);
  return { topics: sorted(topics), relations: sorted(relations), columns: sorted(columns) };
}

/**
 * The text of every `statements:` value: a block scalar's indented lines, or the rest of the
 * line (a one-line value). Comments and narration elsewhere in the file quote statements too.
 */
function statementsText(lines: readonly string[]): string {
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const head = /^(\s*)(?:-\s+)?statements:\s*(.*)$/.exec(lines[i]);
    if (head === null) continue;
    const rest = head[2].trim();
    if (rest !== '' && !/^[|>]/.test(rest)) {
      out.push(rest.replace(/^['"]|['"]$/g, ''));
      continue;
    }
    const indent = head[1].length;
    for (let j = i + 1; j < lines.length; j++) {
      const line = lines[j];
      if (line.trim() !== '' && line.length - line.trimStart().length <= indent) break;
      out.push(line);
    }
  }
  return out.join('\n');
}
