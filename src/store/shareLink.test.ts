import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ASSIGNOR_NAMES,
  COMMAND_TYPES,
  nameProblem,
  PARTITIONER_NAMES,
  type Command,
} from '../engine';
import {
  decodeShare,
  encodeShare,
  fromBase64Url,
  MAX_SHARE_JSON_BYTES,
  MAX_SHARE_PAYLOAD_CHARS,
  readSharePayload,
  SHARE_LIMITS,
  shareUrl,
  toBase64Url,
  type DecodeResult,
  type SharedSession,
} from './shareLink';

/** A session using every command type, as the app would log it. */
const EVERY_COMMAND: Command[] = [
  { type: 'produce', producer: 'checkout', key: 'alice', value: 'order 1' },
  {
    type: 'produce',
    producer: 'checkout',
    topic: 'payments',
    keys: ['a', 'b'],
    keyOrder: 'cycle',
    count: 10,
    headers: [
      ['trace', '1'],
      ['trace', '2'],
    ],
  },
  { type: 'produce', producer: 'checkout', key: null, value: null, partition: 2 },
  {
    type: 'setProducerRate',
    producer: 'checkout',
    rate: 12.5,
    keys: ['x', 'y'],
    keyOrder: 'random',
  },
  { type: 'setProducerRate', producer: 'checkout', rate: 0, key: null },
  { type: 'configureProducer', producer: 'checkout', partitioner: 'round-robin', acks: 1 },
  { type: 'configureProducer', producer: 'checkout', acks: 'all' },
  { type: 'seek', consumer: 'c1', topic: 'orders', partition: 3, offset: 42 },
  { type: 'seek', consumer: 'c1', offset: 'earliest' },
  { type: 'narrate', text: 'Now: watch partition 3' },
  { type: 'killBroker', broker: 2 },
  { type: 'shutdownBroker', broker: 3 },
  { type: 'restartBroker', broker: 2 },
  { type: 'killController', controller: 3001 },
  { type: 'restartController', controller: 3001 },
  {
    type: 'addConsumer',
    consumer: {
      id: 'billing-4',
      topics: ['orders', 'payments'],
      from: 'earliest',
      maxPollRecords: 100,
      group: 'billing',
      instanceId: 'host-4',
      assignors: ['cooperative-sticky'],
      sessionTimeoutMs: 10_000,
      heartbeatIntervalMs: 3_000,
      maxPollIntervalMs: 300_000,
      autoCommit: true,
      autoCommitIntervalMs: 5_000,
    },
  },
  { type: 'addConsumer', consumer: { id: 'solo', topics: ['orders'], from: 7 } },
  { type: 'pauseConsumer', consumer: 'c1' },
  { type: 'resumeConsumer', consumer: 'c1' },
  { type: 'stallConsumer', consumer: 'c1' },
  { type: 'resumeConsumer', consumer: 'c1' },
  { type: 'commit', consumer: 'c1' },
  { type: 'crashConsumer', consumer: 'c2' },
  { type: 'removeConsumer', consumer: 'c3' },
  { type: 'addPartitions', topic: 'orders', count: 2 },
  { type: 'killStreamsInstance', instance: 'fraud-2' },
  { type: 'stopStreamsInstance', instance: 'fraud-1' },
  { type: 'restartStreamsInstance', instance: 'fraud-2' },
  { type: 'addStreamsInstance', app: 'fraud' },
];

const logOf = (commands: readonly Command[]) =>
  commands.map((command, i) => ({ atMs: 1000 + Math.floor(i / 2) * 250.125, command }));

const BUILTIN: SharedSession = {
  scenario: { kind: 'builtin', name: 'broker-failover' },
  seed: 7,
  log: logOf(EVERY_COMMAND),
  timeMs: 12_345.678,
  view: 'log',
};

const TEXT: SharedSession = {
  scenario: {
    kind: 'text',
    fileName: 'lesson <b>1</b>.yaml',
    text: 'title: "<script>alert(1)</script>"\nduration: 20s\n# ünïcödé ✓ 🚀\n',
  },
  seed: 0,
  log: logOf(EVERY_COMMAND.slice(0, 5)),
  timeMs: 0,
};

async function roundTrip(s: SharedSession): Promise<DecodeResult> {
  return decodeShare(await encodeShare(s));
}

/** Packs any JSON text (or bytes) the way encodeShare does, without its checks: a hostile sender. */
async function pack(data: string | Uint8Array, version = '1'): Promise<string> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const stream = new ReadableStream<BufferSource>({
    start(c) {
      c.enqueue(bytes as Uint8Array<ArrayBuffer>);
      c.close();
    },
  }).pipeThrough(new CompressionStream('deflate-raw'));
  const out = new Uint8Array(await new Response(stream).arrayBuffer());
  return version + toBase64Url(out);
}

/** A session as JSON with one part replaced (any value, even one the type forbids). */
function withPart(patch: Record<string, unknown>, base: SharedSession = BUILTIN): string {
  return JSON.stringify({ ...base, ...patch });
}

function withCommand(command: unknown): string {
  return JSON.stringify({ ...BUILTIN, log: [{ atMs: 5, command }] });
}

async function refused(payload: string): Promise<string> {
  const result = await decodeShare(payload);
  if (result.ok) throw new Error(`accepted: ${JSON.stringify(result.value).slice(0, 200)}`);
  return result.message;
}

describe('share links: round trip', () => {
  it('carries a built-in scenario, seed, every command type, time and view unchanged', async () => {
    const payload = await encodeShare(BUILTIN);
    expect(payload).toMatch(/^1[A-Za-z0-9_-]+$/);
    expect(await decodeShare(payload)).toEqual({ ok: true, value: BUILTIN });
    // Every command type is in the session.
    expect(new Set(BUILTIN.log.map((e) => e.command.type))).toEqual(new Set(COMMAND_TYPES));
  });

  it('carries ids with spaces and Unicode as they are', async () => {
    const session: SharedSession = {
      ...TEXT,
      log: logOf([
        {
          type: 'addConsumer',
          consumer: { id: 'my group-1', topics: ['orders'], group: 'my group', from: 'earliest' },
        },
        { type: 'produce', producer: 'pro dücer', key: 'k' },
        { type: 'pauseConsumer', consumer: 'my group-1' },
        { type: 'commit', consumer: '  spaced\tout  ' },
      ]),
    };
    expect(await roundTrip(session)).toEqual({ ok: true, value: session });
  });

  it('carries a scenario file as text, markup and unicode and all', async () => {
    expect(await roundTrip(TEXT)).toEqual({ ok: true, value: TEXT });
  });

  it('compresses: a typical session fits in a few kilobytes', async () => {
    const payload = await encodeShare({
      ...BUILTIN,
      log: logOf([...EVERY_COMMAND, ...EVERY_COMMAND]),
    });
    expect(payload.length).toBeLessThan(2500);
  });

  it('keeps markup, quotes, control characters and lone surrogates as plain data', async () => {
    const nasty = [
      '<script>alert(1)</script>',
      '"><img src=x onerror=alert(1)>',
      "'; DROP TABLE records; --",
      '\u0000\u0001\u0007\b\f\n\r\t\u001b[31m\u007f\u0085\u2028\u2029\ufeff',
      '\ud800 lone \udfff',
      '${globalThis.x} {{x}} %s %n',
      '__proto__',
    ];
    const s: SharedSession = {
      scenario: { kind: 'text', fileName: nasty.join(''), text: nasty.join('\n') },
      seed: 1,
      log: nasty.map((v, i) => ({
        atMs: i,
        command: {
          type: 'produce',
          producer: 'p',
          key: v,
          value: v,
          headers: [[v, v]],
        },
      })),
      timeMs: 1,
    };
    expect(await roundTrip(s)).toEqual({ ok: true, value: s });
  });

  it('carries 10,000-character strings and the longest log', async () => {
    const long = 'x'.repeat(SHARE_LIMITS.stringChars);
    const s: SharedSession = {
      ...BUILTIN,
      log: Array.from({ length: SHARE_LIMITS.logEntries }, (_, i) => ({
        atMs: i,
        command: { type: 'narrate', text: i === 0 ? long : `step ${i}` },
      })),
    };
    expect(await roundTrip(s)).toEqual({ ok: true, value: s });
  });

  it('refuses to encode what it could not decode', async () => {
    await expect(encodeShare({ ...BUILTIN, seed: -1 })).rejects.toThrow(/cannot be shared: seed/);
    await expect(encodeShare({ ...BUILTIN, timeMs: Number.NaN })).rejects.toThrow(/timeMs/);
  });

  it('encode → decode is the identity for generated sessions (fast-check seed 42)', async () => {
    await fc.assert(
      fc.asyncProperty(sessionArbitrary, async (s) => {
        expect(await roundTrip(s)).toEqual({ ok: true, value: s });
      }),
      { seed: 42, numRuns: 150 },
    );
  });
});

describe('share links: URLs', () => {
  it('puts the payload in the fragment, dropping the base address’s query and fragment', () => {
    expect(shareUrl('https://example.org/kafkascope/', '1abc')).toBe(
      'https://example.org/kafkascope/#share=1abc',
    );
    expect(shareUrl('https://example.org/app/?scenario=keys&t=5s#share=old', '1abc')).toBe(
      'https://example.org/app/#share=1abc',
    );
  });

  it('reads the payload back from location.hash', () => {
    expect(readSharePayload('#share=1abc')).toBe('1abc');
    expect(readSharePayload('share=1abc')).toBe('1abc');
    expect(readSharePayload('#other=1&share=1abc&x=2')).toBe('1abc');
    expect(readSharePayload('#share=')).toBe('');
    expect(readSharePayload('')).toBeNull();
    expect(readSharePayload('#')).toBeNull();
    expect(readSharePayload('#shared=1abc')).toBeNull();
  });

  it('a link made from a session opens to the same session', async () => {
    const url = shareUrl('http://localhost:5173/?seed=3', await encodeShare(BUILTIN));
    const payload = readSharePayload(new URL(url).hash);
    expect(payload).not.toBeNull();
    expect(await decodeShare(payload ?? '')).toEqual({ ok: true, value: BUILTIN });
  });

  it('base64url round-trips every length of bytes', () => {
    for (let n = 0; n < 70; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + n * 31) & 255);
      const text = toBase64Url(bytes);
      expect(text).toMatch(/^[A-Za-z0-9_-]*$/);
      expect(fromBase64Url(text)).toEqual(bytes);
    }
    expect(fromBase64Url('A')).toBeNull();
    expect(fromBase64Url('AB+/')).toBeNull();
    expect(fromBase64Url('AB==')).toBeNull();
  });
});

describe('share links: damaged and hostile payloads', () => {
  it.each([
    ['', /empty/],
    ['2' + 'A'.repeat(20), /format is "2".*reads format "1".*newer version/],
    ['%2Fabc', /format is an unknown one/],
    ['1abc$def', /damaged: it has characters a share link never has/],
    ['1ab cd', /damaged: it has characters/],
    ['1A', /damaged: it is cut off/], // one character is no whole byte
    ['1' + 'A'.repeat(16), /damaged: its data does not unpack/],
  ])('%j is refused with a clear message', async (payload, message) => {
    expect(await refused(payload)).toMatch(message);
  });

  it('refuses a payload longer than the limit before reading it', async () => {
    const message = await refused('1' + 'A'.repeat(MAX_SHARE_PAYLOAD_CHARS));
    expect(message).toMatch(/1,500,001 characters long; the limit is 1,500,000/);
  });

  it('refuses truncated links (cut when copied)', async () => {
    const payload = await encodeShare(BUILTIN);
    for (const keep of [2, 10, Math.floor(payload.length / 2), payload.length - 3]) {
      expect(await refused(payload.slice(0, keep))).toMatch(/damaged/);
    }
  });

  it('refuses random bytes (fast-check seed 7)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 0, maxLength: 300 }), async (bytes) => {
        const result = await decodeShare('1' + toBase64Url(bytes));
        expect(result.ok).toBe(false);
      }),
      { seed: 7, numRuns: 200 },
    );
  });

  it('never throws, whatever it is given', async () => {
    for (const input of [null, undefined, 42, {}, ['1abc']])
      expect((await decodeShare(input as unknown as string)).ok).toBe(false);
  });

  it('stops unpacking a zip bomb at the cap: a small link expanding past it is refused', async () => {
    const bomb = await pack(new Uint8Array(64 * 1024 * 1024)); // 64 MB of zeros
    expect(bomb.length).toBeLessThan(100_000);
    const before = process.memoryUsage().arrayBuffers;
    const started = performance.now();
    const message = await refused(bomb);
    expect(message).toMatch(/unpacks to more than 4 MB, the limit/);
    expect(performance.now() - started).toBeLessThan(2000);
    // Far less than the 64 MB the data claims (the test's own buffer is already counted).
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(32 * 1024 * 1024);
  });

  it('takes exactly up to the cap', async () => {
    const json = withPart({ scenario: { kind: 'text', fileName: 'f', text: ' ' } });
    const padded = json + ' '.repeat(MAX_SHARE_JSON_BYTES - json.length);
    expect((await decodeShare(await pack(padded))).ok).toBe(true);
    expect(await refused(await pack(padded + ' '))).toMatch(/unpacks to more than/);
  });

  it('refuses data that is not UTF-8 text, or not JSON', async () => {
    expect(await refused(await pack(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])))).toMatch(/not text/);
    expect(await refused(await pack('{"seed": 1,'))).toMatch(/not valid JSON/);
    expect(await refused(await pack('NaN'))).toMatch(/not valid JSON/);
  });

  it.each([
    ['a list', '[1, 2]', /does not describe a session/],
    ['null', 'null', /does not describe a session/],
    ['an extra field', withPart({ admin: true }), /Unrecognized key: "admin"/],
    ['a __proto__ key', withPart({}).replace('{', '{"__proto__": {"polluted": 1},'), /"__proto__"/],
    ['a text seed', withPart({ seed: '7' }), /seed: .*expected number/],
    ['a fractional seed', withPart({ seed: 1.5 }), /seed/],
    ['a negative seed', withPart({ seed: -1 }), /seed/],
    ['Infinity (1e400)', withPart({}).replace('"timeMs":12345.678', '"timeMs":1e400'), /timeMs/],
    ['a negative time', withPart({ timeMs: -1 }), /timeMs/],
    ['a time past 24h', withPart({ timeMs: 86_400_001 }), /timeMs/],
    ['an unknown view', withPart({ view: 'admin' }), /view/],
    [
      'a builtin path',
      withPart({ scenario: { kind: 'builtin', name: '../secret' } }),
      /letters, digits/,
    ],
    [
      'an unknown scenario kind',
      withPart({ scenario: { kind: 'url', url: 'http://x' } }),
      /scenario/,
    ],
    [
      'a scenario text over 1,000,000 characters',
      withPart({ scenario: { kind: 'text', fileName: 'f', text: 'x'.repeat(1_000_001) } }),
      /at most 1,000,000 characters/,
    ],
    ['a log that is not a list', withPart({ log: {} }), /log/],
    [
      'decreasing times',
      withPart({ log: [5, 4].map((atMs) => ({ atMs, command: { type: 'narrate', text: 'x' } })) }),
      /log\[1\]\.atMs: actions are in time order/,
    ],
    [
      'a negative action time',
      withPart({ log: [{ atMs: -5, command: { type: 'narrate', text: 'x' } }] }),
      /log\[0\]\.atMs/,
    ],
    [
      'too many actions',
      withPart({
        log: Array.from({ length: 10_001 }, () => ({
          atMs: 0,
          command: { type: 'commit', consumer: 'c' },
        })),
      }),
      /at most 10,000 actions/,
    ],
    ['an unknown command', withCommand({ type: 'formatDisk' }), /Invalid discriminator value/],
    ['a command without a type', withCommand({ producer: 'p' }), /type/],
    [
      'an extra command field',
      withCommand({ type: 'commit', consumer: 'c', force: true }),
      /force/,
    ],
    [
      'a __proto__ key in a command',
      withCommand({}).replace('{}', '{"type":"commit","consumer":"c","__proto__":{"x":1}}'),
      /"__proto__"/,
    ],
    [
      'an empty group id',
      withCommand({ type: 'addConsumer', consumer: { id: 'c', topics: ['t'], group: '' } }),
      /a group id cannot be empty/,
    ],
    [
      'a topic name with a space',
      withCommand({ type: 'addPartitions', topic: 'my orders', count: 1 }),
      /a topic name may use only ASCII letters, digits, "\.", "_" and "-" \(Kafka's rule\), and "my orders" has a space/,
    ],
    [
      'an instanceId with a space',
      withCommand({ type: 'addConsumer', consumer: { id: 'c', topics: ['t'], instanceId: 'a b' } }),
      /an instanceId \(group\.instance\.id\) may use only ASCII letters/,
    ],
    [
      'a 250-character consumer id',
      withCommand({ type: 'commit', consumer: 'c'.repeat(250) }),
      /a consumer id is at most 249 characters; this one has 250/,
    ],
    ['a text broker id', withCommand({ type: 'killBroker', broker: '1' }), /broker/],
    ['a fractional broker id', withCommand({ type: 'killBroker', broker: 1.5 }), /broker/],
    ['a text count', withCommand({ type: 'produce', producer: 'p', count: '3' }), /count/],
    ['a huge count', withCommand({ type: 'produce', producer: 'p', count: 1e9 }), /count/],
    ['a numeric key', withCommand({ type: 'produce', producer: 'p', key: 42 }), /key/],
    [
      'a 100k-character value',
      withCommand({ type: 'produce', producer: 'p', value: 'v'.repeat(100_000) }),
      /at most 10000 characters/,
    ],
    [
      'a three-part header',
      withCommand({ type: 'produce', producer: 'p', headers: [['a', 'b', 'c']] }),
      /headers/,
    ],
    ['a negative rate', withCommand({ type: 'setProducerRate', producer: 'p', rate: -1 }), /rate/],
    [
      'an unknown partitioner',
      withCommand({ type: 'configureProducer', producer: 'p', partitioner: 'evil' }),
      /partitioner/,
    ],
    ['acks -1', withCommand({ type: 'configureProducer', producer: 'p', acks: -1 }), /acks/],
    ['a negative offset', withCommand({ type: 'seek', consumer: 'c', offset: -1 }), /offset/],
    [
      'a zero heartbeat',
      withCommand({
        type: 'addConsumer',
        consumer: { id: 'c', topics: ['t'], heartbeatIntervalMs: 0 },
      }),
      /heartbeatIntervalMs/,
    ],
    [
      'an unknown assignor',
      withCommand({
        type: 'addConsumer',
        consumer: { id: 'c', topics: ['t'], assignors: ['mine'] },
      }),
      /assignors/,
    ],
    ['adding 0 partitions', withCommand({ type: 'addPartitions', topic: 't', count: 0 }), /count/],
    ['an empty narration object', withCommand({ type: 'narrate', text: { html: '<b>' } }), /text/],
  ])('refuses %s', async (_what, json, message) => {
    const text = await refused(await pack(json));
    expect(text).toMatch(/^The share link does not describe a session: /);
    expect(text).toMatch(message);
  });

  it('takes ids every JavaScript object has (__proto__, constructor) as the names they are', async () => {
    const commands = [
      { type: 'produce', producer: '__proto__' },
      { type: 'commit', consumer: 'constructor' },
      { type: 'addConsumer', consumer: { id: 'toString', topics: ['t'], group: '__proto__' } },
    ];
    for (const command of commands) {
      const result = await decodeShare(await pack(withCommand(command)));
      expect(result.ok).toBe(true);
      if (result.ok) expect(result.value.log[0].command).toEqual(command);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a refused __proto__ key pollutes nothing', async () => {
    await refused(
      await pack(
        withCommand({}).replace(
          '{}',
          '{"__proto__":{"polluted":1},"type":"commit","consumer":"c"}',
        ),
      ),
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

// ------------------------------------------------------------------------- arbitraries

const anyText = (maxLength = 30) => fc.string({ unit: 'binary', maxLength });
/** Client and group ids: any text the name rule takes (spaces, any Unicode). */
const nameArb = fc
  .string({ unit: 'binary', minLength: 1, maxLength: 12 })
  .filter((s) => nameProblem('group', s) === null);
/** Topic names and instance ids: Kafka's characters. */
const topicArb = fc
  .stringMatching(/^[a-zA-Z0-9._-]{1,12}$/)
  .filter((s) => nameProblem('topic', s) === null);
const whole = (max: number) => fc.integer({ min: 0, max });
const offsetArb = fc.oneof(fc.constantFrom('earliest' as const, 'latest' as const), whole(1e12));
const intervalArb = fc.integer({ min: 1, max: SHARE_LIMITS.timeMs });

const keyChoiceArb = fc.record(
  {
    key: fc.option(anyText(), { nil: null }),
    keys: fc.array(anyText(), { maxLength: 4 }),
    keyOrder: fc.constantFrom('cycle' as const, 'random' as const),
  },
  { requiredKeys: [] },
);

const commandArb: fc.Arbitrary<Command> = fc.oneof(
  fc
    .tuple(
      fc.record(
        {
          producer: nameArb,
          topic: topicArb,
          value: fc.option(anyText(), { nil: null }),
          headers: fc.array(fc.tuple(anyText(10), anyText(10)), { maxLength: 3 }),
          count: whole(1000),
          partition: whole(100),
        },
        { requiredKeys: ['producer'] },
      ),
      keyChoiceArb,
    )
    .map(([c, k]): Command => ({ type: 'produce', ...c, ...k })),
  fc
    .tuple(nameArb, fc.double({ min: 0, max: 1e6, noNaN: true }), keyChoiceArb)
    .map(([producer, rate, k]): Command => ({
      type: 'setProducerRate',
      producer,
      rate: rate + 0,
      ...k,
    })),
  fc
    .record(
      {
        producer: nameArb,
        partitioner: fc.constantFrom(...PARTITIONER_NAMES),
        acks: fc.constantFrom(0 as const, 1 as const, 'all' as const),
      },
      { requiredKeys: ['producer'] },
    )
    .map((c): Command => ({ type: 'configureProducer', ...c })),
  fc
    .record(
      { consumer: nameArb, topic: topicArb, partition: whole(1000), offset: offsetArb },
      { requiredKeys: ['consumer', 'offset'] },
    )
    .map((c): Command => ({ type: 'seek', ...c })),
  anyText(200).map((text): Command => ({ type: 'narrate', text })),
  fc
    .tuple(
      fc.constantFrom('killBroker' as const, 'shutdownBroker' as const, 'restartBroker' as const),
      whole(2 ** 31 - 1),
    )
    .map(([type, broker]): Command => ({ type, broker })),
  fc
    .record(
      {
        id: nameArb,
        topics: fc.array(topicArb, { maxLength: 3 }),
        from: offsetArb,
        maxPollRecords: fc.integer({ min: 1, max: 1000 }),
        group: nameArb,
        instanceId: topicArb,
        assignors: fc.subarray([...ASSIGNOR_NAMES]),
        sessionTimeoutMs: intervalArb,
        heartbeatIntervalMs: intervalArb,
        maxPollIntervalMs: intervalArb,
        autoCommit: fc.boolean(),
        autoCommitIntervalMs: intervalArb,
      },
      { requiredKeys: ['id', 'topics'] },
    )
    .map((consumer): Command => ({ type: 'addConsumer', consumer })),
  fc
    .tuple(
      fc.constantFrom(
        'removeConsumer' as const,
        'crashConsumer' as const,
        'pauseConsumer' as const,
        'stallConsumer' as const,
        'resumeConsumer' as const,
        'commit' as const,
      ),
      nameArb,
    )
    .map(([type, consumer]): Command => ({ type, consumer })),
  fc
    .tuple(topicArb, fc.integer({ min: 1, max: 1024 }))
    .map(([topic, count]): Command => ({ type: 'addPartitions', topic, count })),
);

const timeArb = fc.double({ min: 0, max: SHARE_LIMITS.timeMs, noNaN: true }).map((t) => t + 0);

const sessionArbitrary: fc.Arbitrary<SharedSession> = fc
  .record(
    {
      scenario: fc.oneof(
        fc
          .stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,20}$/)
          .map((name) => ({ kind: 'builtin' as const, name })),
        fc.record({ kind: fc.constant('text' as const), fileName: anyText(), text: anyText(500) }),
      ),
      seed: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
      times: fc.array(timeArb, { maxLength: 12 }),
      commands: fc.array(commandArb, { minLength: 12, maxLength: 12 }),
      timeMs: timeArb,
      view: fc.constantFrom('cluster' as const, 'log' as const),
    },
    { requiredKeys: ['scenario', 'seed', 'times', 'commands', 'timeMs'] },
  )
  .map(({ times, commands, ...rest }) => ({
    ...rest,
    log: [...times].sort((a, b) => a - b).map((atMs, i) => ({ atMs, command: commands[i] })),
  }));
