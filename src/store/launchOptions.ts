import type { AppMode } from './slices';

/**
 * What the page's URL asks for: `?scenario=<name>` (loads `scenarios/<name>.yaml`),
 * `?seed=N`, `?t=<duration>` (run to that virtual time and pause), `?paused`, `?view=log`,
 * `?embed` (embed mode; opens paused unless `&autoplay`), `?presenter`, `?autoplay` (play a
 * scenario with captions on load; it otherwise opens paused at its first caption),
 * `?pace=off` (no holding captions for their reading time), and a shared
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
   * captions otherwise opens paused at its first caption).
   */
  autoplay?: boolean;
  /** `?pace=off`: no caption pacing (playback never holds a caption for its reading time). */
  pace?: 'captions' | 'off';
  /** `?view=log`: open on the log view instead of the cluster. */
  view: ViewName;
  /** Parameters that could not be understood, in plain words. */
  problems: string[];
}

export type ViewName = 'cluster' | 'log';

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
    problems,
  };
  const pace = params.get('pace');
  if (pace === 'off' || pace === 'captions') options.pace = pace;
  else if (pace !== null) problems.push(`?pace=${pace}: expected "captions" or "off"`);
  // Whatever follows #share= (even damaged): decoding it says what is wrong, in plain words.
  options.share = sharePayloadOf(hash);
  const view = params.get('view');
  if (view === 'log' || view === 'cluster') options.view = view;
  else if (view !== null) problems.push(`?view=${view}: expected "log" or "cluster"`);
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
