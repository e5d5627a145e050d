import { readFile } from 'node:fs/promises';
import { expectAccessible } from '../a11y.js';
import { apiSignIn, prepareAdmin, unexpectedErrors, type Credentials } from '../auth-helpers.js';
import { watchErrors } from '../execution-helpers.js';
import { expect, test } from '../fixtures.js';
import { editFindingElsewhere, findingsOf, reviewAllPrevented } from '../findings-helpers.js';
import { choose } from '../mission-helpers.js';
import { seedResults, type ResultsSeed } from '../results-helpers.js';

/**
 * Findings, remediation and retest: drafted from Q1's gaps, reviewed and accepted, edited (with
 * a conflict), retested in a new mission whose reviews close them, and compared before / after.
 */

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

/** The browser logs the conflict's 409 by design. */
const expected = (errors: string[]) =>
  unexpectedErrors(errors).filter((e) => !/status of 409/.test(e));

test('draft findings from the gaps, review them and accept', async ({ page, shot }) => {
  const errors = watchErrors(page);
  await page.setViewportSize(VIEWPORT);
  await apiSignIn(page, admin);
  await page.goto(`/missions/${seed.q1}?tab=findings`);
  await expect(page.getByTestId('findings-empty')).toBeVisible();
  await shot(page, 'findings-empty');

  await page.getByTestId('findings-draft').click();
  const dialog = page.getByTestId('draft-dialog');
  await expect(dialog).toHaveAttribute('data-status', 'review');
  // Q1: obfuscation not detected (no rule) and phishing only logged: two groups.
  await expect(dialog.getByTestId('proposal')).toHaveCount(2);
  await expect(dialog.getByTestId('draft-stats')).toContainText('2 gaps among 4 reviewed tests');
  const first = dialog.getByTestId('proposal').first();
  await first.getByTestId('proposal-title').fill('No rule for obfuscated scheduled-task scripts');
  await first.getByTestId('proposal-expand').click();
  await expect(first.getByTestId('proposal-recommendation')).toBeVisible();
  await shot(page, 'findings-draft-review');
  await expectAccessible(page, 'the draft review');
  await dialog.getByTestId('draft-accept').click();
  await expect(dialog).toBeHidden();

  const rows = page.getByTestId('finding-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText('F-1');
  await expect(rows.first()).toContainText('No rule for obfuscated scheduled-task scripts');
  await expect(rows.first().getByTestId('finding-test-count')).toHaveText('1');
  await shot(page, 'findings-list');
  await expectAccessible(page, 'the findings list');

  // Filters: by severity and by status.
  await choose(page, page.getByTestId('findings-filter-status'), 'Retest failed');
  await expect(rows).toHaveCount(0);
  await page.getByTestId('findings-filter-status').click();
  await page.getByRole('option', { name: 'Not closed' }).click();
  await expect(rows).toHaveCount(2);
  expect(expected(errors)).toEqual([]);
});

test('edit a finding: owner, due date, detection references, status; a conflict is explained', async ({
  page,
  shot,
}) => {
  const errors = watchErrors(page);
  await page.setViewportSize(VIEWPORT);
  await apiSignIn(page, admin);
  await page.goto(`/missions/${seed.q1}?tab=findings`);
  await page.getByTestId('finding-open').first().click();
  const editor = page.getByTestId('finding-editor');
  await expect(editor).toBeVisible();
  await choose(page, editor.getByTestId('finding-severity-select'), 'Critical');
  await choose(page, editor.getByTestId('finding-status-select'), 'In progress');
  await editor
    .getByTestId('finding-recommendation')
    .fill(
      'Deploy the **Sigma** rule below to the SIEM and alert on `schtasks /create` with encoded payloads.',
    );
  await editor
    .getByTestId('finding-sigma')
    .fill(
      'title: Obfuscated scheduled task\nlogsource: { product: windows, category: process_creation }\ndetection:\n  sel: { Image|endswith: schtasks.exe, CommandLine|contains: "-enc" }\n  condition: sel',
    );
  await editor.getByTestId('finding-siem').fill('index=edr process=schtasks.exe "-enc"');
  await editor.getByTestId('finding-ticket').fill('https://tracker.initech.example/SEC-481');
  await editor.getByTestId('finding-owner-kind').getByText('Client staff').click();
  await editor.getByTestId('finding-owner-name').fill('Initech SOC (Dana Ruiz)');
  await editor.getByTestId('finding-due').fill('2026-03-31');
  await editor.getByTestId('finding-recommendation-mode').getByText('Preview').click();
  await expect(editor.getByTestId('finding-recommendation-preview').locator('strong')).toHaveText(
    'Sigma',
  );
  await shot(page, 'findings-editor');
  await expectAccessible(page, 'the finding editor');

  // A second lead saves meanwhile: the save is refused and explained.
  const [f1] = await findingsOf(page.request, seed.q1);
  await editFindingElsewhere(page.request, f1!.id, { title: 'Renamed by another lead' });
  await editor.getByTestId('finding-save').click();
  await expect(editor.getByTestId('finding-conflict')).toContainText(
    'Someone else saved this finding',
  );
  await shot(page, 'findings-conflict');
  await editor.getByTestId('finding-conflict-overwrite').click();
  await expect(editor).toBeHidden();

  const row = page.getByTestId('finding-row').first();
  await expect(row.getByTestId('finding-status')).toHaveAttribute('data-status', 'in_progress');
  await expect(row.getByTestId('finding-severity')).toHaveAttribute('data-severity', 'critical');
  await expect(row).toContainText('Initech SOC (Dana Ruiz)');

  // Risk accepted needs a reason.
  await page.getByTestId('finding-open').nth(1).click();
  await choose(page, editor.getByTestId('finding-status-select'), 'Risk accepted');
  await editor.getByTestId('finding-save').click();
  await expect(editor.getByTestId('finding-status-reason')).toHaveAttribute('aria-invalid', 'true');
  await editor.getByRole('button', { name: 'Cancel' }).click();

  // Exports of the findings.
  await page.getByTestId('findings-export').click();
  const download = page.waitForEvent('download');
  await page.getByTestId('findings-export-csv').click();
  const csv = (await readFile(await (await download).path())).toString('utf8');
  expect(csv.split('\r\n')[0]).toContain('finding_id');
  expect(csv).toContain('Initech SOC (Dana Ruiz)');

  // The plan marks the tests behind findings.
  await page.getByTestId('tab-plan').click();
  await expect(page.getByTestId('test-finding-badge')).toHaveCount(2);
  // …and so does the test page.
  await page
    .getByTestId('plan-test')
    .filter({ has: page.getByTestId('test-finding-badge') })
    .first()
    .getByTestId('plan-test-link')
    .click();
  await expect(page.getByTestId('execution-header').getByTestId('test-finding-badge')).toHaveText(
    /F-\d/,
  );
  expect(expected(errors)).toEqual([]);
});

test('retest the findings, review the retest: the findings close and the compare page shows it', async ({
  page,
  shot,
}) => {
  // A retest mission, four reviews through the API and the compare page.
  test.setTimeout(90_000);
  const errors = watchErrors(page);
  await page.setViewportSize(VIEWPORT);
  await apiSignIn(page, admin);
  await page.goto(`/missions/${seed.q1}?tab=findings`);
  await page.getByTestId('findings-select-all').check();
  await page.getByTestId('findings-retest').click();
  const dialog = page.getByTestId('retest-dialog');
  await expect(dialog).toContainText('re-runs the 2 tests');
  await shot(page, 'findings-retest-dialog');
  await dialog.getByTestId('retest-create').click();
  await page.waitForURL(/\/missions\/[0-9a-f-]{36}\?tab=plan$/);
  const retestId = new URL(page.url()).pathname.split('/')[2]!;
  expect(retestId).not.toBe(seed.q1);
  await expect(page.getByTestId('mission-retest-of')).toBeVisible();
  await expect(page.getByTestId('plan-test')).toHaveCount(2);
  await expect(page.getByTestId('test-finding-badge')).toHaveCount(2);

  // Red and blue run the retest (API): every test prevented now.
  expect(await reviewAllPrevented(page.request, retestId)).toBe(2);

  await page.goto(`/missions/${seed.q1}?tab=findings`);
  const rows = page.getByTestId('finding-row');
  await expect(rows.getByTestId('finding-status')).toHaveText([
    'Closed: retest passed',
    'Closed: retest passed',
  ]);
  // The original lists its retest, with the way to before / after.
  const retests = page.getByTestId('retests');
  await expect(retests).toContainText('Retested in 1 mission');
  await expect(retests.getByTestId('retest-mission')).toHaveCount(1);
  await expect(retests.getByRole('link', { name: 'Before / after' })).toHaveAttribute(
    'href',
    `/missions/${seed.q1}/compare/${retestId}`,
  );
  await shot(page, 'findings-closed');
  await expectAccessible(page, 'the findings tab with its retest');

  await page.goto(`/missions/${retestId}?tab=findings`);
  await expect(page.getByTestId('retest-banner')).toBeVisible();
  await page.getByTestId('compare-original').click();
  await expect(page.getByTestId('compare-page')).toBeVisible();
  await expect(page.getByTestId('compare-rate-before')).toHaveText('0 %');
  await expect(page.getByTestId('compare-rate-after')).toHaveText('100 %');
  await expect(page.getByTestId('compare-findings-closed')).toHaveText('2 of 2');
  // The retested tests; the two Q1 tests without a finding were not retested.
  await expect(page.getByTestId('compare-test')).toHaveCount(2);
  await expect(page.locator('[data-testid="compare-test"][data-change="improved"]')).toHaveCount(2);
  await expect(page.getByTestId('compare-tactic').first()).toBeVisible();
  await shot(page, 'findings-compare');
  await expectAccessible(page, 'the compare page');
  await page.getByTestId('compare-show-dropped').check();
  await expect(page.locator('[data-testid="compare-test"][data-change="dropped"]')).toHaveCount(2);
  expect(expected(errors)).toEqual([]);
});
