// Playwright: the web mode in Debian's Chromium (/usr/bin/chromium; no browser download), and the desktop app
// through _electron where an Electron binary exists. Servers are started by the fixtures in e2e/fixtures/ (one
// temp library each, on an ephemeral port), not by `webServer`, so specs never share state by accident.
// Screenshots of every test are kept as artifacts under test-results/.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  outputDir: '../test-results',
  // 2 cores shared with indexing workers and the server: one browser at a time keeps timings honest.
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['html', { open: 'never', outputFolder: '../playwright-report' }]],
  use: {
    screenshot: 'on',
    trace: 'retain-on-failure',
    viewport: { width: 1440, height: 900 },
  },
  projects: [
    {
      name: 'web',
      testDir: './web',
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath: process.env.SEEDSCOPE_CHROMIUM ?? '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
          ],
        },
      },
    },
    {
      name: 'electron',
      testDir: './electron',
    },
  ],
});
