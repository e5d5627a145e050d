import { readFile } from 'node:fs/promises';
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

/** Results: the mission dashboard, its heat map, client coverage and the export menu. */

const VIEWPORT = { width: 1440, height: 1100 };
let admin: Credentials;
let seed: ResultsSeed;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ resetServer, browser }) => {
  await resetServer();
  admin = await prepareAdmin();
  const page = await browser.newPage();
  await apiSignIn(page, admin);
  seed = await seedResults(page.request);
  await page.close();
});

test('the dashboard is the mission’s landing tab and every number opens its tests', async ({
  page,
  shot,
}) => {
  const errors = watchErrors(page);
  await page.setViewportSize(VIEWPORT);
  await apiSignIn(page, admin);
  await page.goto(`/missions/${seed.q1}`);
  await expect(page.getByTestId('dashboard')).toBeVisible();
  // Q1: 4 reviewed, alerted + prevented = 2 of 4.
  await expect(page.getByTestId('stat-detection')).toHaveText('50 %');
  await expect(page.getByTestId('stat-prevention')).toHaveText('25 %');
  await expect(page.getByTestId('chart-levels').locator('svg')).toBeVisible();
  await expect(page.getByTestId('chart-tactics').locator('svg')).toBeVisible();
  await expect(page.getByTestId('overridden')).toHaveText('1');
  await shot(page, 'results-dashboard');
  await expectAccessible(page, 'the mission dashboard');

  await page.getByTestId('stat-detection-open').click();
  const drawer = page.getByTestId('result-tests');
  await expect(drawer.getByTestId('result-test')).toHaveCount(2);
  await expect(drawer).toContainText('Encoded PowerShell download cradle');
  await expect(drawer).toContainText('Ingress tool transfer with certutil');
  await shot(page, 'results-dashboard-drill');
  await expectAccessible(page, 'the tests behind a number');
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();

  // The export menu downloads the tests with every field.
  await page.getByTestId('export-menu').click();
  await shot(page, 'results-export-menu');
  const download = page.waitForEvent('download');
  await page.getByTestId('export-csv').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^metamorph-q1-purple-team-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = (await readFile(await file.path())).toString('utf8');
  expect(csv).toContain('Encoded PowerShell download cradle');
  expect(csv.split('\r\n')[0]).toContain('CrowdStrike Falcon prevented');
  await page.getByTestId('export-menu').click();
  const layerDownload = page.waitForEvent('download');
  await page.getByTestId('export-layer').click();
  const layerFile = await layerDownload;
  expect(layerFile.suggestedFilename()).toMatch(/^q1-purple-team-layer-\d{4}-\d{2}-\d{2}\.json$/);
  const layer = JSON.parse((await readFile(await layerFile.path())).toString('utf8')) as {
    versions: { layer: string };
    techniques: Array<{ techniqueID: string; score?: number }>;
  };
  expect(layer.versions.layer).toBe('4.5');
  expect(layer.techniques.find((x) => x.techniqueID === 'T1105')?.score).toBe(100);

  // "Open in plan": the plan tab with the same filter, removable.
  await page.getByTestId('stat-detection-open').click();
  await drawer.getByTestId('result-tests-open-plan').click();
  await expect(page.getByTestId('plan-result-filter')).toContainText('2 tests');
  await expect(page.getByTestId('plan-test-link')).toHaveCount(2);
  await expect(page.getByTestId('plan-scenario-count')).toHaveText('2 of 4 tests');
  await shot(page, 'results-plan-filtered');
  await expectAccessible(page, 'the plan filtered by a number');
  await page.getByTestId('plan-result-filter-clear').click();
  await expect(page.getByTestId('plan-result-filter')).toBeHidden();
  await expect(page.getByTestId('plan-test-link')).toHaveCount(4);
  await page.getByTestId('tab-dashboard').click();

  await page.getByTestId('stat-detection-open').click();
  await drawer.getByRole('link', { name: 'Encoded PowerShell download cradle' }).click();
  await expect(page).toHaveURL(/\/tests\//);
  expect(unexpectedErrors(errors)).toEqual([]);
});

test('the heat map colours techniques by worst, best or latest and lists their tests', async ({
  page,
  shot,
}) => {
  const errors = watchErrors(page);
  await page.setViewportSize(VIEWPORT);
  await apiSignIn(page, admin);
  await page.goto(`/missions/${seed.q2}?tab=heatmap`);
  const cell = (id: string) => page.locator(`[data-testid="matrix-cell"][data-technique="${id}"]`);
  await expect(page.getByTestId('heatmap')).toBeVisible();
  await expect(cell('T1105')).toContainText('1/1');
  await expect(cell('T1027')).toContainText('1/1');
  // Phishing's test is still pending: the cell says 0 of 1, uncoloured.
  await expect(cell('T1566')).not.toHaveAttribute('style', /--mm-cell-bg/);
  await shot(page, 'results-heatmap');
  await expectAccessible(page, 'the mission heat map');
  await page.getByTestId('heatmap-rule').getByText('Best').click();
  await expect(page).toHaveURL(/rule=best/);
  await cell('T1105').getByRole('link').first().click();
  const drawer = page.getByTestId('result-tests');
  await expect(drawer.getByTestId('result-test')).toHaveCount(1);
  await expect(drawer).toContainText('Ingress tool transfer with certutil');
  await shot(page, 'results-heatmap-drill');
  // "Open in plan" from a cell: the plan shows that technique's test alone, also after a reload.
  await drawer.getByTestId('result-tests-open-plan').click();
  await expect(page).toHaveURL(/tab=plan/);
  await expect(page.getByTestId('plan-result-filter')).toContainText('Filtered: Tests of T1105');
  await page.reload();
  await expect(page.getByTestId('plan-test-link')).toHaveCount(1);
  await expect(page.getByTestId('plan-test-link')).toContainText('Ingress tool transfer');
  await shot(page, 'results-heatmap-plan-filtered');
  expect(unexpectedErrors(errors)).toEqual([]);
});

test('client coverage shows the trend, the regression and the improvement', async ({
  page,
  shot,
}) => {
  const errors = watchErrors(page);
  await page.setViewportSize(VIEWPORT);
  await apiSignIn(page, admin);
  await page.goto('/clients');
  await page
    .getByTestId('client-row')
    .filter({ hasText: 'Initech' })
    .getByTestId('client-coverage')
    .click();
  await expect(page.getByTestId('coverage-page')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Coverage — Initech' })).toBeVisible();
  await expect(page.getByTestId('chart-trend').locator('svg')).toBeVisible();
  const regressions = page.getByTestId('coverage-regressions');
  await expect(regressions).toContainText('T1059.001');
  await expect(regressions).toContainText('Encoded PowerShell download cradle');
  await expect(page.getByTestId('coverage-improvements')).toContainText('T1027');
  await expect(page.getByTestId('coverage-latest-rate')).toHaveText('66.7 %');
  await shot(page, 'results-coverage');
  await expectAccessible(page, 'the coverage page');
  // Narrowed to Q1 alone there is nothing to compare: no regression, Q1's rate.
  await page.getByTestId('coverage-missions').click();
  await page.getByRole('option', { name: 'Q1 purple team' }).click();
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(/missions=/);
  await expect(page.getByTestId('coverage-regressions-count')).toHaveText('0');
  await expect(page.getByTestId('coverage-latest-rate')).toHaveText('50 %');
  await shot(page, 'results-coverage-one-mission');

  // The other pickers narrow the heat map too, each kept in the URL.
  const painted = () =>
    page
      .locator('[data-technique][data-decorated]')
      .evaluateAll((cells) => cells.map((c) => c.getAttribute('data-technique')).sort());
  await page.goto(`/coverage?client=${seed.clientId}`);
  await expect.poll(painted).toEqual(['T1027', 'T1059.001', 'T1105', 'T1566.001']);
  await page.getByTestId('coverage-tags').fill('loader');
  await page.getByTestId('coverage-tags').press('Enter');
  await expect(page).toHaveURL(/tags=loader/);
  await expect.poll(painted).toEqual(['T1059.001']);
  await shot(page, 'results-coverage-tag');
  await page.goto(`/coverage?client=${seed.clientId}`);
  await page.getByTestId('coverage-platforms').click();
  await page.getByRole('option', { name: 'Linux' }).click();
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(/platforms=Linux/);
  await expect.poll(painted).toEqual(['T1105']);
  // From February on only Q2 counts: phishing never got an outcome there.
  await page.goto(`/coverage?client=${seed.clientId}`);
  await page.getByLabel('From').fill('2026-02-01');
  await expect(page).toHaveURL(/from=2026-02-01/);
  await expect(page.getByTestId('coverage-latest-rate')).toHaveText('66.7 %');
  await expect.poll(painted).toEqual(['T1027', 'T1059.001', 'T1105']);
  await expect(page.getByTestId('chart-trend')).toBeHidden(); // one mission: no trend
  await shot(page, 'results-coverage-from');
  // The Navigator layer exports what the page shows.
  await expect(page.getByTestId('coverage-layer')).toHaveAttribute('href', /from=2026-02-01/);
  await expectAccessible(page, 'the coverage page with a date range');
  // The main menu leads to the same page.
  await page.getByRole('link', { name: 'Coverage', exact: true }).first().click();
  await expect(page).toHaveURL(/\/coverage/);
  expect(unexpectedErrors(errors)).toEqual([]);
});

test('techniques with open findings are marked; the drawer lists their findings', async ({
  page,
  shot,
}) => {
  const errors = watchErrors(page);
  await page.setViewportSize(VIEWPORT);
  await apiSignIn(page, admin);
  // A finding on Q2's PowerShell test (the regression), open.
  const plan = (await (
    await page.request.get(`/api/missions/${seed.q2}/plan`, { headers: API_HEADERS })
  ).json()) as { scenarios: Array<{ tests: Array<{ id: string; snapshot_name: string }> }> };
  const ps = plan.scenarios
    .flatMap((s) => s.tests)
    .find((t) => t.snapshot_name === 'Encoded PowerShell download cradle')!;
  await post(page.request, `/api/missions/${seed.q2}/findings`, {
    title: 'Encoded PowerShell no longer detected',
    severity: 'high',
    test_ids: [ps.id],
  });
  await page.goto(`/coverage?client=${seed.clientId}`);
  // Techniques and sub-techniques alike.
  const cell = (id: string) => page.locator(`[data-testid^="matrix-"][data-technique="${id}"]`);
  await expect(cell('T1059.001')).toContainText('0/1 ⚑1');
  await expect(cell('T1105')).not.toContainText('⚑');
  await expect(page.getByTestId('coverage-findings')).toContainText(
    'F-1 Encoded PowerShell no longer detected',
  );
  await shot(page, 'results-coverage-findings');
  await expectAccessible(page, 'the coverage page with open findings');
  // The technique opens in its latest mission's heat map: the drawer lists the finding first.
  await cell('T1059.001').getByRole('link').first().click();
  await expect(page).toHaveURL(/tab=heatmap&technique=T1059\.001/);
  const findings = page.getByTestId('technique-findings');
  await expect(findings).toContainText('1 open finding');
  await expect(findings.getByRole('link')).toHaveAttribute('href', /tab=findings&finding=/);
  await shot(page, 'results-heatmap-drawer-findings');
  await expectAccessible(page, 'the technique drawer with its findings');
  // The link opens the finding itself on the mission's Findings tab.
  await findings.getByRole('link').first().click();
  await expect(page.getByTestId('findings-tab')).toBeVisible();
  await expect(page.getByTestId('finding-editor')).toBeVisible();
  await expect(page).not.toHaveURL(/finding=/);
  expect(unexpectedErrors(errors)).toEqual([]);
});
