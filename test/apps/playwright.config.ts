import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../playwright.config.js';

// The framework apps (test/apps/*), built from the packed tarball by prepare.ts, driven in Chromium.
export default defineConfig({
  testDir: '.',
  testMatch: /test\/apps\/[^/]+\.spec\.ts$/,
  globalSetup: './prepare.ts',
  timeout: 60_000,
  workers: 2,
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  reporter: 'list',
  outputDir: '../../test-results/apps',
  use: {
    headless: true,
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
  },
});
