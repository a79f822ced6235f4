import type { AppMode } from './slices';

/** `&chrome=`: the app's controls (full), one compact bar (minimal) or only the picture (none). */
export type ChromeName = 'full' | 'minimal' | 'none';
/** `&caption=`: the lesson's caption above the picture (on), hidden (off) or under it (below). */
export type CaptionPlacement = 'on' | 'off' | 'below';
/** `&theme=`: light or dark colours, or the system's choice (auto). */
export type ThemeName = 'light' | 'dark' | 'auto';

export const CHROME_NAMES: readonly ChromeName[] = ['full', 'minimal', 'none'];
export const CAPTION_PLACEMENTS: readonly CaptionPlacement[] = ['on', 'off', 'below'];
export const THEME_NAMES: readonly ThemeName[] = ['light', 'dark', 'auto'];

/** How the page is laid out and coloured: read from the address, independent of the run. */
export interface DisplayOptions {
  /** Default: minimal in embed mode, full otherwise. */
  chrome: ChromeName;
  caption: CaptionPlacement;
  /** Null when the address does not say: the remembered choice (or auto) applies. */
  theme: ThemeName | null;
  /** `&fit`: the picture scales to the frame instead of scrolling inside it. */
  fit: boolean;
}

/**
 * What the page's URL asks for: `?scenario=<name>` (loads `scenarios/<name>.yaml`),
 * `?seed=N`, `?t=<duration>` (run to that virtual time and pause), `?paused`, `?view=log`,
 * `?embed` (embed mode; opens paused unless `&autoplay`), `?presenter`, `?autoplay` (play a
 * scenario with captions on load; it otherwise opens paused at its first caption),
 * `?pace=off` (no holding captions for their reading time), `?questions=off` (no stopping at
 * questions), and a shared
 * session in the fragment (`#share=<payload>`, made by "Copy link").
 */
export interface LaunchOptions {
  scenario: string;
  /** Whether `?scenario=` named it (else the default): a saved session is restored only if not. */
  scenarioGiven?: boolean;
  /** app, presenter (`?presenter`) or embed (`?embed`). */
  mode?: AppMode;
  /** The `#share=` payload, still encoded. */
  share?: string | null;
  /** `?scenarioUrl=`: a scenario file on the web (http or https, or a path on this server). */
  scenarioUrl?: string | null;
  seed: number | null;
  /** Run to this virtual time, then pause. */
  untilMs: number | null;
  paused: boolean;
  /**
   * `?autoplay`: play on load even though the scenario has captions (a scenario with
   * captions otherwise opens paused at its first caption, an embed and `&start=` paused).
   */
  autoplay?: boolean;
  /** `?pace=off`: no caption pacing (playback never holds a caption for its reading time). */
  pace?: 'captions' | 'off';
  /** `?questions=off`: playback does not stop at the lesson's questions (`ask` steps). */
  questions?: 'on' | 'off';
  /**
   * `?memoryBudget=N`: the records a run may hold, lowered from the engine's budget (it can
   * only be lowered), to see a run stop at its budget without waiting for millions of records.
   */
  memoryBudget?: number;
  /**
   * `?view=log` / `?view=processing`: the main view to open on. Unless given (`viewGiven`), a
   * scenario with streams applications opens on the processing view, others on the cluster.
   */
  view: ViewName;
  /** Whether the address named the view (`?view=`, `&panel=`). */
  viewGiven?: boolean;
  /** `&start=caption:N`: open at the N-th caption (1-based), paused there unless `&autoplay`. */
  startCaption?: number | null;
  /** `&chrome=`, `&caption=`, `&theme=`, `&fit` (see `DisplayOptions`). */
  display?: DisplayOptions;
  /**
   * `&origin=`: the only origin the embed API (postMessage) takes messages from and posts to;
   * null: the origin of `document.referrer`.
   */
  origin?: string | null;
  /** Parameters that could not be understood, in plain words: the page shows them, no run. */
  problems: string[];
  /**
   * Display parameters with values kafkascope does not know, in plain words: the page logs
   * them to the console and uses the default, so an embed never shows a blank frame.
   */
  warnings?: string[];
}

/** The main area: the cluster picture, every partition's log, or the streams applications' processing. */
export type ViewName = 'cluster' | 'log' | 'processing';

export const DEFAULT_SCENARIO = 'default';
const SCENARIO_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

const flag = (params: URLSearchParams, name: string): boolean =>
  params.has(name) && params.get(name) !== 'false' && params.get(name) !== '0';

/** `#share=<payload>` → the payload (not yet checked), or null when the fragment is no share. */
export function sharePayloadOf(hash: string): string | null {
  const prefix = hash.startsWith('#') ? hash.slice(1) : hash;
  return prefix.startsWith('share=') ? prefix.slice('share='.length) : null;
}

export function parseLaunchOptions(search: string, hash = ''): LaunchOptions {
  const params = new URLSearchParams(search);
  const problems: string[] = [];
  const warnings: string[] = [];
  const mode: AppMode = flag(params, 'embed')
    ? 'embed'
    : flag(params, 'presenter')
      ? 'presenter'
      : 'app';
  const options: LaunchOptions = {
    scenario: DEFAULT_SCENARIO,
    scenarioGiven: false,
    mode,
    share: null,
    seed: null,
    untilMs: null,
    // Embedded in someone's page, a scenario waits for the reader unless asked to autoplay.
    paused: flag(params, 'paused') || (mode === 'embed' && !flag(params, 'autoplay')),
    autoplay: flag(params, 'autoplay'),
    view: 'cluster',
    startCaption: null,
    display: {
      chrome:
        oneOf(params, 'chrome', CHROME_NAMES, warnings) ?? (mode === 'embed' ? 'minimal' : 'full'),
      caption: oneOf(params, 'caption', CAPTION_PLACEMENTS, warnings) ?? 'on',
      theme: oneOf(params, 'theme', THEME_NAMES, warnings),
      fit: flag(params, 'fit'),
    },
    origin: originOf(params, warnings),
    problems,
    warnings,
  };
  const start = params.get('start');
  if (start !== null) {
    const match = /^caption:(\d+)$/.exec(start.trim());
    const n = match === null ? NaN : Number(match[1]);
    if (Number.isSafeInteger(n) && n >= 1) {
      options.startCaption = n;
      options.paused = !options.autoplay;
    } else
      warnings.push(
        `&start=${start}: expected caption:N with N = 1, 2, …; starting at the beginning`,
      );
  }
  const pace = params.get('pace');
  if (pace === 'off' || pace === 'captions') options.pace = pace;
  else if (pace !== null) problems.push(`?pace=${pace}: expected "captions" or "off"`);
  const budget = params.get('memoryBudget');
  if (budget !== null) {
    const n = Number(budget);
    if (/^\d+$/.test(budget) && n >= 1) options.memoryBudget = n;
    else problems.push(`?memoryBudget=${budget}: expected a whole number of records (at least 1)`);
  }
  const questions = params.get('questions');
  if (questions === 'off' || questions === 'on') options.questions = questions;
  else if (questions !== null) problems.push(`?questions=${questions}: expected "on" or "off"`);
  // Whatever follows #share= (even damaged): decoding it says what is wrong, in plain words.
  options.share = sharePayloadOf(hash);
  const view = params.get('view');
  if (view === 'log' || view === 'cluster' || view === 'processing') {
    options.view = view;
    options.viewGiven = true;
  } else if (view !== null)
    problems.push(`?view=${view}: expected "log", "cluster" or "processing"`);
  // `&panel=` names the picture an embed shows; `?view=` (the full app's own) says the same.
  const panel = params.get('panel');
  const panelView =
    panel === 'logs' || panel === 'log'
      ? 'log'
      : panel === 'cluster' || panel === 'processing'
        ? panel
        : null;
  if (panelView !== null) {
    options.view = panelView;
    options.viewGiven = true;
  } else if (panel !== null)
    warnings.push(`&panel=${panel}: expected "cluster", "logs" or "processing"; using the default`);
  const scenario = params.get('scenario');
  if (scenario !== null && scenario !== '') {
    if (SCENARIO_NAME.test(scenario)) {
      options.scenario = scenario;
      options.scenarioGiven = true;
    } else problems.push(`?scenario=${scenario}: a scenario name is letters, digits, "-" and "_"`);
  }
  const seed = params.get('seed');
  if (seed !== null) {
    const n = Number(seed);
    if (seed.trim() !== '' && Number.isSafeInteger(n)) options.seed = n;
    else problems.push(`?seed=${seed}: expected a whole number`);
  }
  const scenarioUrl = params.get('scenarioUrl');
  if (scenarioUrl !== null) {
    if (/^https?:\/\/[^\s]+$/i.test(scenarioUrl) || /^\/(?!\/)[^\s]*$/.test(scenarioUrl))
      options.scenarioUrl = scenarioUrl;
    else
      problems.push(
        `?scenarioUrl=${scenarioUrl}: expected an http or https address, or a path on this server starting with "/"`,
      );
  }
  const t = params.get('t');
  if (t !== null) {
    const ms = parseDurationMs(t);
    if (ms !== null) options.untilMs = ms;
    else problems.push(`?t=${t}: expected a duration such as 12s, 1500ms, 2m or 1m30s`);
  }
  return options;
}

/** A value from a fixed list, or null (absent, or unknown: then a warning says so). */
function oneOf<T extends string>(
  params: URLSearchParams,
  name: string,
  allowed: readonly T[],
  warnings: string[],
): T | null {
  const value = params.get(name);
  if (value === null) return null;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  const choices = allowed.map((a) => `"${a}"`).join(', ');
  warnings.push(`&${name}=${value}: expected one of ${choices}; using the default`);
  return null;
}

/** `&origin=https://host.example`: an http(s) origin, nothing else (no path, no wildcard). */
function originOf(params: URLSearchParams, warnings: string[]): string | null {
  const value = params.get('origin');
  if (value === null) return null;
  const origin = httpOrigin(value);
  if (origin !== null && value.replace(/\/$/, '') === origin) return origin;
  warnings.push(
    `&origin=${value}: expected an origin such as https://docs.example.org (scheme, host and port, no path); using the embedding page's origin`,
  );
  return null;
}

/** The origin of an http or https address; null for anything else. */
export function httpOrigin(address: string): string | null {
  try {
    const url = new URL(address);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null;
  }
}

/**
 * Where a run opens: `&t=` if given, else the `&start=caption:N`'s moment (N past the last
 * caption: the last one, with a warning), else 0. `play`: whether it plays from there.
 */
export function startMomentOf(
  options: Pick<LaunchOptions, 'untilMs' | 'paused' | 'startCaption' | 'autoplay'>,
  captions: readonly { atMs: number }[],
): { untilMs: number | null; play: boolean; warning: string | null } {
  const n = options.startCaption ?? null;
  if (options.untilMs !== null || n === null)
    return {
      untilMs: options.untilMs,
      play: options.untilMs === null && !options.paused,
      warning: null,
    };
  if (captions.length === 0)
    return {
      untilMs: null,
      play: options.autoplay === true,
      warning: `&start=caption:${n}: this scenario has no captions; starting at the beginning`,
    };
  const index = Math.min(n, captions.length) - 1;
  return {
    untilMs: captions[index].atMs,
    play: options.autoplay === true,
    warning:
      n > captions.length
        ? `&start=caption:${n}: this scenario has ${captions.length} captions; starting at the last`
        : null,
  };
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** "12s", "1500ms", "1.5s", "2m", "1m30s"; a bare number is milliseconds. */
export function parseDurationMs(text: string): number | null {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const part = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;
  let total = 0;
  let end = 0;
  for (let match = part.exec(trimmed); match !== null; match = part.exec(trimmed)) {
    total += Number(match[1]) * UNIT_MS[match[2]];
    end = part.lastIndex;
  }
  return end > 0 && end === trimmed.length ? total : null;
}
