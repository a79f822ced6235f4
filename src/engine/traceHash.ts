/**
 * A running 64-bit hash of the event trace (two FNV-1a lanes with different offset bases).
 * Events are folded field by field without JSON, so hashing costs little per event, and
 * the result is the same in Node and every browser: only integer math and
 * ECMAScript's exactly specified number-to-string conversion are used.
 */
export interface TraceHash {
  a: number;
  b: number;
}

export function createTraceHash(): TraceHash {
  return { a: 0x811c9dc5, b: 0x01000193 ^ 0x5bd1e995 };
}

const PRIME = 0x01000193;

function foldInt(h: TraceHash, n: number): void {
  // The four bytes, low first, on locals written back once. Unrolled: every field of every
  // event comes through here, and the loop's counter and shifts cost as much as the rounds.
  let a = h.a;
  let b = h.b;
  let byte = n & 0xff;
  a = Math.imul(a ^ byte, PRIME);
  b = Math.imul(b ^ byte ^ 0xa5, PRIME);
  byte = (n >>> 8) & 0xff;
  a = Math.imul(a ^ byte, PRIME);
  b = Math.imul(b ^ byte ^ 0xa5, PRIME);
  byte = (n >>> 16) & 0xff;
  a = Math.imul(a ^ byte, PRIME);
  b = Math.imul(b ^ byte ^ 0xa5, PRIME);
  byte = n >>> 24;
  a = Math.imul(a ^ byte, PRIME);
  b = Math.imul(b ^ byte ^ 0xa5, PRIME);
  h.a = a;
  h.b = b;
}

function foldString(h: TraceHash, s: string): void {
  foldInt(h, s.length);
  let a = h.a;
  let b = h.b;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, PRIME);
    b = Math.imul(b ^ (c + 0x3b), PRIME);
  }
  h.a = a;
  h.b = b;
}

/**
 * String(v) for a number that is not an int32, remembering the last one: most are event times,
 * and the events of one step share theirs (three in four repeat the one before), where each
 * conversion costs a shortest-round-trip digit search and a string. A memo of a pure function.
 */
let lastDouble = Number.NaN;
let lastDoubleText = 'NaN';

function doubleText(v: number): string {
  if (v !== lastDouble) {
    lastDouble = v;
    lastDoubleText = String(v);
  }
  return lastDoubleText;
}

/** Folds any JSON-like value: numbers, strings, booleans, null, arrays and plain objects. */
export function foldValue(h: TraceHash, v: unknown): void {
  switch (typeof v) {
    case 'number':
      if ((v | 0) === v) {
        foldInt(h, 1);
        foldInt(h, v);
      } else {
        foldInt(h, 2);
        foldString(h, doubleText(v));
      }
      return;
    case 'string':
      foldInt(h, 3);
      foldString(h, v);
      return;
    case 'boolean':
      foldInt(h, v ? 4 : 5);
      return;
    case 'undefined':
      foldInt(h, 6);
      return;
    case 'object':
      if (v === null) {
        foldInt(h, 7);
      } else if (Array.isArray(v)) {
        foldInt(h, 8);
        foldInt(h, v.length);
        for (const item of v) foldValue(h, item);
      } else {
        foldInt(h, 9);
        const record = v as Record<string, unknown>;
        for (const k in record) {
          foldString(h, k);
          foldValue(h, record[k]);
        }
      }
      return;
    case 'bigint':
    case 'function':
    case 'symbol':
      foldString(h, String(v));
  }
}

export function traceHashHex(h: TraceHash): string {
  return (h.a >>> 0).toString(16).padStart(8, '0') + (h.b >>> 0).toString(16).padStart(8, '0');
}
