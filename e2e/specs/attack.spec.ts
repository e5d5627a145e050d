import path from 'node:path';
import type { Page } from '@playwright/test';
import { expectAccessible } from '../a11y.js';
import { apiSignIn, prepareAdmin, type Credentials } from '../auth-helpers.js';
import { expect, test } from '../fixtures.js';
import { REPO_ROOT } from '../paths.js';

const FIXTURES = path.join(REPO_ROOT, 'apps/server/test/fixtures/attack');
const IMPORT_TIMEOUT = 60_000;

let admin: Credentials;

// One catalog, built up step by step: nothing → release 1.0 → release 2.0.
test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ resetServer }) => {
  await resetServer();
  admin = await prepareAdmin();
});

test.beforeEach(async ({ page }) => {
  await apiSignIn(page, admin);
});

/** Uploads a fixture bundle on the sync page and waits for the import job to succeed. */
async function importFixture(page: Page, file: string, version: string): Promise<void> {
  await page.goto('/admin/attack');
  await expect(page.getByTestId('attack-sync-page')).toBeVisible();
  await page
    .getByTestId('sync-upload')
    .locator('input[type="file"]')
    .setInputFiles(path.join(FIXTURES, file));
  await page.getByTestId('sync-upload-submit').click();
  await expect(page).toHaveURL(/[?&]job=/);
  const done = page.getByTestId('sync-done');
  await expect(done).toBeVisible({ timeout: IMPORT_TIMEOUT });
  await expect(done).toHaveAttribute('data-version', version);
  await expect(page.getByTestId('sync-job-status')).toHaveText('succeeded');
}

test('before any import the matrix points admins to the import page', async ({
  page,
  pageErrors,
}) => {
  await page.goto('/');
  await page.getByTestId('nav').getByRole('link', { name: 'Matrix' }).click();
  await expect(page.getByTestId('matrix-empty')).toBeVisible();
  await page.getByTestId('matrix-go-sync').click();
  await expect(page.getByTestId('attack-sync-page')).toBeVisible();
  // The admin holds admin.settings: the URL comes prefilled from the setting.
  await expect(page.getByTestId('sync-url-input')).toHaveValue(/^https:\/\//);
  expect(pageErrors).toEqual([]);
});

test('import a bundle through the upload, find a technique in the matrix, open it', async ({
  page,
  pageErrors,
  shot,
}) => {
  await importFixture(page, 'mini-enterprise.json', '1.0');
  await expect(page.getByTestId('sync-done')).toContainText('Imported Enterprise ATT&CK v1.0');
  await expect(page.getByTestId('release-row')).toHaveCount(1);
  await shot(page, 'attack-sync');
  await expectAccessible(page, 'the ATT&CK sync page');

  await page.getByTestId('sync-open-matrix').click();
  await expect(page.getByTestId('matrix-page')).toBeVisible();
  const tactics = page.getByTestId('matrix-tactic');
  await expect(tactics).toHaveCount(3);
  // Matrix order comes from the matrix's tactic_refs, not from the bundle's object order.
  expect(await tactics.evaluateAll((els) => els.map((e) => e.getAttribute('data-tactic')))).toEqual(
    ['initial-access', 'execution', 'defense-evasion'],
  );
  // Revoked and deprecated techniques are hidden until asked for.
  await expect(page.locator('[data-testid="matrix-cell"][data-technique="T1500"]')).toHaveCount(0);
  await page.getByTestId('matrix-expand-all').click();
  await expect(page.getByTestId('matrix-subtechnique')).toHaveCount(3);
  await page.getByTestId('matrix-deprecated').click();
  await expect(
    page.locator('[data-testid="matrix-cell"][data-technique="T1064"][data-deprecated]'),
  ).toBeVisible();
  await shot(page, 'attack-matrix');
  await expectAccessible(page, 'the ATT&CK matrix');

  // Search by id: the sub-technique's parent opens and the match is highlighted.
  await page.getByTestId('matrix-collapse-all').click();
  await page.getByTestId('matrix-search').fill('T1059.001');
  await expect(page.getByTestId('matrix-match-count')).toHaveText(/^1 match/);
  const match = page.locator('[data-testid="matrix-subtechnique"][data-technique="T1059.001"]');
  await expect(match).toHaveAttribute('data-match', 'true');
  await expect(page.locator('[data-testid="matrix-cell"][data-dimmed]').first()).toBeVisible();
  await expect(page).toHaveURL(/q=T1059.001/);
  await shot(page, 'attack-matrix-search');
  await page.getByTestId('matrix-search').press('Enter');

  const technique = page.getByTestId('technique-page');
  await expect(technique).toHaveAttribute('data-technique', 'T1059.001');
  await expect(page.getByTestId('technique-id')).toHaveText('T1059.001');
  await expect(page.getByTestId('badge-subtechnique')).toContainText('T1059');
  await expect(page.getByTestId('technique-facts')).toContainText('Windows');
  await expect(page.getByTestId('technique-facts')).toContainText('Execution');
  await expect(page.getByTestId('technique-description')).not.toContainText('(Citation:');
  await expect(page.getByTestId('mitre-link')).toHaveAttribute(
    'href',
    /^https:\/\/attack\.mitre\.org\/techniques\/T1059\/001/,
  );
  const usedBy = page.getByTestId('technique-used-by');
  await expect(usedBy).toContainText('APT28');
  await page.waitForLoadState('networkidle');
  await shot(page, 'attack-technique');
  await expectAccessible(page, 'a technique page');

  await usedBy.getByRole('link', { name: /APT28/ }).click();
  await expect(page.getByTestId('group-page')).toHaveAttribute('data-group', 'G0007');
  await expect(page.getByTestId('group-aliases')).toContainText('Fancy Bear');
  await expect(
    page.locator('[data-testid="group-technique-row"][data-technique="T1566.001"]'),
  ).toBeVisible();
  await expect(page.getByTestId('group-software')).toContainText('CHOPSTICK');
  await page.waitForLoadState('networkidle');
  await shot(page, 'attack-group');
  await expectAccessible(page, 'a group page');

  // The groups list searches by alias.
  await page.goto('/attack/groups');
  await page.getByTestId('groups-search').fill('fancy');
  await expect(page.getByTestId('group-row')).toHaveCount(1);
  await expect(page.getByTestId('group-row')).toContainText('APT28');

  // A revoked technique links to what replaced it.
  await page.goto('/attack/techniques/T1500');
  await expect(page.getByTestId('badge-revoked')).toContainText('T1027.004');
  await page.getByTestId('badge-revoked').getByRole('link', { name: 'T1027.004' }).click();
  await expect(page.getByTestId('technique-page')).toHaveAttribute('data-technique', 'T1027.004');
  expect(pageErrors).toEqual([]);
});

test('import a newer release and read the diff on the releases page', async ({
  page,
  pageErrors,
  shot,
}) => {
  await importFixture(page, 'mini-enterprise-v2.json', '2.0');
  await expect(page.getByTestId('release-row')).toHaveCount(2);

  await page.getByTestId('nav').getByRole('link', { name: 'Releases' }).click();
  await expect(page.getByTestId('releases-page')).toBeVisible();
  await expect(page.locator('[data-testid="release-row"][data-current="true"]')).toHaveAttribute(
    'data-version',
    '2.0',
  );
  const diff = page.getByTestId('release-diff');
  await expect(diff).toBeVisible();
  await expect(page.getByTestId('diff-tab-added')).toContainText('1');
  await expect(page.getByTestId('diff-panel-added')).toContainText('T1566.002');

  await page.getByTestId('diff-tab-changed').click();
  const changed = page.getByTestId('diff-panel-changed');
  const renamed = changed.locator('[data-testid="diff-row"][data-technique="T1566.001"]');
  await expect(renamed.getByTestId('diff-name')).toContainText('Spearphishing Attachment File');
  const retactic = changed.locator('[data-testid="diff-row"][data-technique="T1027"]');
  await expect(retactic.getByTestId('diff-tactics')).toContainText('+ execution');
  await page.waitForLoadState('networkidle');
  await shot(page, 'attack-releases-diff');
  await expectAccessible(page, 'the release diff');

  await page.getByTestId('diff-tab-deprecated').click();
  await expect(page.getByTestId('diff-panel-deprecated')).toContainText('T1204');
  await page.getByTestId('diff-tab-revoked').click();
  const revoked = page.getByTestId('diff-panel-revoked');
  await expect(revoked.locator('[data-testid="diff-row"][data-technique="T1105"]')).toContainText(
    'T1059',
  );
  await shot(page, 'attack-releases-revoked');
  expect(pageErrors).toEqual([]);
});
