// Modules made at build time by Vite plugins (see vite.config.ts).

declare module 'virtual:precompiled-scenarios' {
  import type { PrecompiledScenario } from './scenario/precompiled';
  /** Built-in scenario name → its precompiled form (scripts/precompileScenarios.ts). */
  export const PRECOMPILED: ReadonlyMap<
    string,
    () => Promise<{ default: PrecompiledScenario | null }>
  >;
}
