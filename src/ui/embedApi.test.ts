import { describe, expect, it } from 'vitest';
import { createAppStore, parseLaunchOptions } from '../store';
import { createFakeHost, fakeScenarioModule, lessonFixture } from '../store/testKit';
import {
  embedOrigin,
  readEmbedCommand,
  startEmbedApi,
  TIME_EVENT_INTERVAL_MS,
  type EmbedWindow,
} from './embedApi';

const HOST_ORIGIN = 'https://docs.example.org';
const LESSON = lessonFixture({
  captions: [
    { atMs: 0, text: 'A producer sends keyed records.', readingMs: 3000, focus: [] },
    {
      atMs: 5000,
      text: 'The same key always lands in the same partition.',
      readingMs: 3000,
      focus: [],
    },
  ],
});

/** A frame whose parent records what it is sent; `send` delivers a message to the frame. */
function fakeFrame() {
  const posted: { message: Record<string, unknown>; targetOrigin: string }[] = [];
  const parent = {
    postMessage: (message: unknown, targetOrigin: string) =>
      posted.push({ message: message as Record<string, unknown>, targetOrigin }),
  };
  const listeners: ((event: MessageEvent) => void)[] = [];
  const win: EmbedWindow = {
    parent,
    addEventListener: (_type, listener) => listeners.push(listener),
    removeEventListener: (_type, listener) => listeners.splice(listeners.indexOf(listener), 1),
  };
  const send = (data: unknown, origin = HOST_ORIGIN, source: unknown = parent) => {
    for (const listener of [...listeners]) listener({ data, origin, source } as MessageEvent);
  };
  return { win, posted, send, listeners };
}

async function setup() {
  const host = createFakeHost({ 'scenarios/default.yaml': 'lesson' });
  const store = createAppStore({
    host,
    scenarioModule: async () => fakeScenarioModule({ lesson: LESSON }),
  });
  const frame = fakeFrame();
  let nowMs = 0;
  let timers: { dueMs: number; callback: () => void }[] = [];
  const stop = startEmbedApi(store, frame.win, {
    origin: HOST_ORIGIN,
    nowMs: () => nowMs,
    setTimer: (callback, ms) => timers.push({ dueMs: nowMs + ms, callback }),
    clearTimer: () => {},
  });
  await store.getState().loadScenario(parseLaunchOptions('?embed&scenario=default'));
  await Promise.resolve(); // `ready` goes out once the load has reached its start moment
  const types = () => frame.posted.map((p) => p.message.type);
  const last = (type: string) =>
    frame.posted.filter((p) => p.message.type === `kafkascope:${type}`).at(-1)?.message;
  /** Wall time passes: due timers fire, then a frame of playback. */
  const tick = (ms: number) => {
    nowMs += ms;
    const due = timers.filter((t) => t.dueMs <= nowMs);
    timers = timers.filter((t) => t.dueMs > nowMs);
    due.forEach((t) => t.callback());
    host.frame(ms);
  };
  const runTimers = () => tick(TIME_EVENT_INTERVAL_MS);
  return { store, host, frame, stop, types, last, tick, runTimers };
}

describe('embed API: messages in', () => {
  it('reads only known commands with valid fields', () => {
    expect(readEmbedCommand({ type: 'kafkascope:play' })).toEqual({ type: 'kafkascope:play' });
    expect(readEmbedCommand({ type: 'kafkascope:seek', timeMs: 1500 })).toEqual({
      type: 'kafkascope:seek',
      timeMs: 1500,
    });
    expect(readEmbedCommand({ type: 'kafkascope:seek', caption: 2 })).toEqual({
      type: 'kafkascope:seek',
      caption: 2,
    });
    for (const bad of [
      null,
      'kafkascope:play',
      { type: 'play' },
      { type: 'kafkascope:eval', code: 'alert(1)' },
      { type: 'kafkascope:seek' },
      { type: 'kafkascope:seek', timeMs: -1 },
      { type: 'kafkascope:seek', timeMs: '1000' },
      { type: 'kafkascope:seek', timeMs: Infinity },
      { type: 'kafkascope:seek', caption: 0 },
      { type: 'kafkascope:seek', caption: 1.5 },
    ])
      expect(readEmbedCommand(bad), JSON.stringify(bad)).toBeNull();
  });

  it('play, pause and seek (to a time or a caption) drive the run', async () => {
    const { store, frame } = await setup();
    expect(store.getState().playing).toBe(false);
    frame.send({ type: 'kafkascope:play' });
    expect(store.getState().playing).toBe(true);
    frame.send({ type: 'kafkascope:pause' });
    expect(store.getState().playing).toBe(false);
    frame.send({ type: 'kafkascope:seek', timeMs: 3200 });
    expect(store.getState().timeMs).toBe(3200);
    frame.send({ type: 'kafkascope:seek', caption: 2 });
    expect(store.getState().timeMs).toBe(5000);
    expect(store.getState().narration?.text).toBe(
      'The same key always lands in the same partition.',
    );
    frame.send({ type: 'kafkascope:seek', caption: 99 }); // past the last: the last
    expect(store.getState().timeMs).toBe(5000);
  });

  it('ignores messages from another origin, or not from the parent window', async () => {
    const { store, frame } = await setup();
    frame.send({ type: 'kafkascope:play' }, 'https://evil.example');
    frame.send({ type: 'kafkascope:play' }, 'null');
    frame.send({ type: 'kafkascope:play' }, HOST_ORIGIN, { postMessage() {} });
    frame.send({ type: 'kafkascope:seek', timeMs: 4000 }, 'https://docs.example.org.evil.example');
    expect(store.getState()).toMatchObject({ playing: false, timeMs: 0 });
    frame.send({ type: 'kafkascope:play' });
    expect(store.getState().playing).toBe(true);
  });

  it('stops listening when stopped', async () => {
    const { frame, stop } = await setup();
    stop();
    expect(frame.listeners).toHaveLength(0);
  });
});

describe('embed API: events out', () => {
  it('posts only to the allowed origin', async () => {
    const { frame } = await setup();
    expect(frame.posted.length).toBeGreaterThan(0);
    expect(new Set(frame.posted.map((p) => p.targetOrigin))).toEqual(new Set([HOST_ORIGIN]));
  });

  it('ready (with the state) and the first caption, once loaded', async () => {
    const { types, last } = await setup();
    expect(types().slice(0, 2)).toEqual(['kafkascope:ready', 'kafkascope:caption']);
    expect(last('ready')).toEqual({
      type: 'kafkascope:ready',
      version: 1,
      playing: false,
      timeMs: 0,
      durationMs: 30_000,
      title: 'Keys pick partitions',
      scenario: 'default',
      captionCount: 2,
    });
    expect(last('caption')).toEqual({
      type: 'kafkascope:caption',
      index: 1,
      text: 'A producer sends keyed records.',
      atMs: 0,
    });
  });

  it('state when playing starts or stops, and in answer to seek and getState', async () => {
    const { frame, last, types } = await setup();
    frame.send({ type: 'kafkascope:play' });
    expect(last('state')).toMatchObject({ playing: true, timeMs: 0, durationMs: 30_000 });
    frame.send({ type: 'kafkascope:pause' });
    expect(last('state')).toMatchObject({ playing: false });
    const before = types().length;
    frame.send({ type: 'kafkascope:getState' });
    expect(types().slice(before)).toEqual(['kafkascope:state']);
    frame.send({ type: 'kafkascope:seek', timeMs: 2000 });
    expect(last('state')).toMatchObject({ playing: false, timeMs: 2000 });
  });

  it('time at most 4 a second while playing, the last change always sent', async () => {
    const { store, frame, tick, runTimers, types, last } = await setup();
    frame.send({ type: 'kafkascope:play' });
    const before = types().length;
    for (let i = 0; i < 60; i++) tick(1000 / 60); // one second of frames
    frame.send({ type: 'kafkascope:pause' });
    const pausedAtMs = Math.round(store.getState().timeMs);
    expect(pausedAtMs).toBeCloseTo(1000, 6);
    runTimers();
    const times = types()
      .slice(before)
      .filter((t) => t === 'kafkascope:time');
    expect(times.length).toBeGreaterThanOrEqual(3);
    expect(times.length).toBeLessThanOrEqual(1000 / TIME_EVENT_INTERVAL_MS + 1);
    // The trailing event: where the run stopped.
    expect(last('time')).toEqual({ type: 'kafkascope:time', timeMs: pausedAtMs, playing: false });
  });

  it('caption when the caption on screen changes, with its 1-based index', async () => {
    const { frame } = await setup();
    frame.send({ type: 'kafkascope:seek', timeMs: 6000 });
    frame.send({ type: 'kafkascope:seek', timeMs: 7000 }); // same caption: nothing new
    const captions = frame.posted
      .map((p) => p.message)
      .filter((m) => m.type === 'kafkascope:caption');
    expect(captions.map((c) => c.index)).toEqual([1, 2]);
    expect(captions[1]).toMatchObject({
      text: 'The same key always lands in the same partition.',
      atMs: 5000,
    });
  });
});

describe('embedOrigin', () => {
  it('&origin= first, else the referrer’s origin, else none', () => {
    expect(embedOrigin(HOST_ORIGIN, 'https://other.example/page')).toBe(HOST_ORIGIN);
    expect(embedOrigin(null, 'https://docs.example.org/guide/intro?x=1')).toBe(HOST_ORIGIN);
    expect(embedOrigin(null, '')).toBeNull();
    expect(embedOrigin(null, 'about:blank')).toBeNull();
  });
});
