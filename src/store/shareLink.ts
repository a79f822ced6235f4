import { z } from 'zod';
// The codecs alone, not the scenario index: the YAML parser stays out of the first paint.
import { COMMAND_LIMITS, commandSchema } from '../scenario/commands';
import type { SessionEntry } from './slices';

/**
 * Share links: everything needed to reproduce what the sender sees (the scenario, the seed,
 * the actions they took and the moment they are looking at) packed into a URL fragment,
 * `#share=<payload>`. The payload is a version character, then JSON deflated (raw) and
 * written in base64url. Nothing leaves the browser: the fragment is never sent to a server.
 *
 * A link is untrusted input. `decodeShare` never throws; it refuses oversized and damaged
 * payloads before they cost memory (decompression stops at a cap, so a small "zip bomb"
 * cannot expand), and checks the shape of every field, so what reaches the engine is a list
 * of well-formed commands. Whether a command makes sense (does the producer exist) is the
 * engine's question: `applyCommand` rejects with an event.
 */

export interface SharedSession {
  scenario: { kind: 'builtin'; name: string } | { kind: 'text'; fileName: string; text: string };
  seed: number;
  log: SessionEntry[];
  /** The moment the sender was looking at (virtual ms). */
  timeMs: number;
  view?: 'cluster' | 'log' | 'processing';
}

export type DecodeResult = { ok: true; value: SharedSession } | { ok: false; message: string };

/** The payload format this code writes and reads; the payload's first character. */
export const SHARE_FORMAT_VERSION = '1';

/** Longest whole link `shareUrl` is meant to produce (Chrome takes URLs up to 2 MB). */
export const MAX_SHARE_URL_CHARS = 1_500_000;

/** Longest payload `decodeShare` reads: longer text is refused before any work. */
export const MAX_SHARE_PAYLOAD_CHARS = MAX_SHARE_URL_CHARS;

/**
 * The most bytes a payload may unpack to (its JSON). Room for the largest scenario file
 * (1,000,000 characters) plus a long session; decompression stops as soon as it is passed.
 */
export const MAX_SHARE_JSON_BYTES = 4 * 1024 * 1024;

/** Limits on the session inside a link (and on each command's fields: `COMMAND_LIMITS`). */
export const SHARE_LIMITS = {
  ...COMMAND_LIMITS,
  /** Actions in the session log. */
  logEntries: 10_000,
  /** A scenario file's text (the scenario format's own limit). */
  scenarioTextChars: 1_000_000,
  fileNameChars: 1_000,
} as const;

const COMPRESSION_FORMAT = 'deflate-raw';

// ------------------------------------------------------------------------- the schema

/** The session's commands: each command's codec in src/scenario/commands says its shape. */
export { commandSchema };

const whole = (min: number, max: number) => z.number().int().min(min).max(max);

const time = z.number().min(0).max(SHARE_LIMITS.timeMs);

const sessionSchema = z.strictObject({
  scenario: z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('builtin'),
      name: z
        .string()
        .max(200)
        .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, {
          error: 'a built-in scenario name is letters, digits, "-" and "_"',
        }),
    }),
    z.strictObject({
      kind: z.literal('text'),
      fileName: z.string().max(SHARE_LIMITS.fileNameChars),
      text: z.string().max(SHARE_LIMITS.scenarioTextChars, {
        error: `a scenario is at most ${SHARE_LIMITS.scenarioTextChars.toLocaleString('en-US')} characters`,
      }),
    }),
  ]),
  seed: whole(0, Number.MAX_SAFE_INTEGER),
  log: z
    .array(z.strictObject({ atMs: time, command: commandSchema }))
    .max(SHARE_LIMITS.logEntries, {
      error: `at most ${SHARE_LIMITS.logEntries.toLocaleString('en-US')} actions`,
    })
    .superRefine((log, ctx) => {
      for (let i = 1; i < log.length; i++) {
        if (log[i].atMs < log[i - 1].atMs) {
          ctx.addIssue({
            code: 'custom',
            path: [i, 'atMs'],
            message: `actions are in time order, but this one (${log[i].atMs}ms) is before the one above it (${log[i - 1].atMs}ms)`,
          });
          return;
        }
      }
    }),
  timeMs: time,
  view: z.literal(['cluster', 'log', 'processing']).optional(),
});

// ------------------------------------------------------------------------- encode / decode

/**
 * Packs a session into a link payload: JSON, deflated, base64url, after a version character.
 * Rejects (with a message fit to show) a session that a link could not carry: one that
 * `decodeShare` would refuse, or one too large.
 */
export async function encodeShare(s: SharedSession): Promise<string> {
  const checked = sessionSchema.safeParse(s);
  if (!checked.success)
    throw new Error(`This session cannot be shared: ${describeIssues(checked.error.issues)}`);
  const json = new TextEncoder().encode(JSON.stringify(checked.data));
  if (json.length > MAX_SHARE_JSON_BYTES)
    throw new Error(
      `This session is too large to share as a link (${mb(json.length)}; the limit is ${mb(MAX_SHARE_JSON_BYTES)}).`,
    );
  const payload = SHARE_FORMAT_VERSION + toBase64Url(await deflate(json));
  if (payload.length > MAX_SHARE_PAYLOAD_CHARS)
    throw new Error(
      `This session is too large to share as a link (${count(payload.length)} characters; the limit is ${count(MAX_SHARE_PAYLOAD_CHARS)}).`,
    );
  return payload;
}

/** Unpacks and checks a link payload. Never throws: every failure is a message for a person. */
export async function decodeShare(payload: string): Promise<DecodeResult> {
  try {
    return await decodeUnsafe(payload);
  } catch (e) {
    return fail(
      `The share link could not be read (${e instanceof Error ? e.message : String(e)}).`,
    );
  }
}

async function decodeUnsafe(payload: unknown): Promise<DecodeResult> {
  if (typeof payload !== 'string' || payload.length === 0) return fail('The share link is empty.');
  if (payload.length > MAX_SHARE_PAYLOAD_CHARS) {
    return fail(
      `The share link is ${count(payload.length)} characters long; the limit is ${count(MAX_SHARE_PAYLOAD_CHARS)}.`,
    );
  }
  const version = payload[0];
  if (version !== SHARE_FORMAT_VERSION) {
    const shown = /^[A-Za-z0-9]$/.test(version) ? `"${version}"` : 'an unknown one';
    return fail(
      `The share link's format is ${shown}, which this version of kafkascope cannot read (it reads format "${SHARE_FORMAT_VERSION}"). It may come from a newer version.`,
    );
  }
  const body = payload.slice(1);
  if (!/^[A-Za-z0-9_-]*$/.test(body))
    return fail(
      'The share link is damaged: it has characters a share link never has (was it changed when copied?).',
    );
  const bytes = fromBase64Url(body);
  if (bytes === null)
    return fail('The share link is damaged: it is cut off (was it copied in full?).');
  const inflated = await inflateCapped(bytes, MAX_SHARE_JSON_BYTES);
  if (inflated === 'too large')
    return fail(
      `The share link unpacks to more than ${mb(MAX_SHARE_JSON_BYTES)}, the limit; it was not opened.`,
    );
  if (inflated === 'damaged')
    return fail(
      'The share link is damaged: its data does not unpack (was it cut short when copied?).',
    );
  let json: string;
  try {
    json = new TextDecoder('utf-8', { fatal: true }).decode(inflated);
  } catch {
    return fail('The share link is damaged: its data is not text.');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return fail('The share link is damaged: its data is not valid JSON.');
  }
  const checked = sessionSchema.safeParse(raw);
  if (!checked.success)
    return fail(
      `The share link does not describe a session: ${describeIssues(checked.error.issues)}`,
    );
  return { ok: true, value: checked.data };
}

function fail(message: string): DecodeResult {
  return { ok: false, message };
}

/** The first few problems, as `log[3].command.producer: …`. */
function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const shown = issues.slice(0, 3).map((issue) => {
    const path = issue.path
      .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
      .join('');
    return path === '' ? issue.message : `${path}: ${issue.message}`;
  });
  const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : '';
  return `${shown.join('; ')}${more}.`;
}

const count = (n: number) => n.toLocaleString('en-US');
const mb = (bytes: number) => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;

// ------------------------------------------------------------------------- links

/**
 * The link for a payload: `base` (the app's address) without its query and fragment, then
 * `#share=<payload>`. The query goes so that launch parameters (`?t=`, `?seed=`) cannot
 * contradict the link.
 */
export function shareUrl(base: string, payload: string): string {
  const end = base.search(/[?#]/);
  return `${end < 0 ? base : base.slice(0, end)}#share=${payload}`;
}

/** The payload of a `#share=…` fragment (with or without the `#`), or null if it has none. */
export function readSharePayload(hash: string): string | null {
  const fragment = hash.startsWith('#') ? hash.slice(1) : hash;
  for (const part of fragment.split('&')) {
    if (part.startsWith('share=')) return part.slice('share='.length);
  }
  return null;
}

// ------------------------------------------------------------------------- bytes

async function deflate(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  return collect(singleChunk(bytes).pipeThrough(new CompressionStream(COMPRESSION_FORMAT)));
}

/**
 * Inflates at most `capBytes`, streaming: the input is fed in small slices and reading stops
 * (and the stream is cancelled) as soon as the output passes the cap, so memory stays near
 * the cap whatever the data claims to expand to.
 */
async function inflateCapped(
  bytes: Uint8Array,
  capBytes: number,
): Promise<Uint8Array | 'too large' | 'damaged'> {
  const SLICE = 1024;
  let position = 0;
  const source = new ReadableStream<BufferSource>(
    {
      pull(controller) {
        if (position >= bytes.length) {
          controller.close();
          return;
        }
        controller.enqueue(bytes.slice(position, position + SLICE));
        position += SLICE;
      },
    },
    { highWaterMark: 0 },
  );
  const reader = source.pipeThrough(new DecompressionStream(COMPRESSION_FORMAT)).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > capBytes) {
        await reader.cancel().catch(() => undefined);
        return 'too large';
      }
      chunks.push(value);
    }
  } catch {
    return 'damaged';
  }
  return concat(chunks, total);
}

function singleChunk(bytes: Uint8Array<ArrayBuffer>): ReadableStream<BufferSource> {
  return new ReadableStream<BufferSource>({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    total += value.length;
  }
  return concat(chunks, total);
}

function concat(chunks: readonly Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const VALUES = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUES[ALPHABET.charCodeAt(i)] = i;

/** base64url (RFC 4648 §5) without padding. */
export function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += ALPHABET[(n >> 18) & 63] + ALPHABET[(n >> 12) & 63];
    if (i + 1 < bytes.length) out += ALPHABET[(n >> 6) & 63];
    if (i + 2 < bytes.length) out += ALPHABET[n & 63];
  }
  return out;
}

/** The bytes of unpadded base64url text, or null if it is not that. */
export function fromBase64Url(text: string): Uint8Array | null {
  if (text.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    let n = 0;
    const group = Math.min(4, text.length - i);
    for (let j = 0; j < 4; j++) {
      const code = j < group ? text.charCodeAt(i + j) : 65; // 'A' pads with zero bits
      const v = code < 128 ? VALUES[code] : -1;
      if (v < 0) return null;
      n = (n << 6) | v;
    }
    out[o++] = (n >> 16) & 255;
    if (group > 2) out[o++] = (n >> 8) & 255;
    if (group > 3) out[o++] = n & 255;
  }
  return out;
}
