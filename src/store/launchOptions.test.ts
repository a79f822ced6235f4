import { describe, expect, it } from 'vitest';
import { parseDurationMs, parseLaunchOptions } from './launchOptions';

describe('parseDurationMs', () => {
  it.each([
    ['12s', 12_000],
    ['1500ms', 1500],
    ['1.5s', 1500],
    ['2m', 120_000],
    ['1m30s', 90_000],
    ['12000', 12_000],
  ])('%s → %d ms', (text, ms) => expect(parseDurationMs(text)).toBe(ms));

  it.each(['', 'soon', '12 parsecs', 's', '-1s', '12sx'])('rejects %j', (text) =>
    expect(parseDurationMs(text)).toBeNull(),
  );
});

describe('parseLaunchOptions', () => {
  it('defaults to the default scenario, playing', () => {
    expect(parseLaunchOptions('')).toEqual({
      scenario: 'default',
      scenarioGiven: false,
      mode: 'app',
      share: null,
      seed: null,
      untilMs: null,
      paused: false,
      autoplay: false,
      view: 'cluster',
      problems: [],
    });
  });

  it('reads ?autoplay and ?pace', () => {
    expect(parseLaunchOptions('?autoplay')).toMatchObject({ autoplay: true, paused: false });
    expect(parseLaunchOptions('?pace=off').pace).toBe('off');
    expect(parseLaunchOptions('').pace).toBeUndefined();
    expect(parseLaunchOptions('?pace=fast').problems).toEqual([
      '?pace=fast: expected "captions" or "off"',
    ]);
  });

  it('reads ?view=log', () => {
    expect(parseLaunchOptions('?view=log').view).toBe('log');
    expect(parseLaunchOptions('?view=table').problems).toEqual([
      '?view=table: expected "log" or "cluster"',
    ]);
  });

  it('reads scenario, seed, t and paused', () => {
    expect(parseLaunchOptions('?scenario=failover&seed=9&t=12s&paused')).toMatchObject({
      scenario: 'failover',
      seed: 9,
      untilMs: 12_000,
      paused: true,
    });
  });

  it('explains what it cannot read', () => {
    const { problems } = parseLaunchOptions('?scenario=../etc/passwd&seed=x&t=later');
    expect(problems).toHaveLength(3);
  });
});

describe('modes and shared sessions', () => {
  it('?embed opens paused unless ?autoplay; ?presenter', () => {
    expect(parseLaunchOptions('?embed&scenario=keys')).toMatchObject({
      mode: 'embed',
      paused: true,
      scenario: 'keys',
      scenarioGiven: true,
    });
    expect(parseLaunchOptions('?embed&autoplay')).toMatchObject({ mode: 'embed', paused: false });
    expect(parseLaunchOptions('?presenter')).toMatchObject({ mode: 'presenter', paused: false });
    expect(parseLaunchOptions('?embed=false')).toMatchObject({ mode: 'app' });
  });

  it('#share= carries the payload, damaged or not; other fragments are ignored', () => {
    expect(parseLaunchOptions('', '#share=1abc_-')).toMatchObject({
      share: '1abc_-',
      problems: [],
    });
    expect(parseLaunchOptions('', 'share=1xyz').share).toBe('1xyz');
    expect(parseLaunchOptions('', '#share=<script>').share).toBe('<script>');
    expect(parseLaunchOptions('', '#top').share).toBeNull();
    expect(parseLaunchOptions('').share).toBeNull();
  });
});

describe('?scenarioUrl=', () => {
  it('takes http(s) addresses and paths on this server', () => {
    expect(parseLaunchOptions('?scenarioUrl=https://example.org/a.yaml').scenarioUrl).toBe(
      'https://example.org/a.yaml',
    );
    expect(parseLaunchOptions('?scenarioUrl=/docs/lesson.yaml').scenarioUrl).toBe(
      '/docs/lesson.yaml',
    );
  });

  it.each([
    'javascript:alert(1)',
    '//evil.example/x.yaml',
    'data:text/yaml,a',
    'file:///etc/passwd',
    '',
  ])('refuses %j with a problem', (url) => {
    const options = parseLaunchOptions(`?scenarioUrl=${encodeURIComponent(url)}`);
    expect(options.scenarioUrl ?? null).toBeNull();
    expect(options.problems[0]).toMatch(/^\?scenarioUrl=/);
  });
});
