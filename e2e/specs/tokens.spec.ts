import { expectAccessible } from '../a11y.js';
import { apiSignIn, prepareAdmin, type Credentials } from '../auth-helpers.js';
import { expect, test } from '../fixtures.js';

let admin: Credentials;

test.beforeAll(async ({ resetServer }) => {
  await resetServer();
  admin = await prepareAdmin();
});

test('a token created on the account page calls the API until it is revoked', async ({
  page,
  playwright,
  baseURL,
  pageErrors,
  shot,
}) => {
  await apiSignIn(page, admin);
  await page.goto('/account');
  await expect(page.getByTestId('account-page')).toBeVisible();
  await expect(page.getByTestId('tokens-empty')).toBeVisible();
  await expect(page.locator('[data-testid="session-row"][data-current="true"]')).toHaveCount(1);
  await page.waitForLoadState('networkidle');
  await shot(page, 'account-page');
  await expectAccessible(page, 'the account page');

  // Create: name, expiry, scopes (only the user's own permissions are offered).
  await page.getByTestId('create-token').click();
  await page.getByTestId('token-name').fill('SIEM export');
  await page.getByTestId('token-days').fill('30');
  await page.getByTestId('perm-library.read').check();
  await page.getByTestId('perm-audit.read').check();
  await shot(page, 'account-token-create');
  await expectAccessible(page, 'the token dialog');
  await page.getByTestId('token-submit').click();

  await expect(page.getByTestId('token-created')).toBeVisible();
  const secret = (await page.getByTestId('token-secret').textContent())?.trim() ?? '';
  expect(secret.length).toBeGreaterThan(20);
  await shot(page, 'account-token-secret');
  await expectAccessible(page, 'the token secret');
  await page.getByTestId('token-done').click();
  await expect(page.getByTestId('token-secret')).toHaveCount(0);

  const row = page.locator('[data-testid="token-row"][data-token-name="SIEM export"]');
  await expect(row).toContainText('library.read');
  await expect(row.getByTestId('token-status')).toHaveText('Active');

  // The token works on its own, without any cookie.
  const api = await playwright.request.newContext({ baseURL });
  try {
    const bearer = { Authorization: `Bearer ${secret}` };
    const me = await api.get('/api/auth/me', { headers: bearer });
    expect(me.status(), await me.text()).toBe(200);
    const body = (await me.json()) as { email: string; auth: { method: string } };
    expect(body.email).toBe(admin.email);
    expect(body.auth.method).toBe('token');

    await page.reload();
    await expect(row).toContainText(/just now|minute/);
    await shot(page, 'account-token-list');
    await expectAccessible(page, 'the token list');

    // Revoke with confirmation; the token is refused at once.
    await row.getByTestId('revoke-token').click();
    await expect(page.getByTestId('confirm-dialog')).toContainText('SIEM export');
    await page.getByTestId('confirm-button').click();
    await expect(row.getByTestId('token-status')).toHaveText('Revoked');
    await shot(page, 'account-token-revoked');

    const refused = await api.get('/api/auth/me', { headers: bearer });
    expect(refused.status()).toBe(401);
  } finally {
    await api.dispose();
  }
  expect(pageErrors).toEqual([]);
});
