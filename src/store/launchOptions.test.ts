import { describe, expect, it } from 'vitest';
import { parseDurationMs, parseLaunchOptions, startMomentOf } from './launchOptions';

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
      startCaption: null,
      display: { chrome: 'full', caption: 'on', theme: null, fit: false },
      origin: null,
      problems: [],
      warnings: [],
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

  it('reads ?view=log and ?view=processing, and says whether the address named a view', () => {
    expect(parseLaunchOptions('?view=log').view).toBe('log');
    expect(parseLaunchOptions('?view=log').viewGiven).toBe(true);
    expect(parseLaunchOptions('?view=processing').view).toBe('processing');
    expect(parseLaunchOptions('?scenario=x').viewGiven).toBeUndefined();
    expect(parseLaunchOptions('?view=table').problems).toEqual([
      '?view=table: expected "log", "cluster" or "processing"',
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

describe('embed display parameters', () => {
  it('&chrome= defaults to minimal in embed mode and full elsewhere', () => {
    expect(parseLaunchOptions('?embed').display?.chrome).toBe('minimal');
    expect(parseLaunchOptions('').display?.chrome).toBe('full');
    expect(parseLaunchOptions('?presenter').display?.chrome).toBe('full');
    for (const chrome of ['full', 'minimal', 'none'])
      expect(parseLaunchOptions(`?embed&chrome=${chrome}`).display?.chrome).toBe(chrome);
  });

  it('&caption=, &theme= and &fit', () => {
    for (const caption of ['on', 'off', 'below'])
      expect(parseLaunchOptions(`?embed&caption=${caption}`).display?.caption).toBe(caption);
    for (const theme of ['light', 'dark', 'auto'])
      expect(parseLaunchOptions(`?theme=${theme}`).display?.theme).toBe(theme);
    expect(parseLaunchOptions('?embed&fit').display?.fit).toBe(true);
    expect(parseLaunchOptions('?embed&fit=0').display?.fit).toBe(false);
    expect(parseLaunchOptions('?embed').display).toEqual({
      chrome: 'minimal',
      caption: 'on',
      theme: null,
      fit: false,
    });
  });

  it('&panel=logs shows the log view, &panel=cluster the cluster', () => {
    expect(parseLaunchOptions('?embed&panel=logs').view).toBe('log');
    expect(parseLaunchOptions('?embed&panel=cluster').view).toBe('cluster');
    expect(parseLaunchOptions('?embed&view=log&panel=cluster').view).toBe('cluster');
    expect(parseLaunchOptions('?embed&panel=processing').view).toBe('processing');
  });

  it('unknown values warn and fall back to the default, never stopping the page', () => {
    const options = parseLaunchOptions(
      '?embed&chrome=tiny&caption=above&theme=blue&panel=grid&start=middle&origin=javascript:alert(1)',
    );
    expect(options.problems).toEqual([]);
    expect(options.display).toEqual({ chrome: 'minimal', caption: 'on', theme: null, fit: false });
    expect(options.view).toBe('cluster');
    expect(options.startCaption).toBeNull();
    expect(options.origin).toBeNull();
    expect(options.warnings).toEqual([
      '&chrome=tiny: expected one of "full", "minimal", "none"; using the default',
      '&caption=above: expected one of "on", "off", "below"; using the default',
      '&theme=blue: expected one of "light", "dark", "auto"; using the default',
      expect.stringMatching(/^&origin=javascript:alert\(1\): expected an origin/),
      '&start=middle: expected caption:N with N = 1, 2, …; starting at the beginning',
      '&panel=grid: expected "cluster", "logs" or "processing"; using the default',
    ]);
  });

  it('&origin= takes an http(s) origin only', () => {
    expect(parseLaunchOptions('?embed&origin=https://docs.example.org').origin).toBe(
      'https://docs.example.org',
    );
    expect(parseLaunchOptions('?embed&origin=https://docs.example.org/').origin).toBe(
      'https://docs.example.org',
    );
    expect(parseLaunchOptions('?embed&origin=http://localhost:8080').origin).toBe(
      'http://localhost:8080',
    );
    for (const bad of [
      '*',
      'null',
      'https://docs.example.org/page',
      'docs.example.org',
      'file:///x',
    ])
      expect(parseLaunchOptions(`?embed&origin=${encodeURIComponent(bad)}`).origin, bad).toBeNull();
  });

  it('&start=caption:N opens paused there unless &autoplay', () => {
    expect(parseLaunchOptions('?start=caption:3')).toMatchObject({ startCaption: 3, paused: true });
    expect(parseLaunchOptions('?embed&start=caption:2&autoplay')).toMatchObject({
      startCaption: 2,
      paused: false,
      autoplay: true,
    });
    expect(parseLaunchOptions('?start=caption:0').startCaption).toBeNull();
  });
});

describe('startMomentOf', () => {
  const captions = [{ atMs: 0 }, { atMs: 4000 }, { atMs: 9000 }];
  const base = { untilMs: null, paused: false, startCaption: null, autoplay: false };

  it('without &start: the start, playing unless paused; &t= wins', () => {
    expect(startMomentOf(base, captions)).toEqual({ untilMs: null, play: true, warning: null });
    expect(startMomentOf({ ...base, paused: true }, captions).play).toBe(false);
    expect(startMomentOf({ ...base, untilMs: 7000, startCaption: 2 }, captions)).toEqual({
      untilMs: 7000,
      play: false,
      warning: null,
    });
  });

  it('the N-th caption (1-based), paused unless autoplay; past the last: the last', () => {
    expect(startMomentOf({ ...base, startCaption: 2, paused: true }, captions)).toEqual({
      untilMs: 4000,
      play: false,
      warning: null,
    });
    expect(startMomentOf({ ...base, startCaption: 2, autoplay: true }, captions).play).toBe(true);
    const past = startMomentOf({ ...base, startCaption: 7 }, captions);
    expect(past.untilMs).toBe(9000);
    expect(past.warning).toMatch(/has 3 captions/);
    expect(startMomentOf({ ...base, startCaption: 1 }, []).warning).toMatch(/no captions/);
  });
});
