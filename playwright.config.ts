import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

// Browser tests run against the production build (`vite build` → dist/) served by `vite preview`.
// Run them with `npm run test:e2e` (scripts/e2e.mjs): it locates Chromium (scripts/findBrowser.mjs),
// builds, and sets KAFKASCOPE_CHROMIUM. Running `npx playwright test` directly also works after
// `npx vite build` when KAFKASCOPE_CHROMIUM is set or a Debian Chromium is installed.

// KAFKASCOPE_E2E_PORT lets two checkouts run their browser tests side by side.
const PORT = Number(process.env.KAFKASCOPE_E2E_PORT) || 4173;
const baseURL = `http://localhost:${PORT}`;
const CI = !!process.env.CI;

const executablePath =
  process.env.KAFKASCOPE_CHROMIUM ||
  process.env.CHROMIUM_PATH ||
  ['/usr/lib/chromium/chromium', '/usr/bin/chromium'].find((file) => existsSync(file)) ||
  undefined; // Playwright's own Chromium (`npx playwright install chromium`)

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/e2e-artifacts', // not test-results/ itself: Playwright empties its outputDir
  timeout: 30_000,
  workers: 2,
  retries: 0, // in CI too: a flaky test is a failing test
  forbidOnly: CI,
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    locale: 'en-US',
    timezoneId: 'UTC',
    viewport: { width: 1280, height: 800 },
  },
  projects: [
    {
      name: 'chromium',
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath,
          // The network is closed: keep Chromium from reaching out for updates, sync and components.
          args: [
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
          ],
        },
      },
    },
  ],
  webServer: {
    command: `npx vite preview --port ${PORT} --strictPort`,
    url: baseURL,
    reuseExistingServer: !CI,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
