import type { Page } from '@playwright/test';
import { expectAccessible } from '../a11y.js';
import {
  API_HEADERS,
  apiSignIn,
  prepareAdmin,
  unexpectedErrors,
  type Credentials,
} from '../auth-helpers.js';
import { watchErrors } from '../execution-helpers.js';
import { expect, test } from '../fixtures.js';
import { post } from '../mission-helpers.js';
import { seedResults, type ResultsSeed } from '../results-helpers.js';

/**
 * The light colour scheme (the user's choice, kept in localStorage): the pages a lead shows a
 * client, checked by axe-core like the dark default in the other specs (serious / critical 0).
 */

const VIEWPORT = { width: 1440, height: 1000 };
let admin: Credentials;
let seed: ResultsSeed;
let testId: string;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ resetServer, browser }) => {
  await resetServer();
  admin = await prepareAdmin();
  const page = await browser.newPage();
  await apiSignIn(page, admin);
  seed = await seedResults(page.request);
  const plan = (await (
    await page.request.get(`/api/missions/${seed.q1}/plan`, { headers: API_HEADERS })
  ).json()) as { scenarios: Array<{ tests: Array<{ id: string }> }> };
  testId = plan.scenarios[0]!.tests[0]!.id;
  await post(page.request, `/api/missions/${seed.q1}/findings`, {
    title: 'Obfuscated scripts are not detected',
    severity: 'medium',
    test_ids: [plan.scenarios[0]!.tests[2]!.id],
  });
  await page.close();
});

async function light(page: Page): Promise<void> {
  await page.addInitScript(() => localStorage.setItem('metamorph-color-scheme', 'light'));
  await page.setViewportSize(VIEWPORT);
  await apiSignIn(page, admin);
}

const PAGES: Array<{ name: string; url: () => string; ready: (p: Page) => Promise<void> }> = [
  {
    name: 'the mission dashboard',
    url: () => `/missions/${seed.q1}`,
    ready: (p) => expect(p.getByTestId('chart-levels').locator('svg')).toBeVisible(),
  },
  {
    name: 'the mission plan',
    url: () => `/missions/${seed.q1}?tab=plan`,
    ready: (p) => expect(p.getByTestId('plan-test').first()).toBeVisible(),
  },
  {
    name: 'the mission heat map',
    url: () => `/missions/${seed.q2}?tab=heatmap`,
    ready: (p) => expect(p.getByTestId('heatmap')).toBeVisible(),
  },
  {
    name: 'the findings tab',
    url: () => `/missions/${seed.q1}?tab=findings`,
    ready: (p) => expect(p.getByTestId('finding-row')).toHaveCount(1),
  },
  {
    name: 'the reports tab',
    url: () => `/missions/${seed.q1}?tab=report`,
    ready: (p) => expect(p.getByTestId('reports-tab')).toBeVisible(),
  },
  {
    name: 'a test page with both sides',
    url: () => `/missions/${seed.q1}/tests/${testId}`,
    ready: (p) => expect(p.getByTestId('execution-state')).toBeVisible(),
  },
  {
    name: 'client coverage',
    url: () => `/coverage?client=${seed.clientId}`,
    ready: (p) => expect(p.getByTestId('coverage-latest-rate')).toBeVisible(),
  },
  {
    name: 'the missions list',
    url: () => '/missions',
    ready: (p) => expect(p.getByText('Q2 purple team')).toBeVisible(),
  },
  {
    name: 'the library',
    url: () => '/library',
    ready: (p) => expect(p.getByTestId('library-table')).toBeVisible(),
  },
  {
    name: 'the ATT&CK matrix',
    url: () => '/attack',
    ready: (p) => expect(p.getByTestId('matrix-search')).toBeVisible(),
  },
  {
    name: 'the users page',
    url: () => '/admin/users',
    ready: (p) => expect(p.getByTestId('user-row').first()).toBeVisible(),
  },
];

test('the pages a client sees meet WCAG 2.2 AA in the light scheme too', async ({ page, shot }) => {
  test.setTimeout(240_000);
  const errors = watchErrors(page);
  await light(page);
  // Every page is checked; the failure lists all of them at once.
  const problems: string[] = [];
  for (const [i, p] of PAGES.entries()) {
    await page.goto(p.url());
    await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'light');
    await p.ready(page);
    await shot(page, `light-${String(i + 1).padStart(2, '0')}`);
    await expectAccessible(page, `${p.name} (light scheme)`).catch((e: Error) =>
      problems.push(e.message),
    );
  }
  expect(problems).toEqual([]);
  expect(unexpectedErrors(errors)).toEqual([]);
});
