import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { ARTIFACTS_DIR, ENV, baseUrlFromEnv } from './paths.js';

export { expect };

export interface E2eFixtures {
  /** Saves a full-page screenshot to e2e/artifacts/<name>.png and attaches it to the report. */
  shot: (page: Page, name: string) => Promise<string>;
  /** Console errors and uncaught page errors (CSP violations included) seen by `page`. */
  pageErrors: string[];
  /** Internal: resets the server once before the first test of each spec file. */
  resetBeforeFile: void;
}

export interface E2eWorkerFixtures {
  /**
   * `POST /api/diag/reset`: wipes all data and re-seeds the defaults. Runs automatically before
   * the first test of every spec file. A spec that seeds data in `beforeAll` must call it first
   * (`test.beforeAll(async ({ resetServer }) => { await resetServer(); ... })`): the automatic
   * reset would otherwise run after that hook and wipe its data.
   */
  resetServer: () => Promise<void>;
}

/** Marker files (in the run's temp dir) survive worker restarts after a failure. */
function resetMarker(specFile: string): string {
  const runDir = process.env[ENV.runDir];
  if (!runDir) throw new Error(`${ENV.runDir} is not set: the e2e global setup did not run`);
  const id = createHash('sha256').update(specFile).digest('hex').slice(0, 16);
  return path.join(runDir, 'reset-markers', id);
}

function currentSpecFile(): string | undefined {
  try {
    return test.info().file;
  } catch {
    return undefined;
  }
}

function safeName(name: string): string {
  const clean = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '');
  if (!clean) throw new Error(`invalid screenshot name: ${JSON.stringify(name)}`);
  return clean;
}

export const test = base.extend<E2eFixtures, E2eWorkerFixtures>({
  // The server's URL is only known once global setup ran; read it here rather than trusting
  // the config to have been evaluated after it.
  // eslint-disable-next-line no-empty-pattern
  baseURL: async ({}, use) => {
    await use(baseUrlFromEnv());
  },

  resetServer: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      await use(async () => {
        const res = await fetch(`${baseUrlFromEnv()}/api/diag/reset`, {
          method: 'POST',
          signal: AbortSignal.timeout(30_000),
        });
        if (!res.ok) {
          const body = (await res.text()).slice(0, 500);
          throw new Error(`POST /api/diag/reset answered ${res.status}: ${body}`);
        }
        const file = currentSpecFile();
        if (file) await writeFile(resetMarker(file), new Date().toISOString());
      });
    },
    { scope: 'worker' },
  ],

  resetBeforeFile: [
    async ({ resetServer }, use, testInfo) => {
      if (!existsSync(resetMarker(testInfo.file))) await resetServer();
      await use();
    },
    { auto: true },
  ],

  pageErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() !== 'error') return;
      const loc = msg.location();
      const where = loc.url ? ` (${loc.url}:${loc.lineNumber})` : '';
      errors.push(`console.error: ${msg.text()}${where}`);
    });
    page.on('pageerror', (err) => errors.push(`pageerror: ${err.stack ?? err.message}`));
    await use(errors);
  },

  // eslint-disable-next-line no-empty-pattern
  shot: async ({}, use, testInfo) => {
    await mkdir(ARTIFACTS_DIR, { recursive: true });
    await use(async (page, name) => {
      const file = path.join(ARTIFACTS_DIR, `${safeName(name)}.png`);
      // Toasts are transient and cover the page's own actions: they stay out of the pictures.
      await page.screenshot({
        path: file,
        fullPage: true,
        style: '[class*="mantine-Notifications-root"] { display: none !important; }',
      });
      await testInfo.attach(name, { path: file, contentType: 'image/png' });
      return file;
    });
  },
});
