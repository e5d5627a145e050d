import { expectAccessible } from '../a11y.js';
import {
  apiSignIn,
  completePasswordChange,
  prepareAdmin,
  signIn,
  signOut,
  strongPassword,
  unexpectedErrors,
  type Credentials,
} from '../auth-helpers.js';
import { expect, test } from '../fixtures.js';

let admin: Credentials;

test.beforeAll(async ({ resetServer }) => {
  await resetServer();
  admin = await prepareAdmin();
});

test('an admin creates a user who signs in with the one-time password and must change it', async ({
  page,
  pageErrors,
  shot,
}) => {
  await apiSignIn(page, admin);
  await page.goto('/admin/users');
  await expect(page.getByTestId('users-table')).toBeVisible();
  await expect(page.getByTestId('user-row')).toHaveCount(1);

  // Create dialog: email, name, roles.
  await page.getByTestId('create-user').click();
  const email = `red.${Date.now().toString(36)}@example.com`;
  await page.getByTestId('user-email').fill(email);
  await page.getByTestId('user-name').fill('Riley Red');
  await page.getByTestId('user-roles').click();
  await page.getByRole('option', { name: 'Red operator' }).click();
  await page.keyboard.press('Escape');
  await shot(page, 'users-create-dialog');
  await expectAccessible(page, 'the new user dialog');
  await page.getByTestId('user-submit').click();

  // The generated password is shown once.
  await expect(page.getByTestId('user-created')).toBeVisible();
  const initialPassword = (await page.getByTestId('initial-password').textContent())?.trim() ?? '';
  expect(initialPassword.length).toBeGreaterThanOrEqual(12);
  await shot(page, 'users-initial-password');
  await expectAccessible(page, 'the initial password');
  await page.getByTestId('user-created-done').click();

  const row = page.locator(`[data-testid="user-row"][data-email="${email}"]`);
  await expect(row).toBeVisible();
  await expect(row).toContainText('Red operator');
  await expect(row.getByTestId('user-status')).toHaveText('Must change password');

  // Search narrows the table.
  await page.getByTestId('user-search').fill('riley');
  await expect(page.getByTestId('user-row')).toHaveCount(1);
  await shot(page, 'users-list');
  await expectAccessible(page, 'the users list');
  await page.getByTestId('user-search').fill('');
  // Let the debounced search settle: a list request still in flight when the session ends
  // would answer 401.
  await expect(page.getByTestId('user-row')).not.toHaveCount(1);
  await page.waitForLoadState('networkidle');

  // The new user signs in and is made to choose a password.
  await signOut(page);
  await signIn(page, { email, password: initialPassword });
  await completePasswordChange(page, initialPassword, strongPassword('riley'));
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId('user-menu')).toContainText('Riley Red');
  // A red operator has no admin pages in the navigation, and no access to them by URL.
  await expect(page.getByTestId('nav-group-administration')).toHaveCount(0);
  await page.goto('/admin/users');
  await expect(page.getByTestId('no-access')).toBeVisible();
  await shot(page, 'users-red-operator-no-access');
  await expectAccessible(page, 'the no-access page');

  expect(unexpectedErrors(pageErrors)).toEqual([]);
});
