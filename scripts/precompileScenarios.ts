import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Plugin } from 'vite';
import type * as Runtime from '../src/runtime';
import type * as Scenarios from '../src/scenario';
import type * as Store from '../src/store';
import type { PrecompiledBuiltin } from '../src/store';

/**
 * The built-in scenarios (public/scenarios/*.yaml), compiled at build time, so the page's
 * first load of one needs neither the YAML parser nor the schema validator:
 *
 *   virtual:precompiled-scenarios        `PRECOMPILED`: name → () => import(its module)
 *   virtual:precompiled-scenario/<name>  `default`: its PrecompiledBuiltin (null if the file
 *                                        has problems: the page parses it and shows them)
 *
 * With it comes the scenario's first frame, run by the real engine here (store/firstFrame.ts):
 * the page draws its first picture from it and loads the engine after.
 *
 * Each scenario is its own small chunk; a script in index.html modulepreloads the one the
 * address names (or the default), so the first picture is one request step from the HTML.
 * The YAML files are still served as they are (the editor shows them byte for byte, and the
 * page checks a served file against the fingerprint it was compiled from).
 */

const INDEX_ID = 'virtual:precompiled-scenarios';
const ONE_PREFIX = 'virtual:precompiled-scenario/';

/** The names of the built-in scenarios: the .yaml files in `dir`, sorted. */
export function builtinScenarioNames(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort();
}

/** What precompiling needs from the scenario layer, the runtime and the store. */
export type ScenarioLayer = Pick<typeof Scenarios, 'loadScenario' | 'precompileScenario'> &
  Pick<typeof Runtime, 'createSimulationDriver'> &
  Pick<typeof Store, 'firstFrameOf' | 'encodeExact' | 'DEFAULT_EVENT_LIMIT'>;

/** What the page gets for built-in scenario `name` whose file is `text` (null: it has problems). */
export function precompiledFor(
  layer: ScenarioLayer,
  name: string,
  text: string,
): PrecompiledBuiltin | null {
  const result = layer.loadScenario(text, `scenarios/${name}.yaml`);
  if (!result.ok) return null;
  // A run that fails at its start has no first frame: the page then waits for the engine,
  // which reports the failure as usual.
  let firstFrame: unknown;
  try {
    firstFrame = layer.encodeExact(
      layer.firstFrameOf(layer.createSimulationDriver(layer.DEFAULT_EVENT_LIMIT), result.value),
    );
  } catch {
    firstFrame = null;
  }
  return { ...layer.precompileScenario(result.value, text), firstFrame };
}

/**
 * The scenario layer and the runtime, imported through tsx when a build first needs them:
 * importing them statically would bundle the whole scenario layer and engine into
 * vite.config.ts's own bundle (slower start for every Vite and Vitest run, and warnings
 * about every import).
 */
async function importScenarioLayer(root: string): Promise<ScenarioLayer> {
  const { tsImport } = await import('tsx/esm/api');
  const load = async (...file: string[]) =>
    (await tsImport(
      pathToFileURL(path.join(root, 'src', ...file)).href,
      import.meta.url,
    )) as object;
  const [scenarios, runtime, firstFrames] = await Promise.all([
    load('scenario', 'index.ts'),
    load('runtime', 'index.ts'),
    load('store', 'firstFrame.ts'),
  ]);
  return { ...scenarios, ...runtime, ...firstFrames } as ScenarioLayer;
}

export function precompiledScenarios(options: {
  /** The folder of the built-in scenarios. */
  dir: string;
  /** The scenario the page opens without `?scenario=`: its chunk is modulepreloaded. */
  defaultScenario: string;
}): Plugin {
  const dir = path.resolve(options.dir);
  let base = '/';
  let root = process.cwd();
  let layer: Promise<ScenarioLayer> | null = null;
  return {
    name: 'kafkascope:precompiled-scenarios',
    configResolved(config) {
      base = config.base;
      root = config.root;
    },
    resolveId(id) {
      if (id === INDEX_ID || id.startsWith(ONE_PREFIX)) return `\0${id}`;
      return null;
    },
    async load(id) {
      if (id === `\0${INDEX_ID}`) {
        this.addWatchFile(dir);
        const entries = builtinScenarioNames(dir).map(
          (name) =>
            `  [${JSON.stringify(name)}, () => import(${JSON.stringify(ONE_PREFIX + name)})],`,
        );
        return `export const PRECOMPILED = new Map([\n${entries.join('\n')}\n]);\n`;
      }
      if (id.startsWith(`\0${ONE_PREFIX}`)) {
        const name = id.slice(1 + ONE_PREFIX.length);
        if (!builtinScenarioNames(dir).includes(name)) return 'export default null;\n';
        const file = path.join(dir, `${name}.yaml`);
        this.addWatchFile(file);
        layer ??= importScenarioLayer(root);
        const data = precompiledFor(await layer, name, readFileSync(file, 'utf8'));
        // JSON.parse of a string literal: faster to load than the same object as JS.
        return `export default JSON.parse(${JSON.stringify(JSON.stringify(data))});\n`;
      }
      return null;
    },
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const files: Record<string, string> = {};
        for (const chunk of Object.values(ctx.bundle ?? {})) {
          const id = chunk.type === 'chunk' ? chunk.facadeModuleId : null;
          if (id?.startsWith(`\0${ONE_PREFIX}`) === true)
            files[id.slice(1 + ONE_PREFIX.length)] = `${base}${chunk.fileName}`;
        }
        if (Object.keys(files).length === 0) return html;
        // Before the entry and the stylesheet (a classic script after a stylesheet waits for
        // it), after the <meta charset> (which must come within the first 1,024 bytes).
        const script = `<script>${preloadScript(files, options.defaultScenario)}</script>\n    `;
        const at = html.indexOf('<script type="module"');
        return at === -1
          ? html.replace('</head>', `${script}</head>`)
          : html.slice(0, at) + script + html.slice(at);
      },
    },
  };
}

/**
 * A classic script run while the HTML is parsed: a modulepreload for the chunk of the built-in
 * scenario the address names (`?scenario=`, else the default), so it arrives with the entry,
 * one request step from the HTML. Nothing for a shared link or a file from the web.
 */
export function preloadScript(files: Record<string, string>, defaultScenario: string): string {
  return `(function () {
  var files = ${JSON.stringify(files)};
  var params = new URLSearchParams(location.search);
  if (params.has('scenarioUrl') || location.hash.indexOf('#share=') === 0) return;
  var name = params.get('scenario') || ${JSON.stringify(defaultScenario)};
  if (!Object.prototype.hasOwnProperty.call(files, name)) return;
  var link = document.createElement('link');
  link.rel = 'modulepreload';
  link.crossOrigin = '';
  link.href = files[name];
  document.head.appendChild(link);
})();`;
}
