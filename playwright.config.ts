import { readFileSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

const chromium = JSON.parse(readFileSync(new URL('./scripts/chromium.json', import.meta.url), 'utf8')) as {
  defaultPath: string;
  args: string[];
};

// Browsers cannot be downloaded here: use the system Chromium (Debian's), overridable by CHROMIUM_PATH.
// The flags keep it off the closed network (scripts/chromium.json, shared with the bench).
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || chromium.defaultPath;
export const CHROMIUM_ARGS = chromium.args;

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  timeout: 60_000,
  workers: 2,
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  reporter: process.env.CI ? 'list' : 'list',
  use: {
    headless: true,
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
  },
});
