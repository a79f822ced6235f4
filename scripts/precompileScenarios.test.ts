import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createWorld, snapshot } from '../src/engine';
import {
  loadScenario,
  precompileScenario,
  revivePrecompiled,
  textHash,
  type CompiledScenario,
} from '../src/scenario';
import { createSimulationDriver } from '../src/runtime';
import {
  DEFAULT_EVENT_LIMIT,
  decodeExact,
  encodeExact,
  firstFrameOf,
  openingMs,
  type FirstFrame,
  type PrecompiledBuiltin,
} from '../src/store';
import { builtinScenarioNames, precompiledFor, preloadScript } from './precompileScenarios';

/**
 * The page loads built-in scenarios precompiled at build time (scripts/precompileScenarios.ts);
 * what it gets must be what parsing the file gives, for every built-in scenario, so the two
 * can never drift apart.
 */
const DIR = fileURLToPath(new URL('../public/scenarios/', import.meta.url));
const NAMES = builtinScenarioNames(DIR);
const layer = {
  loadScenario,
  precompileScenario,
  createSimulationDriver,
  firstFrameOf,
  encodeExact,
  DEFAULT_EVENT_LIMIT,
};

/** As the page gets it: through the JSON text the build writes into the scenario's module. */
function asShipped(data: PrecompiledBuiltin | null): PrecompiledBuiltin | null {
  return JSON.parse(JSON.stringify(data)) as PrecompiledBuiltin | null;
}

function withoutChecks(s: CompiledScenario) {
  return {
    ...s,
    expectations: s.expectations.map(({ check: _check, ...rest }) => rest),
    questions: s.questions.map(({ answerOn: _answerOn, ...rest }) => rest),
    challenge:
      s.challenge === null
        ? null
        : {
            ...s.challenge,
            solvedWhen: s.challenge.solvedWhen.map(({ check: _check, ...rest }) => rest),
          },
  };
}

describe('precompiled built-in scenarios', () => {
  it('cover every file in public/scenarios', () => {
    expect(NAMES.length).toBeGreaterThanOrEqual(30);
    expect(NAMES).toContain('default');
  });

  describe.each(NAMES)('%s', (name) => {
    const text = readFileSync(`${DIR}${name}.yaml`, 'utf8');

    it('revives to the identical compiled scenario', () => {
      const parsed = loadScenario(text, `scenarios/${name}.yaml`);
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) return;
      const shipped = asShipped(precompiledFor(layer, name, text));
      expect(shipped).not.toBeNull();
      const revived = revivePrecompiled(shipped as PrecompiledBuiltin);
      expect(withoutChecks(revived)).toStrictEqual(withoutChecks(parsed.value));
      // The rebuilt checks are the same expectations: same verdicts on the same state.
      const state = snapshot(createWorld(parsed.value.setup));
      expect(revived.expectations.map((e) => e.check(state))).toStrictEqual(
        parsed.value.expectations.map((e) => e.check(state)),
      );
      // So are the questions' answers and the challenge's goal.
      expect(revived.questions.map((q) => q.answerOn(state))).toStrictEqual(
        parsed.value.questions.map((q) => q.answerOn(state)),
      );
      expect(revived.challenge?.solvedWhen.map((e) => e.check(state))).toStrictEqual(
        parsed.value.challenge?.solvedWhen.map((e) => e.check(state)),
      );
    });

    it('ships the first frame the engine makes of the revived scenario, exactly', () => {
      const shipped = asShipped(precompiledFor(layer, name, text));
      expect(shipped?.firstFrame).not.toBeNull();
      if (shipped === null) return;
      const first = decodeExact(shipped.firstFrame) as FirstFrame;
      // What the page's store does once the engine has loaded (playbackSlice's startRun).
      const revived = revivePrecompiled(shipped);
      const driver = createSimulationDriver(DEFAULT_EVENT_LIMIT);
      driver.start(revived, revived.setup.seed, []);
      const atMs = openingMs(revived, revived.captions.length === 0);
      driver.runUntil(atMs);
      const frame = driver.frame();
      expect(first.seed).toBe(revived.setup.seed);
      expect(first.atMs).toBe(atMs);
      expect(first.timeMs).toBe(driver.timeMs());
      // Prototypes included (the engine's dicts have none): toStrictEqual compares them.
      expect(first.state).toStrictEqual({
        snapshot: frame.snapshot,
        recentEvents: frame.recentEvents,
        narration: frame.narration,
        partitionCountChanges: frame.partitionCountChanges,
        activity: frame.activity,
        timeline: frame.timeline,
        expectationResults: frame.expectationResults,
      });
      expect(first.state.snapshot.traceHash).toBe(frame.snapshot.traceHash);
    });

    it('knows the exact text it was compiled from', () => {
      const shipped = asShipped(precompiledFor(layer, name, text)) as PrecompiledBuiltin;
      expect(shipped.textHash).toBe(textHash(text));
      expect(textHash(`${text} `)).not.toBe(shipped.textHash);
      expect(textHash(text.replace(/\d/, (d) => String((Number(d) + 1) % 10)))).not.toBe(
        shipped.textHash,
      );
    });
  });

  it('a file with problems is not precompiled (the page parses it and shows them)', () => {
    expect(precompiledFor(layer, 'broken', 'title: x\n')).toBeNull();
  });
});

describe('the preload script in index.html', () => {
  const files = { default: './assets/default-1.js', keys: './assets/keys-2.js' };
  /** The hrefs the script preloads for a page at `search` and `hash`. */
  function preloaded(search: string, hash = ''): string[] {
    const added: { rel?: string; href?: string; crossOrigin?: string }[] = [];
    const document = {
      createElement: () => ({}),
      head: { appendChild: (link: (typeof added)[number]) => added.push(link) },
    };
    new Function('location', 'document', preloadScript(files, 'default'))(
      { search, hash },
      document,
    );
    expect(added.every((l) => l.rel === 'modulepreload' && l.crossOrigin === '')).toBe(true);
    return added.map((l) => l.href as string);
  }

  it('preloads the chunk of the scenario the address names, else the default', () => {
    expect(preloaded('')).toEqual(['./assets/default-1.js']);
    expect(preloaded('?scenario=keys&t=5s')).toEqual(['./assets/keys-2.js']);
    expect(preloaded('?scenario=')).toEqual(['./assets/default-1.js']);
  });

  it('preloads nothing for other names, files from the web or shared links', () => {
    expect(preloaded('?scenario=mine')).toEqual([]);
    expect(preloaded('?scenario=constructor')).toEqual([]);
    expect(preloaded('?scenarioUrl=https://example.test/a.yaml')).toEqual([]);
    expect(preloaded('', '#share=abc')).toEqual([]);
  });
});
