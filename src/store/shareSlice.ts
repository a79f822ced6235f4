import { scenarioUrl } from './scenarioSlice';
import type { AppProblem, AppSlice, ShareOutcome, ShareSlice, SliceContext } from './slices';
import type { SharedSession } from './shareLink';

/** The share-link codec brings zod and compression: loaded when a link is made or opened. */
const shareLink = () => import('./shareLink');

/** Escapes text for an HTML attribute value in double quotes. */
export function escapeAttribute(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** "orders.yaml" → "orders-session.yaml"; a built-in "lesson-04-keys" → "lesson-04-keys-session.yaml". */
export function exportFileName(name: string): string {
  const base =
    name
      .replace(/\.(ya?ml|json)$/i, '')
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^[-.]+|[-.]+$/g, '') || 'scenario';
  return `${base.slice(0, 80)}-session.yaml`;
}

export function createShareSlice(ctx: SliceContext): AppSlice<ShareSlice> {
  return (set, get) => {
    /** What is on screen, as a shared session; null when nothing is loaded. */
    const currentSession = (): SharedSession | null => {
      const s = get();
      if (s.scenario === null || s.scenarioSource === null || s.scenarioText === null) return null;
      return {
        scenario:
          s.scenarioSource.kind === 'builtin'
            ? { kind: 'builtin', name: s.scenarioSource.name }
            : { kind: 'text', fileName: s.scenarioSource.fileName, text: s.scenarioText },
        seed: s.seed ?? s.scenario.setup.seed,
        log: [...s.sessionLog],
        timeMs: s.timeMs,
        view: s.view,
      };
    };

    const encodeCurrent = async (): Promise<{ payload: string } | { message: string }> => {
      const session = currentSession();
      if (session === null) return { message: 'Nothing is loaded to share yet' };
      const { encodeShare, MAX_SHARE_URL_CHARS } = await shareLink();
      let payload: string;
      try {
        payload = await encodeShare(session);
      } catch (error) {
        return { message: error instanceof Error ? error.message : String(error) };
      }
      if (payload.length + ctx.host.page.baseUrl().length + 7 > MAX_SHARE_URL_CHARS) {
        return {
          message: `The link would be ${payload.length.toLocaleString('en-US')} characters long, too long for a browser: use "Export session" to share a file instead`,
        };
      }
      return { payload };
    };

    const reportLinkProblem = (message: string): void => {
      const problem: AppProblem = {
        kind: 'scenario',
        title: 'The shared link could not be opened',
        details: [message],
      };
      set({ problems: [problem] });
    };

    return {
      async openShared(payload, fallback) {
        const current = ctx.beginLoad();
        const { decodeShare } = await shareLink();
        const decoded = await decodeShare(payload);
        const failed = async (message: string): Promise<boolean> => {
          if (!current()) return false;
          if (get().scenario === null && fallback !== undefined)
            await get().loadScenario({ ...fallback, share: null });
          reportLinkProblem(message);
          return false;
        };
        if (!decoded.ok) return failed(decoded.message);
        const shared = decoded.value;
        let text: string;
        let fileName: string;
        try {
          if (shared.scenario.kind === 'builtin') {
            fileName = scenarioUrl(shared.scenario.name);
            text = await ctx.host.fetcher.fetchText(fileName);
          } else {
            fileName = shared.scenario.fileName;
            text = shared.scenario.text;
          }
        } catch (error) {
          return failed(error instanceof Error ? error.message : String(error));
        }
        const scenarios = await ctx.scenarioModule();
        if (!current()) return false;
        const result = scenarios.loadScenario(text, fileName);
        if (!result.ok) {
          return failed(
            `its scenario has ${result.problems.length} problem(s): ${result.problems
              .slice(0, 3)
              .map((p) => scenarios.formatProblem(p, fileName))
              .join('; ')}`,
          );
        }
        get().pause();
        const source =
          shared.scenario.kind === 'builtin'
            ? ({ kind: 'builtin', name: shared.scenario.name } as const)
            : ({ kind: 'text', fileName: shared.scenario.fileName } as const);
        set({
          scenarioName: shared.scenario.kind === 'builtin' ? shared.scenario.name : fileName,
          scenarioFile: fileName,
          scenarioSource: source,
          scenarioText: text,
          scenario: result.value,
          seed: shared.seed,
          view: shared.view ?? get().view,
          loadStatus: 'ready',
          problems: [],
        });
        get().startRun({ untilMs: shared.timeMs, play: false, session: shared.log });
        return true;
      },

      async createShareLink(): Promise<ShareOutcome> {
        const encoded = await encodeCurrent();
        if ('message' in encoded) return { ok: false, message: encoded.message };
        const { shareUrl } = await shareLink();
        return { ok: true, text: shareUrl(ctx.host.page.baseUrl(), encoded.payload) };
      },

      async createEmbedCode({ autoplay, width, height }): Promise<ShareOutcome> {
        const s = get();
        if (s.scenario === null) return { ok: false, message: 'Nothing is loaded to embed yet' };
        const base = ctx.host.page.baseUrl();
        const query = `?embed${autoplay ? '&autoplay' : ''}`;
        let src: string;
        // A built-in lesson from its start needs no payload: a short, readable address.
        if (s.scenarioSource?.kind === 'builtin' && s.sessionLog.length === 0 && s.timeMs === 0) {
          src = `${base}${query}&scenario=${encodeURIComponent(s.scenarioSource.name)}`;
        } else {
          const encoded = await encodeCurrent();
          if ('message' in encoded) return { ok: false, message: encoded.message };
          src = `${base}${query}#share=${encoded.payload}`;
        }
        const w = Math.round(Math.min(4000, Math.max(200, width)));
        const h = Math.round(Math.min(4000, Math.max(150, height)));
        const title = `kafkascope: ${s.scenario.title}`;
        return {
          ok: true,
          text:
            `<iframe src="${escapeAttribute(src)}" width="${w}" height="${h}" ` +
            `title="${escapeAttribute(title)}" loading="lazy" style="border:0" ` +
            `sandbox="allow-scripts allow-same-origin"></iframe>`,
        };
      },

      async exportSession() {
        const s = get();
        if (s.scenario === null || s.scenarioText === null)
          return { ok: false as const, message: 'Nothing is loaded to export yet' };
        const scenarios = await ctx.scenarioModule();
        const exported = scenarios.exportSessionAsScenario(s.scenarioText, s.sessionLog, {
          seed: s.seed ?? s.scenario.setup.seed,
        });
        if (!exported.ok) return exported;
        return {
          ok: true as const,
          text: exported.text,
          fileName: exportFileName(s.scenarioName ?? 'scenario'),
        };
      },
    };
  };
}
