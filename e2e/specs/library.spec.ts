import type { Page } from '@playwright/test';
import { expectAccessible } from '../a11y.js';
import { API_HEADERS, apiSignIn, prepareAdmin, type Credentials } from '../auth-helpers.js';
import { expect, test } from '../fixtures.js';
import { COMPILE, CRADLE, UNIX_SHELL, createTemplate, type Template } from '../library-helpers.js';
import { importAttack } from '../mission-helpers.js';

/** The library list (search, technique and facet filters in the URL), a template, delete. */

let admin: Credentials;
let compile: Template;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ resetServer, browser }) => {
  await resetServer();
  admin = await prepareAdmin();
  const page = await browser.newPage();
  await apiSignIn(page, admin);
  await importAttack(page.request, 'mini-enterprise.json');
  await createTemplate(page.request, CRADLE);
  compile = await createTemplate(page.request, COMPILE);
  await createTemplate(page.request, UNIX_SHELL);
  await page.close();
});

test.beforeEach(async ({ page }) => {
  await apiSignIn(page, admin);
});

const rows = (page: Page) => page.getByTestId('library-row');

test('search by technique and filter by a facet; URL keeps the filters', async ({
  page,
  pageErrors,
  shot,
}) => {
  await page.goto('/library');
  await expect(rows(page)).toHaveCount(3);
  // The revoked tag is flagged, with its replacement in the tooltip data.
  const compileRow = page.locator(`[data-testid="library-row"][data-name="${COMPILE.name}"]`);
  await expect(compileRow.getByTestId('flagged-badge')).toBeVisible();
  await expect(compileRow.locator('[data-testid="attack-tag"][data-tag="T1500"]')).toHaveAttribute(
    'data-status',
    'revoked',
  );
  await expect(page.getByTestId('facet-flagged-count')).toHaveText('1');
  await page.waitForLoadState('networkidle');
  await shot(page, 'library-list');
  await expectAccessible(page, 'the library list');

  // A parent technique finds its sub-techniques' templates too.
  await page.getByTestId('library-technique').fill('T1059');
  await expect(rows(page)).toHaveCount(2);
  await expect(page.getByTestId('library-table')).toContainText(CRADLE.name);
  await expect(page.getByTestId('library-table')).toContainText('Unix shell discovery');
  await expect(page).toHaveURL(/technique=T1059/);
  await page.getByTestId('library-clear').click();
  await expect(rows(page)).toHaveCount(3);

  await page.getByTestId('facet-platform').locator('[data-value="Linux"]').click();
  await expect(rows(page)).toHaveCount(2);
  await expect(page).toHaveURL(/platform=Linux/);
  await expect(page.getByTestId('library-table')).not.toContainText(CRADLE.name);
  // The link is shareable: a reload keeps the filter.
  await page.reload();
  await expect(rows(page)).toHaveCount(2);
  await expect(page.getByTestId('facet-platform').locator('[data-active]')).toHaveAttribute(
    'data-value',
    'Linux',
  );

  await page.getByTestId('facet-platform').locator('[data-value="Linux"]').click();
  await page.getByTestId('library-search').fill('cradle');
  await expect(rows(page)).toHaveCount(1);
  await page.getByTestId('library-row-link').click();
  const view = page.getByTestId('template-page');
  await expect(view).toHaveAttribute('data-version', '1');
  await expect(page.getByTestId('executor-command')).toContainText('DownloadString');
  await expect(page.getByTestId('command-placeholder').first()).toHaveText('#{script_url}');
  await expect(page.getByTestId('argument-row')).toHaveCount(1);
  await expect(page.getByTestId('detection-ref').getByRole('link')).toHaveAttribute(
    'href',
    'https://github.com/SigmaHQ/sigma',
  );
  await expect(page.getByTestId('outcome-row')).toHaveCount(2);
  await page.waitForLoadState('networkidle');
  await shot(page, 'library-template');
  await expectAccessible(page, 'a test template');

  await page.getByTestId('template-attack').getByRole('link', { name: 'T1059.001' }).click();
  await expect(page.getByTestId('technique-page')).toHaveAttribute('data-technique', 'T1059.001');
  expect(pageErrors).toEqual([]);
});

test('delete a template after confirming', async ({ page, pageErrors }) => {
  await page.goto(`/library/tests/${compile.id}`);
  await expect(page.getByTestId('template-attack')).toContainText('revoked → T1027.004');
  await page.getByTestId('template-delete').click();
  await expect(page.getByTestId('confirm-dialog')).toContainText(COMPILE.name);
  await page.getByTestId('confirm-button').click();
  await expect(page.getByTestId('library-page')).toBeVisible();
  await expect(rows(page)).toHaveCount(2);
  await expect(page.getByTestId('library-table')).not.toContainText(COMPILE.name);
  const gone = await page.request.get(`/api/library/tests/${compile.id}`, {
    headers: API_HEADERS,
  });
  expect(gone.status()).toBe(404);
  expect(pageErrors).toEqual([]);
});
