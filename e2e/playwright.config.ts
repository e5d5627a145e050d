import { defineConfig } from '@playwright/test';
import { ENV } from './paths.js';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * One Metamorph server (started by global setup on a free port with a fresh temp DATA_DIR) serves
 * every spec, serially. Debian's Chromium is driven directly: no browser download ever happens.
 * No `--user-data-dir` is passed: Playwright gives every launch a fresh temporary profile and
 * deletes it afterwards.
 */
export default defineConfig({
  testDir: 'specs',
  outputDir: 'test-results',
  globalSetup: './global-setup.ts',
  globalTeardown: './global-teardown.ts',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: 'list',
  // The long scenario specs (plan a mission, the blind-mission lead, red/blue execution) take
  // 20–34 s on a loaded two-CPU CI machine; 30 s cut three of them off mid-axe-scan.
  timeout: 90_000,
  expect: { timeout: 10_000 },
  use: {
    // Set by global setup before workers start (the fixtures read it again to be sure).
    baseURL: process.env[ENV.baseUrl],
    browserName: 'chromium',
    headless: true,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    },
  },
});
