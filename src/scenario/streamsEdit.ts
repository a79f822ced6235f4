import { isMap, isScalar, isSeq, parseDocument, type Scalar } from 'yaml';

/** The scenario text with new statements, or why they could not be put in. */
export type StreamsEditResult =
  { readonly ok: true; readonly text: string } | { readonly ok: false; readonly message: string };

/**
 * Replaces the statements of the `streams:` entry with id `appId` in a scenario's text (YAML
 * or JSON), keeping every other byte as it was: the old value's characters are spliced out and
 * the new value written in the same style (a `|` block at the same indentation, or a quoted
 * string), so comments, key order and the rest of the formatting survive. If the splice would
 * not read back as the statements (an odd indentation, say), the document is re-serialised
 * instead: correct, though its formatting may change.
 */
export function replaceStreamsStatements(
  text: string,
  appId: string,
  statements: string,
): StreamsEditResult {
  const doc = parseDocument(text);
  if (doc.errors.length > 0)
    return { ok: false, message: `the scenario does not parse: ${doc.errors[0].message}` };
  const streams = isMap(doc.contents) ? doc.contents.get('streams', true) : undefined;
  if (!isSeq(streams)) return { ok: false, message: 'the scenario has no streams: section' };
  const index = streams.items.findIndex((item) => isMap(item) && item.get('id') === appId);
  if (index < 0) return { ok: false, message: `no streams entry with id "${appId}"` };
  const entry = streams.items[index];
  const value = isMap(entry) ? entry.get('statements', true) : undefined;
  if (isScalar(value) && value.range) {
    const spliced = splice(text, value, statements);
    if (spliced !== null && statementsIn(spliced, index) === statements)
      return { ok: true, text: spliced };
  }
  doc.setIn(['streams', index, 'statements'], statements);
  return { ok: true, text: doc.toString() };
}

/** The text with the scalar's characters replaced by `statements` in a like style, or null. */
function splice(text: string, scalar: Scalar, statements: string): string | null {
  const [start, valueEnd, nodeEnd] = scalar.range!;
  if (scalar.type === 'BLOCK_LITERAL' || scalar.type === 'BLOCK_FOLDED') {
    const old = text.slice(start, nodeEnd);
    const indent = blockIndent(old) ?? `${lineIndent(text, start)}  `;
    const block = literalBlock(statements, indent);
    if (block === null) return null;
    // Blank lines after the old value (before the next key) stay where they were.
    const trailing = /\n((?:[ \t]*\n)*)$/.exec(old)?.[1] ?? '';
    return text.slice(0, start) + block + trailing + text.slice(nodeEnd);
  }
  // A quoted or plain scalar (JSON files have only these): a JSON string is valid in both.
  return text.slice(0, start) + JSON.stringify(statements) + text.slice(valueEnd);
}

/** The indentation of a block scalar's first non-empty content line. */
function blockIndent(block: string): string | null {
  const lines = block.split('\n').slice(1);
  const first = lines.find((l) => l.trim() !== '');
  return first === undefined ? null : /^[ ]*/.exec(first)![0];
}

/** The leading spaces of the line holding `offset`. */
function lineIndent(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ ]*/.exec(text.slice(lineStart))![0];
}

/**
 * `statements` as a YAML literal block (`|`, `|-` or `|+` by its trailing line breaks),
 * ending with a line break; null when a literal block cannot hold it as it is (tabs or
 * carriage returns, a first line starting with a space, nothing at all).
 */
function literalBlock(statements: string, indent: string): string | null {
  if (statements.trim() === '' || /[\t\r]/.test(statements) || /^ /.test(statements)) return null;
  const body = statements.replace(/\n+$/, '');
  const breaks = statements.length - body.length;
  const chomp = breaks === 0 ? '-' : breaks === 1 ? '' : '+';
  const lines = body.split('\n').map((l) => (l === '' ? '' : indent + l));
  const extra = breaks > 1 ? '\n'.repeat(breaks - 1) : '';
  return `|${chomp}\n${lines.join('\n')}\n${extra}`;
}

function statementsIn(text: string, index: number): unknown {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return undefined;
  return doc.getIn(['streams', index, 'statements']);
}
