import { defineConfig } from '@playwright/test';
export default defineConfig({
  testDir: '/work/main/e2e/web',
  outputDir: '/tmp/u2/pw-results',
  timeout: 90_000,
  workers: 1,
  use: { launchOptions: { executablePath: '/usr/bin/chromium' }, viewport: { width: 1440, height: 900 } },
});
