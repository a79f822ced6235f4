import type { EventLog } from '../store';
import { describeEvent } from './describeEvent';
import { EVENT_CATEGORIES, eventCategory, type EventCategory } from './eventMeaning';

/** Events per chunk of the search index: one string and two small typed arrays each. */
export const SEARCH_CHUNK = 2048;

const ASCII: Readonly<Record<string, string>> = {
  '→': '->',
  '←': '<-',
  '–': '-',
  '—': '-',
  '“': '"',
  '”': '"',
  '‘': "'",
  '’': "'",
  '…': '...',
};

/**
 * Text as search compares it: lower case, with the typographic marks the event list uses
 * (→ – “ ”) spelled in ASCII. The needle is folded the same way, so typing "→" still finds
 * "→". A chunk of event descriptions then stays one byte per character in the JS engine:
 * one piece held as two bytes a character makes the whole joined chunk two bytes a
 * character, and replacing the marks keeps the two-byte form, so such pieces are rebuilt.
 */
export function foldText(text: string): string {
  const lower = text.toLowerCase();
  return TYPOGRAPHIC.test(lower) ? oneByte(lower.replace(TYPOGRAPHIC_ALL, (c) => ASCII[c])) : lower;
}
const TYPOGRAPHIC = /[→←–—“”‘’…]/;
const TYPOGRAPHIC_ALL = /[→←–—“”‘’…]/g;

/** The same text, built from its character codes so the engine stores it one byte a character. */
function oneByte(text: string): string {
  const codes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0xff) return text;
    codes[i] = code;
  }
  let out = '';
  for (let i = 0; i < codes.length; i += 4096)
    out += String.fromCharCode(...codes.subarray(i, i + 4096));
  return out;
}

const CATEGORY_CODE = new Map(EVENT_CATEGORIES.map((c, i) => [c.id, i]));

interface Chunk {
  /** Index of its first event. */
  readonly start: number;
  count: number;
  /** Each event's folded description followed by "\n" (set once the chunk is full). */
  text: string;
  /** Until the chunk is full: its pieces, searched one by one. */
  parts: string[] | null;
  chars: number;
  /** Where each event's description ends in `text` (the "\n" after it). */
  readonly ends: Uint32Array;
  readonly categories: Uint8Array;
}

export interface SearchQuery {
  /** Text to find (any case); empty matches every event. */
  readonly text: string;
  readonly category: EventCategory | 'all';
}

export interface SearchResult {
  /** Matching event indices, newest first, at most the limit asked for. */
  readonly matches: readonly number[];
  /** Matching events among those searched. */
  readonly total: number;
  /** Events searched: indices `from` up to `to`. */
  readonly from: number;
  readonly to: number;
  /** False while the index is still being built up to the moment shown. */
  readonly complete: boolean;
}

interface CachedSearch {
  readonly key: string;
  readonly limit: number;
  readonly from: number;
  readonly to: number;
  readonly total: number;
  /** Newest first. */
  readonly matches: readonly number[];
}

/**
 * A compact, incrementally built index of every event's description in an `EventLog`, for the
 * event list's search. Built only once a filter is in use; each event is described once
 * (~52 bytes per event: its folded text in a chunk string, its end offset and category), a
 * full search is one `indexOf` pass over the chunks, and while a run plays only the new
 * events are searched.
 */
export class EventSearchIndex {
  private chunks: Chunk[] = [];
  private from: number;
  private indexedTo: number;
  private forksSeen: number;
  private cache: CachedSearch | null = null;

  constructor(readonly log: EventLog) {
    this.from = log.firstIndex;
    this.indexedTo = log.firstIndex;
    this.forksSeen = log.forks;
  }

  /** Events indexed so far: indices `from` (inclusive) to `to` (exclusive). */
  get indexed(): { from: number; to: number } {
    return { from: this.from, to: this.indexedTo };
  }

  /** Bytes held by the index (chunk text at one byte a character, plus its arrays). */
  get bytes(): number {
    let n = 0;
    for (const c of this.chunks) n += c.chars + c.ends.byteLength + c.categories.byteLength;
    return n;
  }

  /**
   * Indexes the log's events up to index `to` (or its end), asking `stop` every 256 events;
   * true when everything up to `to` is indexed.
   */
  extend(to: number, stop: () => boolean = () => false): boolean {
    this.sync();
    const end = Math.min(to, this.log.length);
    while (this.indexedTo < end) {
      const batchEnd = Math.min(end, this.indexedTo + 256);
      for (let i = this.indexedTo; i < batchEnd; i++) this.add(i);
      this.indexedTo = batchEnd;
      if (this.indexedTo < end && stop()) return false;
    }
    return this.indexedTo >= Math.min(to, this.log.length);
  }

  /**
   * The newest `limit` events below index `below` matching `query`, and how many match in
   * all. Repeated calls while a run plays search only the events added since.
   */
  search(query: SearchQuery, below: number, limit: number): SearchResult {
    this.sync();
    const needle = foldText(query.text.trim());
    const category = query.category === 'all' ? -1 : (CATEGORY_CODE.get(query.category) ?? -1);
    const key = `${category}\n${needle}`;
    const from = Math.max(this.from, this.log.firstIndex);
    const to = Math.min(below, this.indexedTo);
    const c = this.cache;
    let result: CachedSearch;
    if (c !== null && c.key === key && c.from === from && c.to <= to && c.limit >= limit) {
      // Only what was added since: its matches go on top.
      const fresh: number[] = [];
      this.scan(needle, category, c.to, to, (i) => fresh.push(i));
      const matches = fresh.length === 0 ? c.matches : [...fresh.reverse(), ...c.matches];
      result = {
        key,
        limit: c.limit,
        from,
        to,
        total: c.total + fresh.length,
        matches: matches.length > c.limit ? matches.slice(0, c.limit) : matches,
      };
    } else {
      result = { key, limit, from, to, ...this.newest(needle, category, from, to, limit) };
    }
    this.cache = result;
    return {
      matches: result.matches.length > limit ? result.matches.slice(0, limit) : result.matches,
      total: result.total,
      from,
      to,
      complete: this.indexedTo >= Math.min(below, this.log.length),
    };
  }

  /** Drops what the log no longer holds: events replaced by a fork, or dropped past capacity. */
  private sync(): void {
    const log = this.log;
    if (log.forks !== this.forksSeen) {
      const replaced = log.replacedFrom(this.forksSeen);
      this.forksSeen = log.forks;
      if (replaced < this.indexedTo) this.truncate(replaced);
    }
    if (this.indexedTo < log.firstIndex) {
      this.chunks = [];
      this.indexedTo = log.firstIndex;
      this.cache = null;
    } else {
      while (
        this.chunks.length > 0 &&
        this.chunks[0].start + this.chunks[0].count <= log.firstIndex
      )
        this.chunks.shift();
    }
    this.from = Math.max(this.chunks[0]?.start ?? this.indexedTo, log.firstIndex);
  }

  /** Forgets events from `index` on: every chunk holding one (the one straddling it is rebuilt). */
  private truncate(index: number): void {
    for (;;) {
      const last = this.chunks[this.chunks.length - 1];
      if (last === undefined || last.start + last.count <= index) break;
      this.chunks.pop();
    }
    const tail = this.chunks[this.chunks.length - 1];
    this.indexedTo = tail === undefined ? Math.min(this.from, index) : tail.start + tail.count;
    this.cache = null;
  }

  private add(index: number): void {
    const event = this.log.at(index);
    if (event === undefined) return;
    let chunk = this.chunks[this.chunks.length - 1];
    if (chunk === undefined || chunk.count === SEARCH_CHUNK) {
      chunk = {
        start: index,
        count: 0,
        text: '',
        parts: [],
        chars: 0,
        ends: new Uint32Array(SEARCH_CHUNK),
        categories: new Uint8Array(SEARCH_CHUNK),
      };
      this.chunks.push(chunk);
    }
    const piece = `${foldText(describeEvent(event))}\n`;
    chunk.parts!.push(piece);
    chunk.chars += piece.length;
    chunk.ends[chunk.count] = chunk.chars - 1;
    chunk.categories[chunk.count] = CATEGORY_CODE.get(eventCategory(event)) ?? 0;
    chunk.count++;
    // One flat string per full chunk: appending with += would leave a rope of 2,048 pieces.
    if (chunk.count === SEARCH_CHUNK) {
      chunk.text = chunk.parts!.join('');
      chunk.parts = null;
    }
  }

  /** Calls `visit` with each matching index in [lo, hi), in ascending order. */
  private scan(
    needle: string,
    category: number,
    lo: number,
    hi: number,
    visit: (index: number) => void,
  ): void {
    for (const chunk of this.chunks) {
      const first = Math.max(lo, chunk.start);
      const last = Math.min(hi, chunk.start + chunk.count);
      if (first < last) scanChunk(chunk, needle, category, first, last, visit);
    }
  }

  private newest(
    needle: string,
    category: number,
    lo: number,
    hi: number,
    limit: number,
  ): { total: number; matches: number[] } {
    let total = 0;
    const matches: number[] = [];
    for (let k = this.chunks.length - 1; k >= 0; k--) {
      const chunk = this.chunks[k];
      const first = Math.max(lo, chunk.start);
      const last = Math.min(hi, chunk.start + chunk.count);
      if (first >= last) continue;
      const found: number[] = [];
      scanChunk(chunk, needle, category, first, last, (i) => {
        total++;
        if (matches.length < limit) found.push(i);
      });
      for (let j = found.length - 1; j >= 0 && matches.length < limit; j--) matches.push(found[j]);
    }
    return { total, matches };
  }
}

function scanChunk(
  chunk: Chunk,
  needle: string,
  category: number,
  first: number,
  last: number,
  visit: (index: number) => void,
): void {
  const { start, ends, categories, parts, text } = chunk;
  if (needle === '' || parts !== null) {
    // No text to find, or the chunk still filling (its pieces, not yet joined).
    for (let i = first; i < last; i++) {
      if (category !== -1 && categories[i - start] !== category) continue;
      if (needle === '' || parts![i - start].includes(needle)) visit(i);
    }
    return;
  }
  const stopAt = ends[last - 1 - start];
  let pos = first === start ? 0 : ends[first - 1 - start] + 1;
  for (;;) {
    pos = text.indexOf(needle, pos);
    if (pos === -1 || pos >= stopAt) return;
    const j = eventAt(ends, pos, first - start, last - start);
    if (category === -1 || categories[j] === category) visit(start + j);
    pos = ends[j] + 1;
  }
}

/** The event whose text holds position `pos`: the first whose end is past it (binary search). */
function eventAt(ends: Uint32Array, pos: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ends[mid] <= pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const indexes = new WeakMap<EventLog, EventSearchIndex>();

/** The search index of a log (one per run, kept while the log lives). */
export function searchIndexOf(log: EventLog): EventSearchIndex {
  let index = indexes.get(log);
  if (index === undefined) {
    index = new EventSearchIndex(log);
    indexes.set(log, index);
  }
  return index;
}
