import { existsSync } from 'node:fs';
import path from 'node:path';
import { apiSignIn, prepareAdmin, type Credentials } from '../auth-helpers.js';
import { expect, test } from '../fixtures.js';
import { REPO_ROOT } from '../paths.js';

/** The real Enterprise bundle from the shared data (not in the repository). */
const sharedData = process.env.METAMORPH_SHARED_DATA ?? path.resolve(REPO_ROOT, '../shared/data');
const BUNDLE = path.join(sharedData, 'attack/enterprise-attack.json');
const present = existsSync(BUNDLE);
if (!present) console.log(`[e2e] attack-enterprise: skipped, ${BUNDLE} is absent`);

let admin: Credentials;

test.beforeAll(async ({ resetServer }) => {
  if (!present) return;
  await resetServer();
  admin = await prepareAdmin();
});

test('the real Enterprise release: upload, browse the full matrix, read a technique', async ({
  page,
  pageErrors,
  shot,
}) => {
  test.skip(!present, `${BUNDLE} is absent`);
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1600, height: 1000 });
  await apiSignIn(page, admin);

  await page.goto('/admin/attack');
  await page.getByTestId('sync-upload').locator('input[type="file"]').setInputFiles(BUNDLE);
  await page.getByTestId('sync-upload-submit').click();
  await expect(page.getByTestId('sync-progress')).toBeVisible({ timeout: 30_000 });
  await shot(page, 'attack-sync-progress');
  await expect(page.getByTestId('sync-done')).toBeVisible({ timeout: 120_000 });
  await shot(page, 'attack-sync-enterprise');

  await page.goto('/attack');
  await expect(page.getByTestId('matrix-tactic')).toHaveCount(14);
  await expect(page.getByTestId('matrix-release')).toContainText('216 techniques');
  await expect(page.getByTestId('matrix-release')).toContainText('475 sub-techniques');
  await page.waitForLoadState('networkidle');
  await shot(page, 'attack-matrix-enterprise');

  await page.getByTestId('matrix-search').fill('powershell');
  await expect(page.getByTestId('matrix-match-count')).toBeVisible();
  await shot(page, 'attack-matrix-enterprise-search');

  // Through the search (a deep link to a sub-technique id with a dot is refused by the
  // server's SPA fallback, see the report).
  await page.getByTestId('matrix-search').fill('T1059.001');
  // Enter opens the single match once the (debounced) search has found it.
  await expect(page.getByTestId('matrix-match-count')).toHaveText(/^1 match/);
  await page.getByTestId('matrix-search').press('Enter');
  await expect(page.getByTestId('technique-page')).toHaveAttribute('data-technique', 'T1059.001');
  await expect(page.getByTestId('technique-description')).not.toContainText('(Citation:');
  await expect(page.getByTestId('citation-list')).toBeVisible();
  await page.waitForLoadState('networkidle');
  await shot(page, 'attack-technique-enterprise');

  await page.goto('/attack/groups/G0007');
  await expect(page.getByTestId('group-technique-row').first()).toBeVisible();
  await page.getByTestId('group-techniques-filter').fill('T1566');
  await expect(
    page.locator('[data-testid="group-technique-row"][data-technique="T1566.001"]'),
  ).toBeVisible();
  await page.getByTestId('group-techniques-filter').fill('');
  await page.waitForLoadState('networkidle');
  await shot(page, 'attack-group-enterprise');
  expect(pageErrors).toEqual([]);
});
