import type { PersistentQuery } from '../../engine';
import { FRAUD_COLUMNS, type Column } from './queryInfo';

/**
 * The produce form's fields and the record they make: one field per column of the query's
 * source, the key column (or, for a value-keyed source, the GROUP BY column) giving the record
 * key as the lesson's records have it, and the value written in the source's VALUE_FORMAT.
 */
export interface ProduceField {
  readonly column: Column;
  /** "card number" for CARD_NUMBER. */
  readonly label: string;
}

export function produceFields(query: PersistentQuery | null): ProduceField[] {
  const columns = query?.source.columns ?? FRAUD_COLUMNS;
  return columns.map((column) => ({
    column,
    label: column.name.toLowerCase().replace(/_/g, ' ') + (column.key ? ' (key)' : ''),
  }));
}

/** What a field holds before the person types: the lesson's card and amount, else empty or 0. */
export function defaultFieldValue(column: Column): string {
  if (/CARD/.test(column.name) && column.type === 'STRING') return '4111';
  if (/AMOUNT/.test(column.name)) return '20';
  switch (column.type) {
    case 'STRING':
      return '';
    case 'BOOLEAN':
      return 'false';
    case 'INTEGER':
    case 'BIGINT':
    case 'DOUBLE':
      return '0';
  }
}

export type RecordResult =
  | { readonly ok: true; readonly key: string | null; readonly value: string }
  | { readonly ok: false; readonly message: string };

/** The column whose value keys the record: the source's KEY column, else the first GROUP BY column. */
export function keyColumnOf(
  query: PersistentQuery | null,
  fields: readonly ProduceField[],
): string | null {
  const key = fields.find((f) => f.column.key);
  if (key !== undefined) return key.column.name;
  if (query === null) return 'CARD_NUMBER';
  if (query.kind === 'CTAS') {
    const first = query.groupBy[0];
    if (first?.kind === 'column' && fields.some((f) => f.column.name === first.name))
      return first.name;
  }
  return null;
}

/** The record the form's values make, or why they do not (a number that is not one). */
export function recordOf(
  query: PersistentQuery | null,
  fields: readonly ProduceField[],
  values: Readonly<Record<string, string>>,
): RecordResult {
  const row: Record<string, string | number | boolean | null> = {};
  for (const { column, label } of fields) {
    const text = values[column.name] ?? defaultFieldValue(column);
    switch (column.type) {
      case 'STRING':
        row[column.name] = text;
        break;
      case 'BOOLEAN':
        row[column.name] = text === 'true';
        break;
      case 'INTEGER':
      case 'BIGINT':
      case 'DOUBLE': {
        if (text.trim() === '') {
          row[column.name] = null;
          break;
        }
        const n = Number(text);
        const whole = column.type !== 'DOUBLE';
        if (!Number.isFinite(n) || (whole && !Number.isInteger(n)))
          return {
            ok: false,
            message: `${label}: "${text}" is not ${whole ? 'a whole number' : 'a number'}.`,
          };
        row[column.name] = n;
        break;
      }
    }
  }
  const keyName = keyColumnOf(query, fields);
  const key = keyName === null || row[keyName] === null ? null : String(row[keyName]);
  const valueColumns = fields.filter((f) => !f.column.key).map((f) => f.column.name);
  const format = query?.source.valueFormat ?? 'JSON';
  const value =
    format === 'JSON'
      ? JSON.stringify(Object.fromEntries(valueColumns.map((c) => [c, row[c]])))
      : valueColumns.map((c) => (row[c] === null ? '' : String(row[c]))).join(',');
  return { ok: true, key, value };
}

/**
 * The producer to send with: the scenario's producer writing to the source topic (its setup,
 * as declared), else any producer in the cluster that writes there; null when none does.
 */
export function producerFor(
  topic: string,
  declared: readonly { readonly id: string; readonly topic?: string }[],
  running: readonly { readonly id: string; readonly topic: string | null }[],
): string | null {
  const alive = new Set(running.map((p) => p.id));
  return (
    declared.find((p) => p.topic === topic && alive.has(p.id))?.id ??
    running.find((p) => p.topic === topic)?.id ??
    null
  );
}
