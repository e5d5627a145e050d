import { expectAccessible } from '../a11y.js';
import { API_HEADERS, apiSignIn, prepareAdmin, type Credentials } from '../auth-helpers.js';
import { expect, test } from '../fixtures.js';

let admin: Credentials;

test.beforeAll(async ({ resetServer }) => {
  await resetServer();
  admin = await prepareAdmin();
});

test.beforeEach(async ({ page }) => {
  await apiSignIn(page, admin);
});

test('roles: built-in roles are listed and a custom role is created', async ({
  page,
  pageErrors,
  shot,
}) => {
  await page.goto('/admin/roles');
  const adminRow = page.locator('[data-testid="role-row"][data-role="Admin"]');
  await expect(adminRow).toContainText('Built-in');
  await expect(adminRow.getByTestId('delete-role')).toBeDisabled();
  await page.waitForLoadState('networkidle');
  await shot(page, 'admin-roles');
  await expectAccessible(page, 'the roles page');

  await page.getByTestId('create-role').click();
  await page.getByTestId('role-name').fill('Detection engineer');
  await page.getByTestId('role-description').fill('Reviews blue-side results');
  await page.getByTestId('perm-library.read').check();
  await page.getByTestId('perm-mission.write_blue_fields').check();
  await expect(page.getByTestId('permission-picker')).toContainText(
    'Write blue-side fields of tests',
  );
  await shot(page, 'admin-role-dialog');
  await expectAccessible(page, 'the role dialog');
  await page.getByTestId('role-submit').click();

  const custom = page.locator('[data-testid="role-row"][data-role="Detection engineer"]');
  await expect(custom).toContainText('Custom');
  await expect(custom).toContainText('mission.write_blue_fields');
  expect(pageErrors).toEqual([]);
});

test('settings: values are validated against the schema and saved', async ({
  page,
  pageErrors,
  shot,
}) => {
  await page.goto('/admin/settings');
  const lockout = page.getByTestId('setting-login.lockout_minutes');
  await expect(lockout).toHaveValue('15');
  await page.waitForLoadState('networkidle');
  await shot(page, 'admin-settings');
  await expectAccessible(page, 'the settings page');

  const failures = page.getByTestId('setting-login.max_failures');
  await failures.fill('2');
  await expect(page.getByText('At least 3')).toBeVisible();
  await expect(page.getByTestId('settings-save')).toBeDisabled();
  await shot(page, 'admin-settings-invalid');
  await expectAccessible(page, 'the settings with an error');

  await failures.fill('6');
  await lockout.fill('30');
  await expect(page.getByTestId('settings-dirty')).toHaveText('2 unsaved changes');
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('settings-dirty')).toHaveText('No unsaved changes');
  await page.reload();
  await expect(page.getByTestId('setting-login.lockout_minutes')).toHaveValue('30');
  expect(pageErrors).toEqual([]);
});

test('audit log: sign-ins are listed, a diff expands and the chain verifies', async ({
  page,
  pageErrors,
  shot,
}) => {
  // A change with a before/after to look at (independent of the settings test).
  const patch = await page.request.patch('/api/settings', {
    data: { 'login.max_failures_per_ip': 60 },
    headers: API_HEADERS,
  });
  expect(patch.status(), await patch.text()).toBe(200);

  await page.goto('/admin/audit');
  await expect(page.getByTestId('audit-table')).toBeVisible();
  await expect(
    page.locator('[data-testid="audit-row"][data-action="auth.login_succeeded"]').first(),
  ).toBeVisible();
  await page.waitForLoadState('networkidle');
  await shot(page, 'admin-audit');
  await expectAccessible(page, 'the audit log');

  // Filter by action (kept in the URL).
  await page.getByTestId('audit-filter-action').click();
  await page.getByRole('option', { name: 'auth.password_changed' }).click();
  await page.getByTestId('audit-apply').click();
  await expect(page).toHaveURL(/action=auth.password_changed/);
  await expect(page.getByTestId('audit-row')).toHaveCount(1);

  // Settings changes carry before/after: expand one.
  await page.goto('/admin/audit?action=settings.updated');
  const row = page.getByTestId('audit-row').first();
  await expect(row).toBeVisible();
  await row.getByTestId('audit-expand').click();
  const diff = page.getByTestId('audit-diff');
  await expect(diff).toBeVisible();
  await expect(
    diff.locator('[data-testid="diff-row"][data-change="changed"]').first(),
  ).toBeVisible();
  await shot(page, 'admin-audit-diff');
  await expectAccessible(page, 'an audit event diff');

  await page.getByTestId('audit-verify').click();
  await expect(page.getByTestId('audit-verify-result')).toHaveAttribute('data-ok', 'true');
  await shot(page, 'admin-audit-verified');
  expect(pageErrors).toEqual([]);
});
