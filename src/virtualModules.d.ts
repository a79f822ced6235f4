// Modules made at build time by Vite plugins (see vite.config.ts).

declare module 'virtual:precompiled-scenarios' {
  import type { PrecompiledBuiltin } from './store/precompiledScenarios';
  /** Built-in scenario name → its precompiled form (scripts/precompileScenarios.ts). */
  export const PRECOMPILED: ReadonlyMap<
    string,
    () => Promise<{ default: PrecompiledBuiltin | null }>
  >;
}
