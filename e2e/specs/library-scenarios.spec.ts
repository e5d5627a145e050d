import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expectAccessible } from '../a11y.js';
import { apiSignIn, prepareAdmin, type Credentials } from '../auth-helpers.js';
import { expect, test } from '../fixtures.js';
import { REPO_ROOT } from '../paths.js';
import { createTemplate } from '../library-helpers.js';
import { importAttack } from '../mission-helpers.js';

const ATOMICS_DIR = path.join(REPO_ROOT, 'apps/server/test/fixtures/atomics');

const ALPHA = {
  name: 'Alpha: PowerShell discovery',
  attack_ids: ['T1059.001'],
  platforms: ['Windows'],
  executor: { name: 'powershell', command: 'Get-Process' },
};
const BRAVO = {
  name: 'Bravo: ingress tool transfer',
  attack_ids: ['T1105'],
  platforms: ['Linux'],
  executor: { name: 'bash', command: 'curl -o /tmp/tool https://example.org/tool' },
};
const CHARLIE = {
  name: 'Charlie: spearphishing attachment',
  attack_ids: ['T1566.001'],
  platforms: ['Windows'],
};

let admin: Credentials;

test.describe.configure({ mode: 'serial' });
// Tall enough that the full-page screenshots need no scrolling (the shell's header is fixed).
test.use({ viewport: { width: 1280, height: 1100 } });

/** The names of the rows, in order. */
async function names(rows: Locator): Promise<string[]> {
  return rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-name') ?? ''));
}

/** Drags row `from`'s handle onto row `to` with the mouse (pointer events, in steps). */
async function dragRow(page: Page, rows: Locator, from: number, to: number): Promise<void> {
  const handle = rows.nth(from).getByTestId('scenario-test-handle');
  const start = await handle.boundingBox();
  const target = await rows.nth(to).boundingBox();
  if (!start || !target) throw new Error('rows are not visible');
  const x = start.x + start.width / 2;
  const y = start.y + start.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x, y + (to < from ? -8 : 8), { steps: 4 });
  await page.mouse.move(x, target.y + target.height / 2 + (to < from ? -6 : 6), { steps: 20 });
  await page.mouse.up();
}

test.beforeAll(async ({ resetServer, browser }) => {
  await resetServer();
  admin = await prepareAdmin();
  const page = await browser.newPage();
  await apiSignIn(page, admin);
  await importAttack(page.request, 'mini-enterprise.json');
  for (const body of [ALPHA, BRAVO, CHARLIE]) await createTemplate(page.request, body);
  await page.close();
});

test.beforeEach(async ({ page }) => {
  await apiSignIn(page, admin);
});

test('import Atomic Red Team files: progress, then the per-file report', async ({
  page,
  pageErrors,
  shot,
}) => {
  await page.goto('/library');
  await expect(page.getByTestId('library-page')).toBeVisible();
  await page.getByTestId('library-io-atomics').click();
  const dialog = page.getByTestId('atomics-dialog');
  await expect(dialog).toBeVisible();
  await dialog
    .locator('input[type="file"]')
    .setInputFiles(
      ['T9001.yaml', 'T9003-mixed.yaml', 'alias-bomb.yaml'].map((f) => path.join(ATOMICS_DIR, f)),
    );
  await expect(page.getByTestId('atomics-files').getByText(/\.yaml$/)).toHaveCount(3);

  // Hold the first poll of the job back a little so the progress shows before the report.
  let held = false;
  await page.route('**/api/jobs/*', async (route) => {
    if (!held) {
      held = true;
      await new Promise((r) => setTimeout(r, 1200));
    }
    await route.continue();
  });
  await page.getByTestId('atomics-upload').click();
  await expect(page.getByTestId('atomics-progress')).toBeVisible();
  const report = page.getByTestId('atomics-report');
  await expect(report).toBeVisible({ timeout: 30_000 });

  const files = page.getByTestId('atomics-file');
  await expect(files).toHaveCount(3);
  // Failed files first, with their reason shown.
  await expect(files.first()).toHaveAttribute('data-status', 'failed');
  await expect(files.first()).toHaveAttribute('data-file', 'alias-bomb.yaml');
  await expect(files.first().getByTestId('atomics-file-errors')).toBeVisible();
  // The mixed file: good tests imported, bad ones counted with why.
  const mixed = page.locator('[data-testid="atomics-file"][data-file="T9003-mixed.yaml"]');
  await expect(mixed).toHaveAttribute('data-status', 'imported');
  await mixed.getByTestId('atomics-file-toggle').click();
  await expect(mixed.getByTestId('atomics-file-errors')).toBeVisible();
  // T9001 is unknown to the mini catalog: imported and flagged.
  const normal = page.locator('[data-testid="atomics-file"][data-file="T9001.yaml"]');
  await expect(normal).toHaveAttribute('data-status', 'imported');
  await normal.getByTestId('atomics-file-toggle').click();
  await expect(normal.getByTestId('atomics-file-unknown')).toContainText('T9001');
  await expect(page.getByTestId('atomics-totals')).toContainText('failed');
  await page.waitForTimeout(300);
  await shot(page, 'library-atomics-report');
  await expectAccessible(page, 'the Atomic import report');

  await page.getByTestId('atomics-close').click();
  await expect(page.getByTestId('library-table')).toContainText('Good test');
  expect(pageErrors).toEqual([]);
});

test('create a scenario, reorder its tests by drag and by buttons; the order persists', async ({
  page,
  pageErrors,
  shot,
}) => {
  await page.goto('/library');
  await page.getByTestId('library-tabs').getByRole('tab', { name: 'Scenarios' }).click();
  await expect(page.getByTestId('scenarios-page')).toBeVisible();
  await expect(page.getByTestId('scenarios-empty')).toBeVisible();
  await page.getByTestId('scenarios-new').click();

  await expect(page.getByTestId('scenario-editor')).toBeVisible();
  await page.getByTestId('scenario-editor-name').fill('Initial access to execution');
  await page.getByTestId('scenario-editor-description').fill('Phish, land, **run**.');
  await page.getByTestId('scenario-editor-tags').fill('kill-chain');
  await page.getByTestId('scenario-editor-tags').press('Enter');
  for (const t of [ALPHA, BRAVO, CHARLIE]) {
    await page.getByTestId('scenario-picker-search').fill(t.name.split(':')[0] ?? t.name);
    const hit = page.locator(`[data-testid="scenario-picker-row"][data-name="${t.name}"]`);
    await hit.getByTestId('scenario-picker-add').click();
    await expect(hit.getByTestId('scenario-picker-add')).toBeDisabled();
  }
  const rows = page.getByTestId('scenario-editor-test');
  await expect.poll(() => names(rows)).toEqual([ALPHA.name, BRAVO.name, CHARLIE.name]);

  // Drag Charlie (phishing) to the top: initial access first.
  await dragRow(page, rows, 2, 0);
  await expect.poll(() => names(rows)).toEqual([CHARLIE.name, ALPHA.name, BRAVO.name]);
  // The keyboard-usable buttons: Bravo up one step.
  await rows.nth(2).getByTestId('scenario-test-up').click();
  await expect.poll(() => names(rows)).toEqual([CHARLIE.name, BRAVO.name, ALPHA.name]);
  await page.getByTestId('scenario-picker-search').fill('');
  // 3 manual templates and the 4 imported from Atomic Red Team.
  await expect(page.getByTestId('scenario-picker-row')).toHaveCount(7);
  await page.mouse.move(0, 0);
  await shot(page, 'library-scenario-editor');
  await expectAccessible(page, 'the scenario editor');

  await page.getByTestId('scenario-editor-save').click();
  const view = page.getByTestId('scenario-page');
  await expect(view).toHaveAttribute('data-version', '1');
  const steps = page.getByTestId('scenario-test');
  await expect(steps).toHaveCount(3);
  await expect.poll(() => names(steps)).toEqual([CHARLIE.name, BRAVO.name, ALPHA.name]);
  await expect(page.getByTestId('scenario-description').locator('strong')).toHaveText('run');

  // Edit: move Alpha up with the button and Charlie down by drag, save, reload.
  await page.getByTestId('scenario-edit').click();
  await expect(page.getByTestId('scenario-editor')).toHaveAttribute('data-version', '1');
  await rows.nth(2).getByTestId('scenario-test-up').click();
  await expect.poll(() => names(rows)).toEqual([CHARLIE.name, ALPHA.name, BRAVO.name]);
  await dragRow(page, rows, 0, 2);
  await expect.poll(() => names(rows)).toEqual([ALPHA.name, BRAVO.name, CHARLIE.name]);
  await page.getByTestId('scenario-editor-save').click();
  await expect(view).toHaveAttribute('data-version', '2');
  await page.reload();
  await expect(steps).toHaveCount(3);
  await expect.poll(() => names(steps)).toEqual([ALPHA.name, BRAVO.name, CHARLIE.name]);
  await page.waitForLoadState('networkidle');
  await shot(page, 'library-scenario-view');
  await expectAccessible(page, 'a scenario');

  await page.goto('/library/scenarios');
  const row = page.locator('[data-testid="scenario-row"][data-name="Initial access to execution"]');
  await expect(row.getByTestId('scenario-row-count')).toHaveText('3');
  await shot(page, 'library-scenarios-list');
  await expectAccessible(page, 'the scenarios list');
  expect(pageErrors).toEqual([]);
});

test('create a scenario from a threat group with the wizard', async ({
  page,
  pageErrors,
  shot,
}) => {
  await page.goto('/library/scenarios');
  await page.getByTestId('scenarios-from-group').click();
  await expect(page.getByTestId('from-group-page')).toBeVisible();
  await page.getByTestId('from-group-search').fill('APT28');
  await page.locator('[data-testid="from-group-group"][data-group="G0007"]').click();

  const preview = page.getByTestId('from-group-preview');
  await expect(preview).toHaveAttribute('data-group', 'G0007');
  const techniques = page.getByTestId('from-group-technique');
  await expect(techniques.first()).toBeVisible();
  expect(await techniques.count()).toBeGreaterThan(0);
  await page.waitForLoadState('networkidle');
  await shot(page, 'library-from-group-preview');

  await page.getByTestId('from-group-next').click();
  await expect(page.getByTestId('from-group-name')).toHaveValue('APT28 (G0007) emulation');
  await page.getByTestId('from-group-submit').click();
  await expect(page.getByTestId('scenario-page')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'APT28 (G0007) emulation' })).toBeVisible();
  await expect(page.getByTestId('scenario-test').first()).toBeVisible();
  expect(pageErrors).toEqual([]);
});

test('export the library document and import it again: nothing changes', async ({
  page,
  pageErrors,
}, testInfo) => {
  await page.goto('/library');
  await page.getByTestId('library-io-document').click();
  const dialog = page.getByTestId('library-document-dialog');
  await expect(dialog).toBeVisible();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('library-export').click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^metamorph-library-\d{4}-\d{2}-\d{2}\.json$/);
  const saved = testInfo.outputPath('library.json');
  await download.saveAs(saved);
  const doc = JSON.parse(await readFile(saved, 'utf8')) as {
    tests: unknown[];
    scenarios: unknown[];
  };
  expect(doc.tests.length).toBeGreaterThanOrEqual(3);
  expect(doc.scenarios.length).toBeGreaterThanOrEqual(2);

  await dialog.locator('input[type="file"]').setInputFiles(saved);
  const result = page.getByTestId('library-import-result');
  await expect(result).toContainText('already had all of it');
  await expect(page.getByTestId('library-import-tests')).toContainText('0 created');
  await expect(page.getByTestId('library-import-tests')).toContainText('0 updated');
  await expect(page.getByTestId('library-import-scenarios')).toContainText('0 created');
  await expect(page.getByTestId('library-import-scenarios')).toContainText('0 updated');
  expect(pageErrors).toEqual([]);
});

test('a newer ATT&CK release lists the affected templates and remaps a revoked tag', async ({
  page,
  pageErrors,
  shot,
}) => {
  await importAttack(page.request, 'mini-enterprise-v2.json');
  await page.goto('/attack/releases');
  await expect(page.getByTestId('release-diff')).toBeVisible();
  const impacts = page.getByTestId('library-impacts');
  const bravo = impacts.getByTestId('library-impact').filter({ hasText: BRAVO.name });
  await expect(bravo).toContainText('T1105');
  await expect(bravo).toContainText('revoked');
  await page.getByTestId('diff-tab-revoked').click();
  await page.waitForLoadState('networkidle');
  await shot(page, 'library-release-impacts');
  await expectAccessible(page, 'the release impacts');

  await bravo.getByTestId('library-impact-remap').click();
  await expect(page.getByTestId('confirm-dialog')).toContainText('T1059');
  await page.getByTestId('confirm-button').click();
  await expect(page.getByText(/Moved 1 template from T1105 to T1059/)).toBeVisible();
  await expect(impacts.getByTestId('library-impact').filter({ hasText: BRAVO.name })).toHaveCount(
    0,
  );
  expect(pageErrors).toEqual([]);
});
