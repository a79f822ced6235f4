/**
 * Reading a record into a row and writing a row into a record, as ksqlDB's serdes do.
 *
 * - JSON (`KsqlJsonDeserializer`): the value is an object; a column reads the field of its
 *   name exactly, else the first field whose name matches ignoring case; a missing field is
 *   null. Numbers are coerced to the column's type (an INTEGER column truncates).
 * - KAFKA: the value is the single value column itself.
 * - DELIMITED: comma-separated fields in column order.
 * The key is the KEY column's value (key format KAFKA). A null value is a tombstone: no row.
 */
import { dict } from '../../names';
import type { Column, Row, SqlType, SqlValue, ValueFormat } from '../plan';

/** The value columns of a schema, in order. */
export function valueColumns(columns: readonly Column[]): Column[] {
  return columns.filter((c) => !c.key);
}

/** A row from a record: key columns from the key, value columns from the value; null for a tombstone or unreadable value. */
export function readRow(
  columns: readonly Column[],
  format: ValueFormat,
  key: SqlValue,
  value: string | null,
): Row | null {
  if (value === null) return null;
  const values = readValue(valueColumns(columns), format, value);
  if (values === null) return null;
  const row: Row = dict<SqlValue>();
  for (const c of columns) row[c.name] = c.key ? coerce(key, c.type) : (values[c.name] ?? null);
  return row;
}

function readValue(columns: readonly Column[], format: ValueFormat, text: string): Row | null {
  switch (format) {
    case 'JSON':
      return readJson(columns, text);
    case 'KAFKA':
      return dict<SqlValue>(
        columns.length === 0 ? [] : [[columns[0].name, coerce(parseScalar(text), columns[0].type)]],
      );
    case 'DELIMITED': {
      const fields = text.split(',');
      const row: Row = dict<SqlValue>();
      columns.forEach(
        (c, i) =>
          (row[c.name] = coerce(
            fields[i] === undefined || fields[i] === '' ? null : fields[i],
            c.type,
          )),
      );
      return row;
    }
  }
}

function readJson(columns: readonly Column[], text: string): Row | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const fields = parsed as Record<string, unknown>;
  const names = Object.keys(fields);
  const row: Row = dict<SqlValue>();
  for (const c of columns) {
    const name = Object.hasOwn(fields, c.name)
      ? c.name
      : names.find((n) => n.toUpperCase() === c.name.toUpperCase());
    row[c.name] = name === undefined ? null : coerce(fields[name], c.type);
  }
  return row;
}

function parseScalar(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** A JSON or text value as a column of `type` reads it (null when it cannot). */
export function coerce(v: unknown, type: SqlType): SqlValue {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'STRING':
      return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
    case 'BOOLEAN':
      return typeof v === 'boolean' ? v : typeof v === 'string' ? v.toLowerCase() === 'true' : null;
    case 'DOUBLE': {
      const n = typeof v === 'number' ? v : Number(v);
      return Number.isNaN(n) ? null : n;
    }
    case 'INTEGER':
    case 'BIGINT': {
      const n = typeof v === 'number' ? v : Number(v);
      if (Number.isNaN(n)) return null;
      return type === 'INTEGER' ? Math.trunc(n) | 0 : Math.trunc(n);
    }
  }
}

/** The value of a record written from `row`: its value columns in the sink's format. */
export function writeValue(columns: readonly Column[], format: ValueFormat, row: Row): string {
  const values = valueColumns(columns);
  switch (format) {
    case 'JSON':
      // Column order is the schema's, as ksqlDB's serializer writes a struct.
      return `{${values.map((c) => `${JSON.stringify(c.name)}:${jsonValue(row[c.name] ?? null, c.type)}`).join(',')}}`;
    case 'KAFKA':
      return values.length === 0 ? '' : String(row[values[0].name] ?? '');
    case 'DELIMITED':
      return values
        .map((c) => (row[c.name] === null || row[c.name] === undefined ? '' : String(row[c.name])))
        .join(',');
  }
}

/** A value as Jackson writes it: a DOUBLE always with a fraction (`1.0`). */
function jsonValue(v: SqlValue, type: SqlType): string {
  if (v === null) return 'null';
  if (type === 'DOUBLE' && typeof v === 'number' && Number.isInteger(v)) return `${v}.0`;
  return JSON.stringify(v);
}
