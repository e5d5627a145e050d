import { expectAccessible } from '../a11y.js';
import { API_HEADERS, apiSignIn, prepareAdmin, type Credentials } from '../auth-helpers.js';
import { expect, test } from '../fixtures.js';

let admin: Credentials;

test.beforeAll(async ({ resetServer }) => {
  await resetServer();
  admin = await prepareAdmin();
});

test('sessions: end another one, then log out everywhere', async ({
  page,
  playwright,
  baseURL,
  pageErrors,
  shot,
}) => {
  // A second "device": its own cookie jar.
  const other = await playwright.request.newContext({ baseURL, extraHTTPHeaders: API_HEADERS });
  try {
    expect((await other.post('/api/auth/login', { data: admin })).status()).toBe(200);
    expect((await other.get('/api/auth/me')).status()).toBe(200);

    await apiSignIn(page, admin);
    await page.goto('/account');
    const rows = page.getByTestId('session-row');
    await expect(rows.first()).toBeVisible();
    const before = await rows.count();
    expect(before).toBeGreaterThanOrEqual(2);
    await expect(page.locator('[data-testid="session-row"][data-current="true"]')).toHaveCount(1);

    // End one that is not this browser's.
    await page
      .locator('[data-testid="session-row"][data-current="false"]')
      .first()
      .getByRole('button', { name: /End session/ })
      .click();
    await expect(page.getByTestId('confirm-dialog')).toBeVisible();
    await page.getByTestId('confirm-button').click();
    await expect(rows).toHaveCount(before - 1);
    await shot(page, 'account-sessions');
    await expectAccessible(page, 'the sessions list');

    // Log out everywhere: this browser lands on the sign-in page, every other session is gone.
    // (The ended one may have been the other device's: sign it in again to be sure.)
    expect((await other.post('/api/auth/login', { data: admin })).status()).toBe(200);
    expect((await other.get('/api/auth/me')).status()).toBe(200);
    await page.getByTestId('logout-everywhere').click();
    await page.getByTestId('confirm-button').click();
    await expect(page.getByTestId('login-page')).toBeVisible();
    expect((await other.get('/api/auth/me')).status()).toBe(401);
    expect((await page.request.get('/api/auth/me')).status()).toBe(401);
  } finally {
    await other.dispose();
  }
  expect(pageErrors.filter((e) => !/status of 401/.test(e))).toEqual([]);
});
