import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { precompiledScenarios } from './scripts/precompileScenarios.ts';
import { DEFAULT_SCENARIO } from './src/store/launchOptions.ts';

export default defineConfig({
  plugins: [
    react(),
    // Built-in scenarios compiled at build time: no YAML parser or schema for the first picture.
    precompiledScenarios({ dir: 'public/scenarios', defaultScenario: DEFAULT_SCENARIO }),
  ],
  base: './',
  build: {
    target: 'es2022',
    sourcemap: true,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            {
              // The first screen's small modules that lazy chunks share too: one chunk, not
              // one request each (engine/light, runtime/light and what they re-export).
              name: 'first-screen',
              test: /\/src\/(engine\/(light|names|quorum)|runtime\/(light|activity|metrics|eventTime)|ui\/editorText)\.ts$/,
            },
          ],
        },
      },
    },
  },
  test: {
    // Playwright specs live in e2e/ and must not be picked up by Vitest.
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'scripts/**/*.test.ts'],
    environment: 'node',
    // Whole simulated runs (checkpoints, drivers, property tests) take 1–3 s alone and went
    // past the 5 s default on a loaded 2-core machine; a timeout is not an assertion.
    testTimeout: 20_000,
  },
});
