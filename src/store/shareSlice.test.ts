import { describe, expect, it } from 'vitest';
import { createAppStore } from './appStore';
import { parseLaunchOptions } from './launchOptions';
import { escapeAttribute, exportFileName } from './shareSlice';
import { createFakeHost, fakeScenarioModule, lessonFixture } from './testKit';

const FILES = { 'scenarios/default.yaml': 'lesson', 'scenarios/other.yaml': 'lesson' };

function newStore() {
  const host = createFakeHost(FILES);
  const store = createAppStore({
    host,
    scenarioModule: async () => fakeScenarioModule({ lesson: lessonFixture() }),
  });
  return { host, store };
}

/** The fragment of a link ("#share=…"). */
const fragmentOf = (url: string): string => url.slice(url.indexOf('#'));

describe('share links', () => {
  it('a copied link opened in a fresh store reproduces the moment: hash, time, actions', async () => {
    const a = newStore().store;
    await a.getState().loadScenario(parseLaunchOptions('?t=4s'));
    a.getState().act({ type: 'killBroker', broker: 2 });
    a.getState().runTo(9000);
    a.getState().act({
      type: 'produce',
      producer: 'checkout',
      key: '<img src=x onerror=alert(1)>',
    });
    a.getState().seek(7500);
    const link = await a.getState().createShareLink();
    expect(link.ok).toBe(true);
    if (!link.ok) return;
    expect(link.text.startsWith('https://kafkascope.test/app/#share=')).toBe(true);

    const b = newStore().store;
    await b.getState().loadScenario(parseLaunchOptions('', fragmentOf(link.text)));
    const sa = a.getState();
    const sb = b.getState();
    expect(sb.problems).toEqual([]);
    expect(sb.timeMs).toBe(7500);
    expect(sb.playing).toBe(false);
    expect(sb.sessionLog).toEqual(sa.sessionLog);
    expect(sb.snapshot!.traceHash).toBe(sa.snapshot!.traceHash);
    // And the shared future plays on the same: the later action is still in the session.
    a.getState().seek(12_000);
    b.getState().seek(12_000);
    expect(b.getState().snapshot!.traceHash).toBe(a.getState().snapshot!.traceHash);
  });

  it('a damaged link on a fresh page says so and loads the scenario the address names', async () => {
    const { store } = newStore();
    await store.getState().loadScenario(parseLaunchOptions('?scenario=other', '#share=1AAAA'));
    const s = store.getState();
    expect(s.loadStatus).toBe('ready');
    expect(s.scenarioName).toBe('other');
    expect(s.problems.map((p) => p.title)).toEqual(['The shared link could not be opened']);
    expect(s.problems[0].details[0].length).toBeGreaterThan(10);
  });

  it('a damaged link opened in a running page leaves the run untouched', async () => {
    const { store } = newStore();
    await store.getState().loadScenario(parseLaunchOptions('?t=3s'));
    store.getState().act({ type: 'killBroker', broker: 1 });
    const before = store.getState().snapshot!.traceHash;
    for (const bad of [
      '',
      '1',
      '1%%%',
      '9abc',
      '1' + 'A'.repeat(5000),
      '<script>alert(1)</script>',
    ]) {
      expect(await store.getState().openShared(bad)).toBe(false);
      const s = store.getState();
      expect(s.snapshot!.traceHash).toBe(before);
      expect(s.sessionLog).toHaveLength(1);
      expect(s.problems[0].title).toBe('The shared link could not be opened');
    }
  });

  it('embed code: a short address for a lesson from its start, a shared session otherwise; attributes escaped', async () => {
    const { store } = newStore();
    await store.getState().loadScenario(parseLaunchOptions('?paused'));
    const plain = await store
      .getState()
      .createEmbedCode({ autoplay: true, width: 800, height: 500 });
    expect(plain).toEqual({
      ok: true,
      text:
        '<iframe src="https://kafkascope.test/app/?embed&amp;autoplay&amp;scenario=default" width="800" height="500" ' +
        'title="kafkascope: Keys pick partitions" loading="lazy" style="border:0" sandbox="allow-scripts allow-same-origin"></iframe>',
    });
    store.getState().runTo(2000);
    const shared = await store
      .getState()
      .createEmbedCode({ autoplay: false, width: 10, height: 99_999 });
    expect(shared.ok && shared.text).toMatch(
      /src="https:\/\/kafkascope\.test\/app\/\?embed#share=1[A-Za-z0-9_-]+" width="200" height="4000"/,
    );
  });

  it('escapes what a scenario title may contain', () => {
    expect(escapeAttribute(`"><script>alert('x')</script>&`)).toBe(
      '&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;',
    );
  });

  it('export file names are tame', () => {
    expect(exportFileName('orders.yaml')).toBe('orders-session.yaml');
    expect(exportFileName('lesson-04-keys')).toBe('lesson-04-keys-session.yaml');
    expect(exportFileName('../../etc/<passwd>.json')).toBe('etc-passwd-session.yaml');
    expect(exportFileName('')).toBe('scenario-session.yaml');
  });
});

describe('loads race', () => {
  it('the latest load wins: a file opened while the page still loads is not replaced', async () => {
    const host = createFakeHost(FILES);
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const fetchText = host.fetcher.fetchText;
    host.fetcher.fetchText = async (url) => {
      await gate;
      return fetchText(url);
    };
    const store = createAppStore({
      host,
      scenarioModule: async () => fakeScenarioModule({ lesson: lessonFixture({ title: 'mine' }) }),
    });
    const pageLoad = store.getState().loadScenario(parseLaunchOptions('?scenario=other'));
    await store.getState().openScenarioText('lesson', 'mine.yaml');
    release();
    await pageLoad;
    expect(store.getState().scenarioName).toBe('mine.yaml');
    expect(store.getState().scenarioSource).toEqual({ kind: 'text', fileName: 'mine.yaml' });
  });
});

describe('?scenarioUrl=', () => {
  it('loads a scenario from an address as text, which links then carry', async () => {
    const host = createFakeHost({ 'https://example.org/my.yaml': 'lesson' });
    const store = createAppStore({
      host,
      scenarioModule: async () => fakeScenarioModule({ lesson: lessonFixture() }),
    });
    await store
      .getState()
      .loadScenario(parseLaunchOptions('?scenarioUrl=https://example.org/my.yaml&paused'));
    const s = store.getState();
    expect(s.loadStatus).toBe('ready');
    expect(s.scenarioSource).toEqual({ kind: 'text', fileName: 'https://example.org/my.yaml' });
    expect(s.scenarioText).toBe('lesson');
  });

  it('a file too large is refused with its size', async () => {
    const host = createFakeHost({ 'https://example.org/big.yaml': 'x'.repeat(1_000_001) });
    const store = createAppStore({
      host,
      scenarioModule: async () => fakeScenarioModule({ lesson: lessonFixture() }),
    });
    await store
      .getState()
      .loadScenario(parseLaunchOptions('?scenarioUrl=https://example.org/big.yaml'));
    const s = store.getState();
    expect(s.loadStatus).toBe('failed');
    expect(s.problems[0].details[0]).toMatch(/1,000,001 characters/);
  });
});
