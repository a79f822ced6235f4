import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { describeField, type SchemaLike } from './schemaAssist';
import { yamlCursorAt, yamlKeyAt, type PathPart } from './yamlPath';

/**
 * The textual reading checked against a real YAML parser on every built-in scenario: each
 * key the text holds is found under the path the parser puts it at, with the same siblings,
 * and the schema knows it.
 */

const schema = JSON.parse(readFileSync('public/scenario.schema.json', 'utf8')) as SchemaLike;
const files = readdirSync('public/scenarios').filter((name) => name.endsWith('.yaml'));

function valueAt(doc: unknown, path: PathPart[]): unknown {
  let current = doc;
  for (const part of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** Where keys may start: after the indentation and dashes, or after '{' or ',' in a flow map. */
const KEY_START = /^( *(?:- +)*)([A-Za-z$][\w$]*):(?: |$)|[{,] *([A-Za-z$][\w$]*): /gm;

describe.each(files)('%s', (name) => {
  const text = readFileSync(`public/scenarios/${name}`, 'utf8');
  const doc: unknown = parse(text);

  it('every key: the path a YAML parser gives it, its siblings, and a schema field', () => {
    let checked = 0;
    for (const match of text.matchAll(KEY_START)) {
      const key = match[2] ?? match[3];
      const from = match.index + match[0].indexOf(key);
      // Keys inside block scalars (text with a colon) are not keys.
      const hover = yamlKeyAt(text, from + 1);
      if (hover === null) {
        expect(yamlCursorAt(text, from), `${name} @${from} ${key}`).toBeNull();
        continue;
      }
      expect(hover, `${name} @${from}`).toMatchObject({ key, from, to: from + key.length });
      const mapping = valueAt(doc, hover.path);
      expect(mapping, `${name}: ${key} under ${hover.path.join('.')}`).toHaveProperty([key]);
      // A header's name is any name (additionalProperties): not a field the schema names.
      if (hover.path.at(-1) !== 'headers') {
        expect(describeField(schema, [...hover.path, key]), `${key} in the schema`).not.toBeNull();
      }

      const cursor = yamlCursorAt(text, from);
      expect(cursor).toMatchObject({ path: hover.path, position: 'key', prefix: '' });
      const others = Object.keys(mapping as object).filter((k) => k !== key);
      expect(cursor?.siblings.slice().sort()).toEqual(others.sort());
      checked++;
    }
    expect(checked).toBeGreaterThan(5);
  });
});
